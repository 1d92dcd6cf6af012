/**
 * The help lines of `content/hotlines.yaml`: schema, loader and the lines for a set of dangers.
 * Problems are reported like the centres' content (one `ContentError`, one line per issue:
 * `content/hotlines.yaml: hotlines[2].number: …`), so a bad file stops start-up clearly.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ContentError, defaultContentDir, type ContentIssue } from '../../content/load.js';
import { checkSchema, readYaml } from '../../content/yaml-issues.js';
import { DANGER_CATEGORIES, REPLY_PRIORITY, type DangerCategory } from './categories.js';

export const HOTLINES_FILE = 'hotlines.yaml';

/** Numbers that must never be published (shared/domain/greek-social-programs.md §14). */
const UNPUBLISHABLE: Record<string, string> = {
  '1107': '1107 is not a confirmed number and must not be published',
};

const hotlineSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a lowercase kebab-case id'),
    number: z
      .string()
      .regex(/^\d{3,6}$/, 'expected 3 to 6 digits, quoted')
      .refine((n) => !(n in UNPUBLISHABLE), { error: (iss) => UNPUBLISHABLE[String(iss.input)] ?? 'not allowed' }),
    purpose: z.strictObject({ el: z.string().trim().min(1), en: z.string().trim().min(1) }),
    hours: z.string().regex(/^(24\/7|\d{2}:\d{2}-\d{2}:\d{2})$/, 'expected "24/7" or "HH:MM-HH:MM"'),
    categories: z
      .array(z.enum(DANGER_CATEGORIES, { error: `expected one of ${DANGER_CATEGORIES.join(', ')}` }))
      .min(1)
      .refine((c) => new Set(c).size === c.length, 'a category is listed twice'),
    source: z.string().trim().min(1),
    notes: z.string().optional(),
  });

export type Hotline = z.infer<typeof hotlineSchema>;

const fileSchema = z
  .strictObject({
    callNow: z.string(),
    hotlines: z.array(hotlineSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const ids = new Map<string, number>();
    const numbers = new Map<string, number>();
    file.hotlines.forEach((h, i) => {
      if (ids.has(h.id)) ctx.addIssue({ code: 'custom', path: ['hotlines', i, 'id'], message: `duplicate id "${h.id}" (also hotlines[${ids.get(h.id)}])` });
      if (numbers.has(h.number)) ctx.addIssue({ code: 'custom', path: ['hotlines', i, 'number'], message: `duplicate number ${h.number} (also hotlines[${numbers.get(h.number)}])` });
      ids.set(h.id, i);
      numbers.set(h.number, i);
    });
    if (!ids.has(file.callNow)) ctx.addIssue({ code: 'custom', path: ['callNow'], message: `no hotline with id "${file.callNow}"` });
    // Every danger must get at least one number: a category without one would answer nothing.
    for (const category of DANGER_CATEGORIES) {
      if (!file.hotlines.some((h) => h.categories.includes(category))) {
        ctx.addIssue({ code: 'custom', path: ['hotlines'], message: `no hotline serves the category "${category}"` });
      }
    }
  });

/** The validated help lines, in the file's order. */
export interface Hotlines {
  /** The line named first in every reply ("if you are in danger now, call 112"). */
  callNow: Hotline;
  all: Hotline[];
}

/**
 * The lines serving any of `categories`, each once: the most urgent danger's first (an
 * overdose is medical and suicide: the ambulance before the suicide line), then file order.
 */
export function hotlinesFor(hotlines: Hotlines, categories: readonly DangerCategory[]): Hotline[] {
  const lines = new Set<Hotline>();
  for (const category of REPLY_PRIORITY) {
    if (!categories.includes(category)) continue;
    for (const h of hotlines.all) if (h.categories.includes(category)) lines.add(h);
  }
  return [...lines];
}

/** Parses and validates the text of the hotlines file; `file` labels the issues. */
export function parseHotlines(text: string, file: string): { hotlines?: Hotlines; issues: ContentIssue[] } {
  const yaml = readYaml(text, file);
  if (yaml.issues) return { issues: yaml.issues };
  const parsed = checkSchema(fileSchema, yaml.data, file, yaml.lineOf);
  if (parsed.issues) return { issues: parsed.issues };
  const all = parsed.value.hotlines;
  return { hotlines: { callNow: all.find((h) => h.id === parsed.value.callNow)!, all }, issues: [] };
}

/** Loads `<dir>/hotlines.yaml`; throws a `ContentError` naming file, path and reason. */
export async function loadHotlines(dir: string = defaultContentDir()): Promise<Hotlines> {
  const label = `${path.basename(path.resolve(dir))}/${HOTLINES_FILE}`;
  let text: string;
  try {
    text = await readFile(path.join(dir, HOTLINES_FILE), 'utf8');
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : String(err);
    throw new ContentError([{ file: label, path: '', message: `cannot read the file: ${code}` }]);
  }
  const { hotlines, issues } = parseHotlines(text, label);
  if (!hotlines) throw new ContentError(issues);
  return hotlines;
}

