/**
 * Programme content: one YAML file per social programme in `content/programmes/<id>.yaml`
 * (documented key by key in `content/programmes/gmi.yaml`). The bot answers the programme
 * intents of the taxonomy from these files, in the citizen's language.
 *
 * Facts come only from `shared/domain/greek-social-programs.md`. Every localized text must exist
 * in all six dialog languages: a citizen must never get a programme answer in another language.
 * Objects are strict (a typo in a key is an error), and every problem of every file is reported
 * together in one `ContentError`, one line per issue: `content/programmes/gmi.yaml: sections.who.text.fa: …`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkSchema, errorText, readYaml, toPosix } from './yaml-issues.js';
import { z } from 'zod';
import type { Language } from '../bot/core/types.js';
import type { Intent } from '../nlu/intents.js';
import { ContentError, type ContentIssue } from './load.js';
import { KEY_PATTERN, dateSchema, urlSchema } from './schema.js';

/** The programme intents of the taxonomy (SPEC.md), in taxonomy order. Each is answered by exactly one file. */
export const PROGRAMME_INTENTS = [
  'gmi_info', 'gmi_eligibility', 'gmi_documents', 'gmi_apply_help', 'gmi_payment',
  'child_benefit', 'housing_benefit', 'social_electricity_tariff', 'food_aid', 'disability_benefit',
  'elderly_uninsured_benefit', 'home_help', 'healthcare_uninsured', 'unemployment_registration',
  'asylum_support', 'psychosocial_support', 'child_learning_support', 'donations_volunteering',
] as const satisfies readonly Intent[];
export type ProgrammeIntent = (typeof PROGRAMME_INTENTS)[number];

export function isProgrammeIntent(value: string): value is ProgrammeIntent {
  return (PROGRAMME_INTENTS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

const LANGUAGE_NAMES: Record<Language, string> = {
  el: 'Greek',
  en: 'English',
  ar: 'Arabic',
  fa: 'Farsi',
  uk: 'Ukrainian',
  fr: 'French',
};

/** Non-empty text in one language; a missing key reads "missing the Farsi (fa) text". */
function textIn(lang: Language) {
  const what = `the ${LANGUAGE_NAMES[lang]} (${lang}) text`;
  return z
    .string({ error: (iss) => (iss.input === undefined ? `missing ${what}` : `expected ${what} as a string`) })
    .trim()
    .min(1, { error: `${what} must not be empty` });
}

/** Text in all six dialog languages (LANGUAGES), none empty. */
export const localized6Schema = z.strictObject(
  {
    el: textIn('el'),
    en: textIn('en'),
    ar: textIn('ar'),
    fa: textIn('fa'),
    uk: textIn('uk'),
    fr: textIn('fr'),
  } satisfies Record<Language, z.ZodType<string>>,
  { error: (iss) => (iss.input === undefined ? 'required' : 'expected texts by language: el, en, ar, fa, uk, fr') },
);
export type Localized6 = z.infer<typeof localized6Schema>;

/** `unconfirmed: true` = depends on the local centre or municipality; the text itself says "ask the centre". */
const unconfirmed = z.boolean({ error: 'expected true or false' }).optional();
/** Internal note for maintainers (where a fact came from, what was left out and why). Never shown to citizens. */
const notes = z.string({ error: 'expected text' }).optional();

const nonEmpty = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? 'required' : `expected ${what}`) }).trim().min(1, {
    error: `${what} must not be empty`,
  });

export const sourceRefSchema = z
  .strictObject({
    title: nonEmpty('a title'),
    /** An official page (http/https). */
    url: urlSchema.optional(),
    /** Where it was published when there is no official page: a law, a ΦΕΚ, a news site and date. */
    publication: nonEmpty('a publication').optional(),
    notes,
  })
  .refine((s) => s.url !== undefined || s.publication !== undefined, {
    error: 'a source needs a url or a publication',
  });
export type SourceRef = z.infer<typeof sourceRefSchema>;

export const linkSchema = z.strictObject({
  title: localized6Schema,
  url: urlSchema,
  notes,
});
export type ProgrammeLink = z.infer<typeof linkSchema>;

