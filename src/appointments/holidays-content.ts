import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ContentError, defaultContentDir } from '../content/load.js';
import { dateSchema } from '../content/schema.js';
import { checkSchema, readYaml, toPosix } from '../content/yaml-issues.js';
import type { HolidayKey, HolidayOverride } from './holidays.js';

const HOLIDAY_KEYS = [
  'new_year', 'epiphany', 'clean_monday', 'independence_day', 'good_friday', 'holy_saturday', 'easter_monday',
  'labour_day', 'whit_monday', 'assumption', 'ochi_day', 'christmas', 'synaxis', 'other',
] as const satisfies readonly HolidayKey[];

const overrideSchema = z
  .strictObject({
    holiday: z.enum(HOLIDAY_KEYS, { error: `expected one of: ${HOLIDAY_KEYS.join(', ')}` }).optional(),
    from: dateSchema.optional(),
    to: dateSchema,
    unconfirmed: z.boolean({ error: 'expected true or false' }).optional(),
    notes: z.string().optional(),
  })
  .refine((o) => o.from === undefined || o.holiday !== undefined, { error: 'a moved holiday needs `holiday`', path: ['holiday'] });

const fileSchema = z.strictObject({ overrides: z.array(overrideSchema).default([]) });

export const HOLIDAYS_FILE = 'holidays.yaml';

/**
 * Reads content/holidays.yaml (dated holiday changes). A missing file means no changes; a bad
 * one throws a ContentError with file, path and reason, like the centre files.
 */
export function loadHolidayOverrides(dir: string = defaultContentDir()): HolidayOverride[] {
  const file = path.join(dir, HOLIDAYS_FILE);
  if (!existsSync(file)) return [];
  const label = toPosix(path.join(path.basename(path.resolve(dir)), HOLIDAYS_FILE));
  const yaml = readYaml(readFileSync(file, 'utf8'), label, { empty: {} });
  if (yaml.issues) throw new ContentError(yaml.issues);
  const parsed = checkSchema(fileSchema, yaml.data, label, yaml.lineOf);
  if (parsed.issues) throw new ContentError(parsed.issues);
  return parsed.value.overrides.map((o) => ({
    to: o.to,
    ...(o.from ? { from: o.from } : {}),
    ...(o.holiday ? { key: o.holiday } : {}),
    ...(o.unconfirmed ? { unconfirmed: true } : {}),
  }));
}

const cache = new Map<string, HolidayOverride[]>();
let configuredDir: string | undefined;

/** The content folder the service runs with (CONTENT_DIR, also when set in .env). */
export function useHolidaysFrom(dir: string | undefined): void {
  configuredDir = dir;
}

/** The overrides of a content folder, read once per process (edits take effect on restart). */
export function holidayOverrides(dir: string = configuredDir ?? (process.env.CONTENT_DIR || defaultContentDir())): HolidayOverride[] {
  let found = cache.get(dir);
  if (!found) cache.set(dir, (found = loadHolidayOverrides(dir)));
  return found;
}
