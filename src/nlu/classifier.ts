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
import { detectDanger } from '../bot/safety/detect.js';
import { projectPath } from '../config/paths.js';
import { CORPUS_LANGUAGES, corpusText, readCorpus, type Corpus } from './corpus.js';
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
const MODEL_VERSION = 8;

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

/** The score of `emergency` when the danger phrases matched and the models scored it lower. */
const CONFIDENT_DANGER = 0.9;

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
 * The letters model: which language a text in a shared script is, from a character 1–4-gram
 * model of the raw text (ي/ی, ك/ک, ة, پ…; "ou", "th", "-tion", "é"…), trained on the train files.
 * Arabic or Farsi when detect.ts found no word evidence either way; English, French or Greeklish
 * for Latin letters (its short word lists miss often: cross-validated on the train files, the
 * model picks the language of 97% of Latin-script messages, the word lists 89%). One model, the
 * scripts' features do not overlap; each question compares only its own languages' scores.
 */
const SCRIPT_OPTIONS: Partial<NgramOptions> = { minN: 1, maxN: 4, minDf: 1, epochs: 20, l2: 1e-4 };
const LATIN_LANGUAGES = ['en', 'fr', 'greeklish'] as const;

function trainArabicOrFarsi(): NgramModel {
  const examples: [string, string][] = [];
  for (const lang of ['ar', 'fa', ...LATIN_LANGUAGES] as const) for (const utterances of Object.values(readCorpus('train', lang))) for (const u of utterances) examples.push([u.toLowerCase(), lang]);
  return NgramModel.train(examples, SCRIPT_OPTIONS);
}

/** The best of `labels` in the letters model's reading of `text`. */
function bestOf(model: NgramModel, text: string, labels: readonly string[]): { label: string; score: number } | undefined {
  const scores = model.predict(text.toLowerCase()).filter((p) => labels.includes(p.label));
  const total = scores.reduce((sum, p) => sum + p.score, 0);
  return scores[0] && total > 0 ? { label: scores[0].label, score: scores[0].score / total } : undefined;
}

/** The cache file's content; `serialise`/`deserialise` (the retrain worker's hand-over) write and read it too. */
interface CachedModel {
  version: number;
  nlp: unknown;
  ngram: Partial<Record<Language, NgramJSON>>;
  arabicOrFarsi: NgramJSON;
}

export interface ClassifyOptions {
  /** Forces the language. */
  lang?: Language;
  /** The conversation's language, when the text does not say. */
  fallback?: Language;
  /** false: the models alone, without the safety check's danger phrases (for the benchmark). */
  patterns?: boolean;
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

  // Not readonly: `useModelOf` swaps them (src/nlu/learn: a model retrained in a worker thread).
  private constructor(
    private nlp: Nlp,
    private ngram: Partial<Record<Language, NgramModel>>,
    private arabicOrFarsi: NgramModel,
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
        return await new IntentClassifier(nlp, ngram, NgramModel.fromJSON(cached.arabicOrFarsi)).warmedUp();
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
    return await new IntentClassifier(nlp, ngram, arabicOrFarsi).warmedUp();
  }

  /**
   * Classifies a few training utterances of every language and intent once, so the first
   * citizens' messages do not pay for compiling the code paths (measured: the first pass over
   * 3,400 messages had a p99 of ≈4.5 ms, the next ones ≈1.1 ms) nor for the danger phrases.
   */
  private async warmedUp(): Promise<this> {
    for (const lang of CORPUS_LANGUAGES) {
      for (const utterances of Object.values(readCorpus('train', lang))) {
        for (const u of utterances.slice(0, 3)) await this.classify(u, { fallback: lang === 'greeklish' ? 'el' : lang });
      }
    }
    return this;
  }

  /** The models as the cache file holds them (JSON text): how a worker thread hands a retrained model over. */
  serialise(): string {
    const json: CachedModel = { version: MODEL_VERSION, nlp: this.nlp.toJSON(), ngram: Object.fromEntries(Object.entries(this.ngram).map(([l, m]) => [l, m.toJSON()])), arabicOrFarsi: this.arabicOrFarsi.toJSON() };
    return JSON.stringify(json);
  }

  /** A classifier from `serialise`'s text (no learned examples). */
  static async deserialise(text: string): Promise<IntentClassifier> {
    const cached = JSON.parse(text) as CachedModel;
    if (cached.version !== MODEL_VERSION) throw new Error(`NLU model version ${cached.version}, expected ${MODEL_VERSION}`);
    const nlp = await newNlp();
    nlp.fromJSON(cached.nlp);
    const ngram: Partial<Record<Language, NgramModel>> = {};
    for (const lang of LANGUAGES) if (cached.ngram[lang]) ngram[lang] = NgramModel.fromJSON(cached.ngram[lang]);
    return new IntentClassifier(nlp, ngram, NgramModel.fromJSON(cached.arabicOrFarsi));
  }

