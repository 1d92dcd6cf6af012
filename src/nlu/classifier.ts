import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerBootstrap } from '@nlpjs/core';
import { Nlp } from '@nlpjs/nlp';
import { LangAr } from '@nlpjs/lang-ar';
import { LangEl } from '@nlpjs/lang-el';
import { LangEn } from '@nlpjs/lang-en';
import { LangFa } from '@nlpjs/lang-fa';
import { LangFr } from '@nlpjs/lang-fr';
import { LangUk } from '@nlpjs/lang-uk';
import { LANGUAGES, type Language } from '../bot/core/types.js';
import { projectPath } from '../config/paths.js';
import { corpusText, readCorpus, type Corpus } from './corpus.js';
import { detectLanguage, type Detected } from './detect.js';
import { greeklishToGreek } from './greeklish.js';
import { ALL_INTENTS, type IntentOrNone } from './intents.js';
import { NgramModel, type NgramJSON, type NgramOptions } from './ngram.js';
import { normalize } from './normalize.js';

export interface Classification {
  text: string;
  language: Language;
  /** The text was Greek in Latin letters (classified after transliteration). */
  greeklish: boolean;
  /** The language guess was clear (script or strong word evidence). */
  languageConfident: boolean;
  intent: IntentOrNone;
  score: number;
  /** Best intents first (up to three), for "Did you mean …?". */
  alternatives: { intent: IntentOrNone; score: number }[];
}

/** Bump when normalisation or the models change: cached models are keyed by it. */
const MODEL_VERSION = 4;

/**
 * The ensemble: per intent, `NGRAM_WEIGHT × p(n-gram) + (1 − NGRAM_WEIGHT) × p(NLP.js)`. Both are
 * distributions over the intents (NLP.js's classifications are normalised to sum to 1), so the
 * mix is one too. Chosen by 5-fold cross-validation on the train files (never the held-out ones).
 */
export const NGRAM_WEIGHT = 0.85;
/** Options of the character n-gram model (chosen by the same cross-validation). */
export const NGRAM_OPTIONS: Partial<NgramOptions> = { minDf: 1 };
/**
 * Safety bias: `emergency` wins whenever its mixed probability reaches this, even if another
 * intent scores higher — a missed emergency costs far more than a needless safety message.
 */
export const EMERGENCY_FLOOR = 0.2;

type Scored = { intent: IntentOrNone; score: number };

/** Mixes the two models' distributions; the best intents first. */
export function combineScores(ngram: readonly { label: string; score: number }[], nlpjs: readonly { intent: string; score: number }[], weight = NGRAM_WEIGHT, emergencyFloor = EMERGENCY_FLOOR): Scored[] {
  const mixed = new Map<IntentOrNone, number>();
  if (ngram.length === 0) weight = 0;
  const known = (i: string): i is IntentOrNone => (ALL_INTENTS as readonly string[]).includes(i);
  for (const { label, score } of ngram) if (known(label)) mixed.set(label, (mixed.get(label) ?? 0) + weight * score);
  const nlTotal = nlpjs.reduce((s, c) => s + (known(c.intent) ? c.score : 0), 0);
  if (nlTotal > 0) for (const { intent, score } of nlpjs) if (known(intent)) mixed.set(intent, (mixed.get(intent) ?? 0) + ((1 - weight) * score) / nlTotal);
  const ranked = [...mixed.entries()].map(([intent, score]) => ({ intent, score: Math.min(1, score) })).sort((a, b) => b.score - a.score || a.intent.localeCompare(b.intent));
  const emergency = ranked.findIndex((r) => r.intent === 'emergency');
  if (emergency > 0 && ranked[emergency]!.score >= emergencyFloor) ranked.unshift(...ranked.splice(emergency, 1));
  return ranked;
}

/**
 * Arabic or Farsi when the words do not say (detect.ts found no evidence either way): a small
 * character 1–3-gram model of the raw letters (ي/ی, ك/ک, ة, پ…), trained on the ar and fa train files.
 */
const SCRIPT_OPTIONS: Partial<NgramOptions> = { minN: 1, maxN: 3, minDf: 1, epochs: 10 };

function trainArabicOrFarsi(): NgramModel {
  const examples: [string, string][] = [];
  for (const lang of ['ar', 'fa'] as const) for (const utterances of Object.values(readCorpus('train', lang))) for (const u of utterances) examples.push([u.toLowerCase(), lang]);
  return NgramModel.train(examples, SCRIPT_OPTIONS);
}

