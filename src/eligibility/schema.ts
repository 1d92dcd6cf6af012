/**
 * Schema of the eligibility rules files, `content/rules/<programme>.yaml` (documented key by key
 * in `content/rules/gmi.yaml`). Objects are strict: a typo in a key is an error, not ignored.
 */
import { z } from 'zod';
import { sourceRefSchema } from '../content/programmes.js';
import { KEY_PATTERN, dateSchema } from '../content/schema.js';

/** The programmes that have a screener; each has exactly one rules file. */
export const SCREENED_PROGRAMMES = ['gmi', 'child_benefit', 'housing_benefit', 'social_electricity_tariff', 'elderly_uninsured_benefit'] as const;
export type ScreenedProgramme = (typeof SCREENED_PROGRAMMES)[number];

export function isScreenedProgramme(value: unknown): value is ScreenedProgramme {
  return typeof value === 'string' && (SCREENED_PROGRAMMES as readonly string[]).includes(value);
}

export const QUESTION_TYPES = ['count', 'money', 'yesno'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const camelName = (what: string) =>
  z.string({ error: `expected ${what}` }).regex(CAMEL, { error: `expected ${what} in camelCase, e.g. "income6m"` });

/** A reason code: lowercase snake_case; its text is `eligibility:reasons.<code>` in every locale. */
const reasonCode = z
  .string({ error: 'expected a reason code' })
  .regex(KEY_PATTERN, { error: 'expected a reason code in lowercase snake_case, e.g. "gmi_income_over_limit"' });

/** A formula (see expression.ts). YAML reads `true` or `409.13` as values: they are formulas too. */
const formula = z
  .union([z.string(), z.number(), z.boolean()], { error: 'expected a formula' })
  .transform((v) => String(v))
  .pipe(z.string().trim().min(1, { error: 'the formula is empty' }));

const notes = z.string({ error: 'expected text' }).optional();

export const questionSchema = z.strictObject({
  /** The answer key (CLI input, slot name) and the name formulas use. */
  key: camelName('an answer key'),
  /** count: whole number ≥ min; money: euro ≥ 0; yesno: true/false. */
  type: z.enum(QUESTION_TYPES, { error: `expected a type: ${QUESTION_TYPES.join(', ')}` }),
  /**
   * true: the result cannot be "likely eligible" without it. false: needed only when the other
   * answers make it matter (the engine finds out; the screener asks only then).
   */
  required: z.boolean({ error: 'expected true or false' }),
  /** Lowest accepted count (default 0). */
  min: z.number().int().min(0).optional(),
  /** Value used when the answer is not given or not known (only for questions that are not required). */
  default: z.union([z.number(), z.boolean()]).optional(),
  /** Formula: the screener asks this question only when it is true (or unknown). */
  ask: formula.optional(),
  /**
   * Buttons the screener shows instead of the plain ones, each giving an answer value; the label
   * is `eligibility:choices.<key>.<choice>`. E.g. residence statuses that mean yes or no.
   */
  choices: z.record(camelName('a choice name'), z.union([z.number(), z.boolean()])).optional(),
  notes,
});
export type QuestionSpec = z.infer<typeof questionSchema>;

const checkSchema = z.union(
  [
    /** Not eligible when the formula is false. */
    z.strictObject({ require: formula, reason: reasonCode, notes }),
    /** "Can't tell yet" when the formula is true: a fact needed to decide is not confirmed. */
    z.strictObject({ unknownIf: formula, reason: reasonCode, notes }),
  ],
  { error: 'expected {require, reason} or {unknownIf, reason}' },
);

/** A plain-words reason shown with a result that is not "likely not eligible", when `when` is true. */
const explainSchema = z.strictObject({ when: formula, reason: reasonCode, notes });

export const rulesSchema = z.strictObject({
  programme: z.enum(SCREENED_PROGRAMMES, { error: `expected a programme: ${SCREENED_PROGRAMMES.join(', ')}` }),
  /** Changes whenever a rule or figure changes: "<effectiveDate>.<n>". */
  rulesVersion: z
    .string({ error: 'expected a version "YYYY-MM-DD.n"' })
    .regex(/^\d{4}-\d{2}-\d{2}\.\d+$/, { error: 'expected a version "YYYY-MM-DD.n", e.g. "2023-12-01.1"' }),
  /** From when the rules and figures apply. */
  effectiveDate: dateSchema,
  /** Month the rules were last checked against the domain reference, "YYYY-MM". */
  lastChecked: z.string({ error: 'expected a month YYYY-MM' }).regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, { error: 'expected a month YYYY-MM' }),
  /** Short citation shown to citizens next to the effective date, e.g. "ΟΠΕΚΑ (opeka.gr)". */
  citation: z.string({ error: 'expected a short citation' }).trim().min(1),
  sources: z.array(sourceRefSchema, { error: 'expected a list of sources' }).min(1, { error: 'list at least one source' }),
  notes,
  /** In the order the screener asks them. */
  questions: z.array(questionSchema, { error: 'expected a list of questions' }).min(1, { error: 'list at least one question' }),
  /** Figures from the domain reference, by name. */
  params: z.record(camelName('a param name'), z.number({ error: 'expected a number' })).default({}),
  /** Named formulas, in order: each may use answers, params and the values above it. */
  values: z.record(camelName('a value name'), formula).default({}),
  checks: z.array(checkSchema, { error: 'expected a list of checks' }).min(1, { error: 'list at least one check' }),
  explain: z.array(explainSchema, { error: 'expected a list' }).default([]),
  /** Formula of the household's guaranteed amount (ΕΕΕ only), € per month. */
  guaranteedAmount: formula.optional(),
  /** Formula of the estimated benefit, € per month; omitted when the programme pays no amount. */
  monthlyAmount: formula.optional(),
});
export type RulesFile = z.infer<typeof rulesSchema>;