export const textSectionSchema = z.strictObject({ text: localized6Schema, unconfirmed, notes });
export type TextSection = z.infer<typeof textSectionSchema>;

export const amountsSectionSchema = z.strictObject({
  text: localized6Schema,
  /** The euro figures the text states, for checks and calculators; the key says what (and per what). */
  figures: z
    .record(
      z.string().regex(/^[a-z][A-Za-z0-9]*$/, { error: 'expected a camelCase figure name, e.g. "firstAdult"' }),
      z.number({ error: 'expected an amount in euros' }).positive({ error: 'expected a positive amount' }),
    )
    .optional(),
  unconfirmed,
  notes,
});
export type AmountsSection = z.infer<typeof amountsSectionSchema>;

export const documentsSectionSchema = z.strictObject({
  /** Optional sentence before or after the list, e.g. "the centre tells you which apply". */
  text: localized6Schema.optional(),
  items: z.array(localized6Schema, { error: 'expected a list of documents' }).min(1, {
    error: 'list at least one document',
  }),
  unconfirmed,
  notes,
});
export type DocumentsSection = z.infer<typeof documentsSectionSchema>;

export const sectionsSchema = z.strictObject({
  what: textSectionSchema,
  who: textSectionSchema,
  amounts: amountsSectionSchema.optional(),
  documents: documentsSectionSchema.optional(),
  apply: textSectionSchema,
  payment: textSectionSchema.optional(),
});
export type ProgrammeSections = z.infer<typeof sectionsSchema>;

const answersShape = Object.fromEntries(PROGRAMME_INTENTS.map((i) => [i, localized6Schema.optional()])) as {
  [K in ProgrammeIntent]: z.ZodOptional<typeof localized6Schema>;
};
export const answersSchema = z.strictObject(answersShape);

const intentSchema = z.enum(PROGRAMME_INTENTS, {
  error: (iss) => (iss.input === undefined ? 'required' : `expected a programme intent: ${PROGRAMME_INTENTS.join(', ')}`),
});

export const programmeSchema = z
  .strictObject({
    id: z
      .string({ error: 'expected an id' })
      .regex(KEY_PATTERN, { error: 'expected an id in lowercase snake_case, e.g. "child_benefit"' }),
    intents: z.array(intentSchema, { error: 'expected a list of intent ids' }).min(1, { error: 'list at least one intent' }),
    name: localized6Schema,
    /** Date from which the rules and amounts stated apply (see gmi.yaml for when no source gives one). */
    effectiveDate: dateSchema,
    sources: z.array(sourceRefSchema, { error: 'expected a list of sources' }).min(1, { error: 'list at least one source' }),
    /** Month the facts were last checked against the domain reference, "YYYY-MM". */
    lastChecked: z
      .string({ error: 'expected a month YYYY-MM' })
      .regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, { error: 'expected a month YYYY-MM' }),
    unconfirmed,
    notes,
    links: z.array(linkSchema).optional(),
    sections: sectionsSchema,
    answers: answersSchema.optional(),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.intents.forEach((intent, i) => {
      if (seen.has(intent)) ctx.addIssue({ code: 'custom', message: `duplicate intent "${intent}"`, path: ['intents', i] });
      seen.add(intent);
    });
    const answers = p.answers ?? {};
    for (const [intent, text] of Object.entries(answers)) {
      if (text !== undefined && !seen.has(intent)) {
        ctx.addIssue({ code: 'custom', message: `"${intent}" is not one of this programme's intents`, path: ['answers', intent] });
      }
    }
    // One generic answer (what + who + apply) cannot serve several intents: each needs its own.
    if (p.intents.length > 1) {
      for (const intent of p.intents) {
        if (answers[intent] === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `a programme with several intents needs an answer for each: missing "${intent}"`,
            path: ['answers', intent],
          });
        }
      }
    }
  });

/** A validated programme file. */
export type Programme = z.infer<typeof programmeSchema>;

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

/**
 * The short answer to `intent` in `lang`: the intent's own text from `answers` when the file has
 * one (the gmi_* intents), otherwise what + who + apply, separated by blank lines.
 */
