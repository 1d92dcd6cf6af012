import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../bot/core/types.js';
import { StartupError } from '../config/errors.js';
import type { Prisma } from '../db/client.js';

export const SHORT_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** A canned response's texts: Greek always; the other languages fall back to English, then Greek. */
export const cannedTextsSchema = z.object({
  el: z.string().trim().min(1).max(2000),
  en: z.string().trim().min(1).max(2000).optional(),
  ar: z.string().trim().min(1).max(2000).optional(),
  fa: z.string().trim().min(1).max(2000).optional(),
  uk: z.string().trim().min(1).max(2000).optional(),
  fr: z.string().trim().min(1).max(2000).optional(),
});
export type CannedTexts = z.infer<typeof cannedTextsSchema>;

const fileSchema = z.array(
  z.strictObject({
    key: z.string().regex(SHORT_CODE, 'lowercase letters, digits, - or _'),
    // Content responses exist in every language.
    texts: z.strictObject(Object.fromEntries(LANGUAGES.map((l) => [l, z.string().trim().min(1)])) as Record<Language, z.ZodString>),
  }),
);

/** The citizen's text of a canned response. */
export function textFor(texts: CannedTexts, language: string | null): string {
  const lang = (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : 'el';
  return texts[lang] ?? texts.en ?? texts.el;
}

/** Reads CannedResponse.texts (JSON); an unreadable one has its Greek text only, or nothing. */
export function parseTexts(raw: string): CannedTexts {
  try {
    const parsed = cannedTextsSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { el: '' };
}

/** content/canned-responses.yaml → global CannedResponse rows (id `canned-<key>`). Idempotent. */
export async function syncCannedResponses(prisma: Prisma, contentDir: string): Promise<number> {
  const file = join(contentDir, 'canned-responses.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return 0;
  }
  const parsed = fileSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StartupError(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const keys = new Set<string>();
  for (const entry of parsed.data) {
    if (keys.has(entry.key)) throw new StartupError(`${file}: duplicate key "${entry.key}"`);
    keys.add(entry.key);
    const texts = JSON.stringify(entry.texts);
    const id = `canned-${entry.key}`;
    await prisma.cannedResponse
      .upsert({ where: { id }, create: { id, shortCode: entry.key, texts }, update: { texts } })
      // Two replicas starting together: the other one created it.
      .catch(() => prisma.cannedResponse.update({ where: { id }, data: { texts } }));
  }
  return keys.size;
}