interface CachedModel {
  version: number;
  nlp: unknown;
  ngram: Partial<Record<Language, NgramJSON>>;
  arabicOrFarsi: NgramJSON;
}

/** Extra examples per language (e.g. staff-assigned messages stored in the database). */
export type ExtraExamples = Partial<Record<Language, Corpus>>;

function trainingSet(extra: ExtraExamples): Record<Language, [string, IntentOrNone][]> {
  const set = Object.fromEntries(LANGUAGES.map((l) => [l, [] as [string, IntentOrNone][]])) as Record<Language, [string, IntentOrNone][]>;
  const add = (lang: Language, corpus: Corpus, prepare: (t: string) => string) => {
    for (const [intent, utterances] of Object.entries(corpus) as [IntentOrNone, string[]][]) {
      for (const u of utterances) set[lang].push([prepare(u), intent]);
    }
  };
  for (const lang of LANGUAGES) {
    add(lang, readCorpus('train', lang), (t) => normalize(lang, t));
    add(lang, extra[lang] ?? {}, (t) => normalize(lang, t));
  }
  add('el', readCorpus('train', 'greeklish'), greeklishToGreek);
  return set;
}

async function newNlp(): Promise<Nlp> {
  const container = containerBootstrap();
  for (const plugin of [LangEl, LangEn, LangAr, LangFa, LangUk, LangFr]) container.use(plugin);
  // threshold 0: kentro reads NLP.js's whole distribution (and gates on the mixed score itself).
  const nlp = new Nlp({ languages: [...LANGUAGES], autoSave: false, autoLoad: false, nlu: { log: false }, forceNER: false, threshold: 0 }, container);
  nlp.settings.autoSave = false;
  return nlp;
}

/** The text as `classify` prepares it (Greeklish transliterated, normalised), reduced to letters and digits. */
export function preparedText(language: Language, text: string): string {
  const greeklish = language === 'el' && !/[\u0370-\u03ff]/.test(text) && /[a-z]/i.test(text);
  return greeklish ? greeklishToGreek(text) : normalize(language, text);
}

