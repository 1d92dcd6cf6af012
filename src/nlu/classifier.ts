import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
import { detectLanguage } from './detect.js';
import { greeklishToGreek } from './greeklish.js';
import { ALL_INTENTS, type IntentOrNone } from './intents.js';
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

/** Bump when normalisation changes: cached models are keyed by it. */
const MODEL_VERSION = 1;

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
  const nlp = new Nlp({ languages: [...LANGUAGES], autoSave: false, autoLoad: false, nlu: { log: false }, forceNER: false }, container);
  nlp.settings.autoSave = false;
  return nlp;
}

/**
 * Intent classification with NLP.js, one model per language, trained from src/nlu/corpus
 * (and extra examples) and cached on disk by a hash of its inputs, so start-up loads a file
 * instead of training.
 */
export class IntentClassifier {
  private constructor(private readonly nlp: Nlp) {}

  static async create(options: { extra?: ExtraExamples; cacheDir?: string | null } = {}): Promise<IntentClassifier> {
    const extra = options.extra ?? {};
    const hash = createHash('sha256').update(String(MODEL_VERSION)).update(corpusText('train')).update(JSON.stringify(extra)).digest('hex').slice(0, 16);
    const cacheDir = options.cacheDir === undefined ? projectPath('generated', 'nlu') : options.cacheDir;
    const cacheFile = cacheDir ? join(cacheDir, `model-${hash}.json`) : null;
    const nlp = await newNlp();
    if (cacheFile && existsSync(cacheFile)) {
      nlp.fromJSON(JSON.parse(readFileSync(cacheFile, 'utf8')));
      return new IntentClassifier(nlp);
    }
    const set = trainingSet(extra);
    for (const lang of LANGUAGES) for (const [text, intent] of set[lang]) if (text) nlp.addDocument(lang, text, intent);
    await nlp.train();
    if (cacheFile && cacheDir) {
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(cacheFile, JSON.stringify(nlp.toJSON()));
    }
    return new IntentClassifier(nlp);
  }

  /**
   * Classifies one message. `lang` forces the language; otherwise it is detected (script
   * first), with `fallback` (the conversation's language) when the text does not say.
   * NLP.js is never called without a language: it throws on scripts it was not trained on.
   */
  async classify(text: string, opts: { lang?: Language; fallback?: Language } = {}): Promise<Classification> {
    const detected = opts.lang ? { ...detectLanguage(text, opts.lang), language: opts.lang } : detectLanguage(text, opts.fallback ?? 'el');
    const greeklish = detected.language === 'el' && !/[\u0370-\u03ff]/.test(text) && /[a-z]/i.test(text);
    const prepared = greeklish ? greeklishToGreek(text) : normalize(detected.language, text);
    const base = { text, language: detected.language, greeklish, languageConfident: opts.lang ? true : detected.confident };
    if (!prepared) return { ...base, intent: 'None', score: 1, alternatives: [] };
    const result = await this.nlp.process(detected.language, prepared);
    const known = (result.classifications ?? []).filter((c) => (ALL_INTENTS as readonly string[]).includes(c.intent)) as { intent: IntentOrNone; score: number }[];
    const intent = (ALL_INTENTS as readonly string[]).includes(result.intent) ? (result.intent as IntentOrNone) : 'None';
    return { ...base, intent, score: result.score ?? 0, alternatives: known.slice(0, 3) };
  }
}
