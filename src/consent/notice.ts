/**
 * The privacy notice: `content/privacy/notice.yaml`, versioned, in the six dialog languages.
 * A consent is stored with the notice version it was given to; a new version asks again.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Language } from '../bot/core/types.js';
import type { CentreContent } from '../content/schema.js';
import { dateSchema, ID_PATTERN } from '../content/schema.js';
import { checkSchema, errorText, readYaml, toPosix } from '../content/yaml-issues.js';
import type { ContentIssue } from '../content/load.js';

export const NOTICE_FILE = path.join('privacy', 'notice.yaml');

/** What the texts may contain; each is filled in for the citizen's centre. */
export const NOTICE_PLACEHOLDERS = ['municipality', 'centre', 'phone', 'dpo', 'conversationsMonths', 'closedCasesYears', 'version', 'effectiveDate'] as const;
type Placeholder = (typeof NOTICE_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).sort();
}

const LANGUAGE_NAMES: Record<Language, string> = { el: 'Greek', en: 'English', ar: 'Arabic', fa: 'Farsi', uk: 'Ukrainian', fr: 'French' };

/** Non-empty text in one language; a missing one reads "missing the Farsi (fa) text". */
function textIn(lang: Language) {
  const what = `the ${LANGUAGE_NAMES[lang]} (${lang}) text`;
  return z
    .string({ error: (iss) => (iss.input === undefined ? `missing ${what}` : `expected ${what} as a string`) })
    .trim()
    .min(1, { error: `${what} must not be empty` });
}

// Not shared with programmes.ts on purpose: that module imports the content loader, which
// imports this one, and the cycle would leave the schema undefined here.
const localized6Schema = z.strictObject(
  { el: textIn('el'), en: textIn('en'), ar: textIn('ar'), fa: textIn('fa'), uk: textIn('uk'), fr: textIn('fr') } satisfies Record<Language, z.ZodType<string>>,
  { error: (iss) => (iss.input === undefined ? 'required' : 'expected texts by language: el, en, ar, fa, uk, fr') },
);

const dpoContactSchema = z.strictObject({
  email: z.email({ error: 'expected an email address' }).optional(),
  phone: z.string({ error: 'expected a phone number as text' }).regex(/^\+?[0-9 ]{5,20}$/, { error: 'expected digits' }).optional(),
  unconfirmed: z.boolean({ error: 'expected true or false' }).optional(),
});

const count = (what: string) => z.number({ error: `expected a number of ${what}` }).int({ error: 'expected a whole number' }).min(1).max(120);

export const noticeSchema = z.strictObject({
  version: z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'expected the version as text, e.g. "2"') }).trim().min(1, { error: 'the version must not be empty' }).max(40),
  effectiveDate: dateSchema,
  retention: z.strictObject({ conversationsMonths: count('months'), closedCasesYears: count('years') }),
  dpo: z.strictObject({
    unconfirmed: z.boolean({ error: 'expected true or false' }).optional(),
    notes: z.string().optional(),
    /** Confirmed contacts by centre id. */
    centres: z.record(z.string().regex(ID_PATTERN, { error: 'expected a centre id' }), dpoContactSchema).default({}),
  }),
  texts: z.strictObject({ short: localized6Schema, full: localized6Schema, special: localized6Schema, dpoUnknown: localized6Schema }),
});

export type PrivacyNotice = z.infer<typeof noticeSchema>;
export type NoticeText = keyof PrivacyNotice['texts'];

/** Parses and validates the text of the notice file; `file` labels the issues. */
export function parseNoticeFile(text: string, file: string): { notice?: PrivacyNotice; issues: ContentIssue[] } {
  const yaml = readYaml(text, file);
  if (yaml.issues) return { issues: yaml.issues };
  const issues: ContentIssue[] = placeholderIssues(yaml.data).map((iss) => ({ file, ...iss, line: yaml.lineOf(iss.path.split('.')) }));
  const checked = checkSchema(noticeSchema, yaml.data, file, yaml.lineOf);
  if (checked.issues) return { issues: [...issues, ...checked.issues] };
  return issues.length ? { issues } : { notice: checked.value, issues };
}