  /**
   * Swaps in `other`'s models (e.g. retrained with the staff-assigned examples); the learned
   * layer stays. Synchronous, and `classify` reads the models once at its start, so a
   * classification in flight uses the old models or the new ones, never a mix.
   */
  useModelOf(other: IntentClassifier): void {
    this.nlp = other.nlp;
    this.ngram = other.ngram;
    this.arabicOrFarsi = other.arabicOrFarsi;
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
   * detect.ts, and the letters model: for Latin letters, and for Arabic script without word
   * evidence either way — unless the conversation is already in one of those languages and the
   * text does not say (the language is sticky).
   */
  private detect(text: string, fallback: Language): Detected {
    const detected = detectLanguage(text, fallback);
    const latin = detected.language === 'en' || detected.language === 'fr' || detected.greeklish;
    if (latin) {
      // Latin letters: the letters model reads them, unless the text says nothing clear and the
      // conversation is already in English or French (the language is sticky).
      if (!detected.confident && (fallback === 'en' || fallback === 'fr')) return detected;
      const guess = bestOf(this.arabicOrFarsi, text, LATIN_LANGUAGES);
      if (!guess) return detected;
      const language = guess.label === 'greeklish' ? 'el' : (guess.label as 'en' | 'fr');
      const same = language === detected.language && (language !== 'el' || detected.greeklish);
      // Confident (a language switch may be offered) when the word lists were and the model agrees or is sure.
      return { language, greeklish: guess.label === 'greeklish', confident: detected.confident && (same || guess.score >= 0.9) };
    }
    if (detected.confident || (detected.language !== 'ar' && detected.language !== 'fa') || fallback === 'ar' || fallback === 'fa') return detected;
    const guess = bestOf(this.arabicOrFarsi, text, ['ar', 'fa'])?.label;
    return guess === 'fa' || guess === 'ar' ? { ...detected, language: guess } : detected;
  }

  /**
   * Classifies one message. `lang` forces the language; otherwise it is detected (script
   * first), with `fallback` (the conversation's language) when the text does not say.
   * NLP.js is never called without a language: it throws on scripts it was not trained on.
   */
  async classify(text: string, opts: ClassifyOptions = {}): Promise<Classification> {
    const { nlp, ngram: ngramModels } = this; // the models of this call, even if `useModelOf` swaps them meanwhile
    const detected = opts.lang ? { ...detectLanguage(text, opts.lang), language: opts.lang } : this.detect(text, opts.fallback ?? 'el');
    const greeklish = detected.language === 'el' && !/[\u0370-\u03ff]/.test(text) && /[a-z]/i.test(text);
    const prepared = greeklish ? greeklishToGreek(text) : normalize(detected.language, text);
    const base = { text, language: detected.language, greeklish, languageConfident: opts.lang ? true : detected.confident };
    if (!prepared) return { ...base, intent: 'None', score: 1, alternatives: [] };
    const result = await nlp.process(detected.language, prepared);
    const ngram = ngramModels[detected.language]?.predict(prepared) ?? [];
    const ranked = combineScores(ngram, result.classifications ?? []);
    // The safety check's danger phrases (src/bot/safety) decide `emergency` too: the conversation
    // core treats such a message as an emergency whatever the models say, so the intent agrees.
    if (opts.patterns !== false && ranked[0]?.intent !== 'emergency' && detectDanger(text, detected.language)) {
      const at = ranked.findIndex((r) => r.intent === 'emergency');
      const emergency = at >= 0 ? ranked.splice(at, 1)[0]! : { intent: 'emergency' as const, score: 0 };
      ranked.unshift({ intent: 'emergency', score: Math.max(emergency.score, CONFIDENT_DANGER) });
    }
    const best = ranked[0] ?? { intent: 'None' as const, score: 0 };
    // A staff-assigned example decides, except against the models' reading of an emergency.
    // Looked up in the detected language, then in the conversation's (the example's language is the message's).
    const fallback = opts.lang ?? opts.fallback;
    const learned = this.learned.get(learnedKey(detected.language, text)) ?? (fallback && fallback !== detected.language ? this.learned.get(learnedKey(fallback, text)) : undefined);
    if (learned && best.intent !== 'emergency') return { ...base, intent: learned, score: 1, alternatives: [{ intent: learned, score: 1 }, ...ranked.filter((r) => r.intent !== learned).slice(0, 2)] };
    return { ...base, intent: best.intent, score: best.score, alternatives: ranked.slice(0, 3) };
  }
}
