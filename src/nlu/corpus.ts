import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectPath } from '../config/paths.js';
import { ALL_INTENTS, type IntentOrNone } from './intents.js';

/** Corpus files: train/<lang>.json and heldout/<lang>.json; `greeklish` is Greek in Latin letters. */
export const CORPUS_LANGUAGES = ['el', 'greeklish', 'en', 'ar', 'fa', 'uk', 'fr'] as const;
export type CorpusLanguage = (typeof CORPUS_LANGUAGES)[number];
export type Split = 'train' | 'heldout';
export type Corpus = Partial<Record<IntentOrNone, string[]>>;

const corpusSchema = z.record(z.string(), z.array(z.string().min(1)));

export function corpusDir(): string {
  return projectPath('src', 'nlu', 'corpus');
}

/** A corpus file; a missing file is an empty corpus. Unknown intents are an error. */
export function readCorpus(split: Split, lang: CorpusLanguage, dir = corpusDir()): Corpus {
  const file = join(dir, split, `${lang}.json`);
  if (!existsSync(file)) return {};
  const parsed = corpusSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const intent of Object.keys(parsed)) {
    if (!(ALL_INTENTS as readonly string[]).includes(intent)) throw new Error(`${file}: unknown intent "${intent}"`);
  }
  return parsed as Corpus;
}

export function corpusText(split: Split, dir = corpusDir()): string {
  return CORPUS_LANGUAGES.map((l) => {
    const file = join(dir, split, `${l}.json`);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }).join('\n');
}