/**
 * Every text may use only the known placeholders, and each language the same ones as the Greek
 * text (a translated placeholder would reach the citizen as "{{δήμος}}"). Checked on the raw
 * data so that these problems are reported together with the shape's.
 */
function placeholderIssues(data: unknown): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const texts = data && typeof data === 'object' && 'texts' in data ? data.texts : undefined;
  if (!texts || typeof texts !== 'object') return out;
  for (const [key, byLang] of Object.entries(texts)) {
    if (!byLang || typeof byLang !== 'object') continue;
    const entries = Object.entries(byLang as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
    const greek = entries.find(([lang]) => lang === 'el');
    for (const [lang, text] of entries) {
      const used = placeholdersOf(text);
      const unknown = used.filter((p) => !(NOTICE_PLACEHOLDERS as readonly string[]).includes(p));
      const path = `texts.${key}.${lang}`;
      if (unknown.length) out.push({ path, message: `unknown placeholder {{${unknown[0]}}}; one of: ${NOTICE_PLACEHOLDERS.join(', ')}` });
      else if (greek && used.join() !== placeholdersOf(greek[1]).join()) out.push({ path, message: `placeholders differ from the Greek text (${placeholdersOf(greek[1]).join(', ') || 'none'})` });
    }
  }
  return out;
}

/**
 * Reads `<dir>/privacy/notice.yaml`: the notice, or the issues (a missing file is one). The
 * centres are checked too: a DPO contact for a centre that does not exist is a typo.
 */
export async function loadNotice(dir: string, centreIds?: Iterable<string>): Promise<{ notice?: PrivacyNotice; issues: ContentIssue[] }> {
  const file = toPosix(path.join(path.basename(path.resolve(dir)), NOTICE_FILE));
  let text: string;
  try {
    text = await readFile(path.join(dir, NOTICE_FILE), 'utf8');
  } catch (err) {
    return { issues: [{ file, path: '', message: `cannot read the file: ${errorText(err)}` }] };
  }
  const result = parseNoticeFile(text, file);
  if (result.notice && centreIds) {
    const known = new Set(centreIds);
    for (const id of Object.keys(result.notice.dpo.centres)) {
      if (!known.has(id)) result.issues.push({ file, path: `dpo.centres.${id}`, message: `unknown centre "${id}"` });
    }
  }
  return result;
}

/** The facts a notice text is filled in with, for one centre and language. */
function values(notice: PrivacyNotice, lang: Language, centre: CentreContent | null, phone: string): Record<Placeholder, string> {
  const greek = lang === 'el';
  const contact = centre ? notice.dpo.centres[centre.id] : undefined;
  const confirmed = contact && !contact.unconfirmed ? [contact.email, contact.phone].filter(Boolean).join(', ') : '';
  const base = {
    municipality: centre ? (greek ? centre.municipality.el : centre.municipality.en) : '',
    centre: centre ? (greek ? centre.name.el : centre.name.en) : '',
    phone,
    conversationsMonths: String(notice.retention.conversationsMonths),
    closedCasesYears: String(notice.retention.closedCasesYears),
    version: notice.version,
    effectiveDate: notice.effectiveDate,
    dpo: '',
  };
  // Never state a DPO contact that is not confirmed: the citizen is told to ask the centre.
  base.dpo = confirmed || fill(notice.texts.dpoUnknown[lang], base);
  return base;
}

function fill(text: string, with_: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => with_[name] ?? whole);
}

/** One text of the notice in the citizen's language, filled in for their centre. */
export function noticeText(notice: PrivacyNotice, part: NoticeText, lang: Language, centre: CentreContent | null, phone: string): string {
  return fill(notice.texts[part][lang], values(notice, lang, centre, phone));
}