/** Key of the learned-examples layer: the prepared text without punctuation or extra spaces. */
export function learnedKey(language: Language, text: string): string {
  const words = preparedText(language, text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return words ? `${language}:${words}` : '';
}

/**
 * Intent classification per language: NLP.js (word stems, its neural classifier) mixed with a
 * character n-gram logistic regression (ngram.ts) that copes with typos, inflection and
 * Greeklish spellings. Both are trained from src/nlu/corpus (and extra examples) and cached
 * together on disk by a hash of their inputs, so start-up loads a file instead of training.
 */
export class IntentClassifier {
  /**
   * Staff-assigned examples (src/nlu/learn): key (learnedKey) → intent; it overrides the models.
   * Replaced as a whole by `useLearned`, so a classification sees the old map or the new one.
   */
  private learned: ReadonlyMap<string, IntentOrNone> = new Map();

  private constructor(
    private readonly nlp: Nlp,
    private readonly ngram: Partial<Record<Language, NgramModel>>,
    private readonly arabicOrFarsi: NgramModel,
  ) {}

  static async create(options: { extra?: ExtraExamples; cacheDir?: string | null } = {}): Promise<IntentClassifier> {
    const extra = options.extra ?? {};
    const hash = createHash('sha256').update(String(MODEL_VERSION)).update(corpusText('train')).update(JSON.stringify(extra)).digest('hex').slice(0, 16);
    const cacheDir = options.cacheDir === undefined ? projectPath('generated', 'nlu') : options.cacheDir;
    const cacheFile = cacheDir ? join(cacheDir, `model-${hash}.json`) : null;
    const nlp = await newNlp();
    if (cacheFile && existsSync(cacheFile)) {
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedModel;
      if (cached.version === MODEL_VERSION && cached.arabicOrFarsi && cached.ngram) {
        nlp.fromJSON(cached.nlp);
        const ngram: Partial<Record<Language, NgramModel>> = {};
        for (const lang of LANGUAGES) if (cached.ngram[lang]) ngram[lang] = NgramModel.fromJSON(cached.ngram[lang]);
        return new IntentClassifier(nlp, ngram, NgramModel.fromJSON(cached.arabicOrFarsi));
      }
    }
    const set = trainingSet(extra);
    const ngram: Partial<Record<Language, NgramModel>> = {};
    for (const lang of LANGUAGES) {
      const examples = set[lang].filter(([text]) => text);
      for (const [text, intent] of examples) nlp.addDocument(lang, text, intent);
      if (examples.length > 0) ngram[lang] = NgramModel.train(examples, NGRAM_OPTIONS);
    }
    await nlp.train();
    const arabicOrFarsi = trainArabicOrFarsi();
    if (cacheFile && cacheDir) {
      mkdirSync(cacheDir, { recursive: true });
      const json: CachedModel = { version: MODEL_VERSION, nlp: nlp.toJSON(), ngram: Object.fromEntries(Object.entries(ngram).map(([l, m]) => [l, m.toJSON()])), arabicOrFarsi: arabicOrFarsi.toJSON() };
      // Write then rename, so a process starting meanwhile never reads half a model; then drop
      // the models of older corpora (each is several MB).
      writeFileSync(`${cacheFile}.tmp-${process.pid}`, JSON.stringify(json));
      renameSync(`${cacheFile}.tmp-${process.pid}`, cacheFile);
      for (const f of readdirSync(cacheDir)) if (/^model-.*\.json$/.test(f) && join(cacheDir, f) !== cacheFile) rmSync(join(cacheDir, f), { force: true });
    }
    return new IntentClassifier(nlp, ngram, arabicOrFarsi);
  }

  /**
   * Swaps in the staff-assigned examples (one atomic assignment): a message whose prepared text
   * (language + normalisation, as `classify` reads it) equals an example's gets its intent.
   */
  useLearned(examples: readonly { language: Language; text: string; intent: IntentOrNone }[]): void {
    const map = new Map<string, IntentOrNone>();
    for (const e of examples) {
      const key = learnedKey(e.language, e.text);
      if (key) map.set(key, e.intent);
    }
    this.learned = map;
  }

  /**
   * detect.ts, and for Arabic script without word evidence either way, the letter model — unless
   * the conversation is already in Arabic or Farsi (the language is sticky).
   */
  private detect(text: string, fallback: Language): Detected {
    const detected = detectLanguage(text, fallback);
    if (detected.confident || (detected.language !== 'ar' && detected.language !== 'fa') || fallback === 'ar' || fallback === 'fa') return detected;
    const guess = this.arabicOrFarsi.predict(text.toLowerCase())[0]?.label;
    return guess === 'fa' || guess === 'ar' ? { ...detected, language: guess } : detected;
  }

  /**
   * Classifies one message. `lang` forces the language; otherwise it is detected (script
   * first), with `fallback` (the conversation's language) when the text does not say.
   * NLP.js is never called without a language: it throws on scripts it was not trained on.
   */
  async classify(text: string, opts: { lang?: Language; fallback?: Language } = {}): Promise<Classification> {
    const detected = opts.lang ? { ...detectLanguage(text, opts.lang), language: opts.lang } : this.detect(text, opts.fallback ?? 'el');
    const greeklish = detected.language === 'el' && !/[\u0370-\u03ff]/.test(text) && /[a-z]/i.test(text);
    const prepared = greeklish ? greeklishToGreek(text) : normalize(detected.language, text);
    const base = { text, language: detected.language, greeklish, languageConfident: opts.lang ? true : detected.confident };
    if (!prepared) return { ...base, intent: 'None', score: 1, alternatives: [] };
    const result = await this.nlp.process(detected.language, prepared);
    const ngram = this.ngram[detected.language]?.predict(prepared) ?? [];
    const ranked = combineScores(ngram, result.classifications ?? []);
    const best = ranked[0] ?? { intent: 'None' as const, score: 0 };
    // A staff-assigned example decides, except against the models' reading of an emergency.
    // Looked up in the detected language, then in the conversation's (the example's language is the message's).
    const fallback = opts.lang ?? opts.fallback;
    const learned = this.learned.get(learnedKey(detected.language, text)) ?? (fallback && fallback !== detected.language ? this.learned.get(learnedKey(fallback, text)) : undefined);
    if (learned && best.intent !== 'emergency') return { ...base, intent: learned, score: 1, alternatives: [{ intent: learned, score: 1 }, ...ranked.filter((r) => r.intent !== learned).slice(0, 2)] };
    return { ...base, intent: best.intent, score: best.score, alternatives: ranked.slice(0, 3) };
  }
}