export function answerFor(programme: Programme, intent: ProgrammeIntent, lang: Language): string {
  if (!programme.intents.includes(intent)) {
    throw new Error(`programme "${programme.id}" does not answer intent "${intent}"`);
  }
  const own = programme.answers?.[intent];
  if (own) return own[lang];
  const { what, who, apply } = programme.sections;
  return [what, who, apply].map((s) => s.text[lang]).join('\n\n');
}

/** The programme that answers `intent`, if any. */
export function programmeFor(programmes: ReadonlyMap<string, Programme>, intent: ProgrammeIntent): Programme | undefined {
  for (const p of programmes.values()) if (p.intents.includes(intent)) return p;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

const PROGRAMMES_DIR = 'programmes';
const YAML_EXT = /\.ya?ml$/;

/**
 * Loads and validates `<dir>/programmes/*.yaml`, where `dir` is the content directory (as for
 * `loadContent`). Checks each file and, across files, that ids are unique and every programme
 * intent of the taxonomy is answered by exactly one file. Throws a `ContentError` listing every issue.
 */
export async function loadProgrammes(dir: string): Promise<Map<string, Programme>> {
  const issues: ContentIssue[] = [];
  const programmesDir = path.join(dir, PROGRAMMES_DIR);
  const dirLabel = toPosix(path.join(path.basename(path.resolve(dir)), PROGRAMMES_DIR));
  let names: string[];
  try {
    names = (await readdir(programmesDir)).filter((n) => YAML_EXT.test(n) && !n.startsWith('.')).sort();
  } catch (err) {
    throw new ContentError([{ file: dirLabel, path: '', message: `cannot read the directory: ${errorText(err)}` }]);
  }
  if (names.length === 0) {
    throw new ContentError([{ file: dirLabel, path: '', message: 'no programme files (*.yaml) found' }]);
  }

  const found: Programme[] = [];
  const fileOfId = new Map<string, string>();
  const fileOfIntent = new Map<string, string>();
  for (const name of names) {
    const label = `${dirLabel}/${name}`;
    let text: string;
    try {
      text = await readFile(path.join(programmesDir, name), 'utf8');
    } catch (err) {
      issues.push({ file: label, path: '', message: `cannot read the file: ${errorText(err)}` });
      continue;
    }
    const result = parseProgrammeFile(text, label, name.replace(YAML_EXT, ''));
    issues.push(...result.issues);
    const programme = result.programme;
    if (!programme) continue;
    const other = fileOfId.get(programme.id);
    if (other !== undefined) {
      issues.push({ file: label, path: 'id', message: `duplicate programme id "${programme.id}" (also in ${other})` });
      continue;
    }
    fileOfId.set(programme.id, label);
    programme.intents.forEach((intent, i) => {
      const otherFile = fileOfIntent.get(intent);
      if (otherFile !== undefined) {
        issues.push({ file: label, path: `intents[${i}]`, message: `intent "${intent}" is already answered by ${otherFile}` });
      } else fileOfIntent.set(intent, label);
    });
    found.push(programme);
  }
  // Only meaningful when every file parsed: a broken file would also show up as missing intents.
  if (issues.length === 0) {
    const missing = PROGRAMME_INTENTS.filter((i) => !fileOfIntent.has(i));
    if (missing.length > 0) {
      issues.push({ file: dirLabel, path: '', message: `no programme file answers: ${missing.join(', ')}` });
    }
  }
  if (issues.length > 0) throw new ContentError(issues);
  found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Map(found.map((p) => [p.id, p]));
}

/**
 * Parses and validates the text of one programme file. `file` is the label used in issues;
 * `expectedId` (the file name without extension) must equal the file's `id`.
 */
export function parseProgrammeFile(
  text: string,
  file: string,
  expectedId?: string,
): { programme?: Programme; issues: ContentIssue[] } {
  const yaml = readYaml(text, file);
  if (yaml.issues) return { issues: yaml.issues };
  const checked = checkSchema(programmeSchema, yaml.data, file, yaml.lineOf);
  if (checked.issues) return { issues: checked.issues };
  const programme = checked.value;
  if (expectedId !== undefined && programme.id !== expectedId) {
    return { issues: [{ file, path: 'id', line: yaml.lineOf(['id']), message: `"${programme.id}" does not match the file name (expected "${expectedId}")` }] };
  }
  return { programme, issues: [] };
}






