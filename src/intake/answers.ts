/**
 * The pre-intake answers and their stored form (Case.intake, versioned JSON).
 *
 * In an answer, `null` means "the citizen skipped it" and a missing key "not asked yet"; both
 * are shown to staff as not given.
 */
import { z } from 'zod';
import { LANGUAGES } from '../bot/core/types.js';

export const NEEDS = ['benefits', 'housing', 'food', 'health', 'work', 'children', 'papers', 'psychological', 'other'] as const;
export type Need = (typeof NEEDS)[number];

/** Groups a citizen may choose to tell (special-category data: asked only after its own consent). */
export const VULNERABLE_GROUPS = ['disability', 'single_parent', 'roma', 'refugee', 'homeless', 'elderly_alone', 'violence'] as const;
export type VulnerableGroup = (typeof VULNERABLE_GROUPS)[number];

export const CONTACT_TIMES = ['morning', 'midday', 'afternoon', 'any'] as const;
export type ContactTime = (typeof CONTACT_TIMES)[number];

/** Languages an interpreter may be asked for by button; anything else is typed. */
export const INTERPRETER_LANGUAGES = LANGUAGES.filter((l) => l !== 'el');

const text = (max: number) => z.string().trim().min(1).max(max);

export const answersSchema = z.object({
  /** How to address them: a name or a nickname. */
  name: text(80).nullable().optional(),
  /** E.164, e.g. +306912345678. */
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/).nullable().optional(),
  /** "Answer me here": staff reply on the channel the citizen wrote from. */
  reachHere: z.boolean().optional(),
  area: text(100).nullable().optional(),
  adults: z.number().int().min(0).max(30).nullable().optional(),
  children: z.number().int().min(0).max(30).nullable().optional(),
  needs: z.array(z.enum(NEEDS)).nullable().optional(),
  vulnerable: z.array(z.enum(VULNERABLE_GROUPS)).nullable().optional(),
  /** false: no interpreter; a language code, or the language as typed. */
  interpreter: z.union([z.literal(false), text(40)]).nullable().optional(),
  contactTime: z.enum(CONTACT_TIMES).nullable().optional(),
});
export type IntakeAnswers = z.infer<typeof answersSchema>;

export const INTAKE_VERSION = 1;

/** What Case.intake holds. */
export const intakeRecordSchema = z.object({
  v: z.literal(INTAKE_VERSION),
  answers: answersSchema,
  /** Language the citizen answered in, and the channel. */
  language: z.string(),
  channel: z.string(),
  updatedAt: z.string(),
});
export type IntakeRecord = z.infer<typeof intakeRecordSchema>;

/** Reads a stored Case.intake; an unreadable or older one gives no answers rather than failing. */
export function parseIntake(raw: string): IntakeAnswers | null {
  try {
    const parsed = intakeRecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.answers : null;
  } catch {
    return null;
  }
}

/** Reads answers kept in dialog slots (JSON); anything malformed is dropped, not trusted. */
export function answersFrom(value: unknown): IntakeAnswers {
  const parsed = answersSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** True when the citizen told at least one thing. */
export function hasAnything(a: IntakeAnswers): boolean {
  return Boolean(a.name || a.phone || a.reachHere || a.area || a.adults != null || a.children != null || a.needs?.length || a.vulnerable?.length || a.interpreter != null || a.contactTime);
}

/** Case.needs: need categories, comma separated, for filtering and reports. */
export function needsColumn(a: IntakeAnswers): string {
  return (a.needs ?? []).join(',');
}
