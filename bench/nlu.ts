/**
 * NLU benchmark (npm run bench:nlu): top-1 accuracy per language and per intent on the
 * held-out files (never used for training), language detection accuracy, emergency recall,
 * classification latency p50/p99 in-process, and memory. Writes the confusion matrix to
 * bench/results/nlu-confusion.csv and all figures to bench/results/nlu.json.
 *
 * `npm run bench:nlu -- --validate`: 5-fold cross-validation on the TRAIN files only (fold =
 * position within the intent's list mod 5), for choosing options of the n-gram model and the
 * ensemble weight without looking at the held-out files. NG='{"minDf":2}' overrides options.
 *
 * `npm run bench:nlu -- --with-examples`: trained with the deployment's staff-assigned examples too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { detectDanger } from '../src/bot/safety/detect.js';
import { IntentClassifier } from '../src/nlu/classifier.js';
import { CORPUS_LANGUAGES, readCorpus, type CorpusLanguage } from '../src/nlu/corpus.js';
import { ALL_INTENTS, type IntentOrNone } from '../src/nlu/intents.js';
import { percentile } from './lib/process.js';

if (process.argv.includes('--validate')) {
  await validate();
  process.exit(0);
}

async function validate(): Promise<void> {
  const { NgramModel } = await import('../src/nlu/ngram.js');
  const { NGRAM_OPTIONS, combineScores } = await import('../src/nlu/classifier.js');
  const { normalize } = await import('../src/nlu/normalize.js');
  const { greeklishToGreek } = await import('../src/nlu/greeklish.js');
  const { containerBootstrap } = await import('@nlpjs/core');
  const { Nlp } = await import('@nlpjs/nlp');
  const plugins = {
    el: (await import('@nlpjs/lang-el')).LangEl, en: (await import('@nlpjs/lang-en')).LangEn, ar: (await import('@nlpjs/lang-ar')).LangAr,
    fa: (await import('@nlpjs/lang-fa')).LangFa, uk: (await import('@nlpjs/lang-uk')).LangUk, fr: (await import('@nlpjs/lang-fr')).LangFr,
  };
  const options = { ...NGRAM_OPTIONS, ...(JSON.parse(process.env.NG ?? '{}') as object) };
  const weights = [1, 0.9, 0.85, 0.8, 0.7, 0];
  const K = 5;
  for (const lang of Object.keys(plugins) as (keyof typeof plugins)[]) {
    const examples: { text: string; intent: string; fold: number; src: CorpusLanguage }[] = [];
    for (const src of lang === 'el' ? (['el', 'greeklish'] as const) : [lang]) {
      for (const [intent, texts] of Object.entries(readCorpus('train', src))) {
        texts.forEach((t, i) => examples.push({ text: src === 'greeklish' ? greeklishToGreek(t) : normalize(lang, t), intent, fold: i % K, src }));
      }
    }
    const correct = new Map<string, number[]>();
    const totals = new Map<string, number>();
    for (let k = 0; k < K; k++) {
      const train = examples.filter((e) => e.fold !== k && e.text);
      const ngram = NgramModel.train(train.map((e) => [e.text, e.intent] as const), options);
      const container = containerBootstrap();
      container.use(plugins[lang]);
      const nlp = new Nlp({ languages: [lang], autoSave: false, autoLoad: false, nlu: { log: false }, forceNER: false, threshold: 0 }, container);
      for (const e of train) nlp.addDocument(lang, e.text, e.intent);
      await nlp.train();
      for (const e of examples.filter((x) => x.fold === k)) {
        const ng = ngram.predict(e.text);
        const nl = e.text ? (await nlp.process(lang, e.text)).classifications : [];
        const row = correct.get(e.src) ?? weights.map(() => 0);
        weights.forEach((w, i) => (row[i]! += combineScores(ng, nl, w)[0]?.intent === e.intent ? 1 : 0));
        correct.set(e.src, row);
        totals.set(e.src, (totals.get(e.src) ?? 0) + 1);
      }
    }
    for (const [src, row] of correct) console.log(`${src.padEnd(10)} ${weights.map((w, i) => `w=${w}: ${((100 * row[i]!) / totals.get(src)!).toFixed(1)}%`).join('  ')}`);
  }
}

/**
 * `--with-examples`: the staff-assigned examples of the deployment's database (DATABASE_URL,
 * table NluExample, src/nlu/learn) join the training data (a full retrain, not cached) and the
 * lookup layer, as in the running app.
 */
const learned = process.argv.includes('--with-examples') ? await deploymentExamples() : null;

async function deploymentExamples() {
  const { loadEnv } = await import('../src/config/env.js');
  const { openDb } = await import('../src/db/client.js');
  const { loadExamples } = await import('../src/nlu/learn/examples.js');
  const db = await openDb(loadEnv().DATABASE_URL);
  try {
    const examples = await loadExamples(db.prisma);
    console.log(`${examples.length} staff-assigned examples from the database`);
    return examples;
  } finally {
    await db.close();
  }
}

global.gc?.();
const heapBefore = process.memoryUsage();
const t0 = performance.now();
const classifier = await IntentClassifier.create(
  learned ? { cacheDir: null, extra: (await import('../src/nlu/learn/examples.js')).asExtraExamples(learned) } : process.argv.includes('--no-cache') ? { cacheDir: null } : {},
);
if (learned) classifier.useLearned(learned.filter((e) => e.intent !== 'None'));
const trainMs = performance.now() - t0;
global.gc?.();
const heapAfter = process.memoryUsage();
/** What the loaded model holds (heap + array buffers); exact with `node --expose-gc`. */
const modelMb = (heapAfter.heapUsed + heapAfter.arrayBuffers - heapBefore.heapUsed - heapBefore.arrayBuffers) / 1024 / 1024;

const confusion = new Map<string, number>();
const perLanguage: Record<string, { total: number; correct: number; top3: number; languageCorrect: number; confident: number; confidentCorrect: number }> = {};
/** The conversation core acts on an intent without asking back from this score (dialogs/understanding.ts). */
const CONFIDENT = 0.6;
const perIntent: Record<string, { total: number; correct: number }> = {};
const emergencies = { total: 0, recognised: 0, missed: [] as string[], byModelsAlone: 0, byPatternsAlone: 0, falseAlarms: 0, falseAlarmsByModelsAlone: 0 };
const latencies: number[] = [];

for (const lang of CORPUS_LANGUAGES) {
  const heldout = readCorpus('heldout', lang);
  const expectedLanguage = lang === 'greeklish' ? 'el' : lang;
  const stats = (perLanguage[lang] = { total: 0, correct: 0, top3: 0, languageCorrect: 0, confident: 0, confidentCorrect: 0 });
  for (const [intent, texts] of Object.entries(heldout) as [IntentOrNone, string[]][]) {
    for (const text of texts) {
      const start = performance.now();
      const c = await classifier.classify(text);
      latencies.push(performance.now() - start);
      stats.total++;
      if (c.language === expectedLanguage) stats.languageCorrect++;
      const ok = c.intent === intent;
      if (ok) stats.correct++;
      // Below CONFIDENT the citizen is asked "Did you mean …?" with these three as buttons.
      if (c.alternatives.some((a) => a.intent === intent)) stats.top3++;
      if (c.score >= CONFIDENT) {
        stats.confident++;
        if (ok) stats.confidentCorrect++;
      }
      const pi = (perIntent[intent] ??= { total: 0, correct: 0 });
      pi.total++;
      if (ok) pi.correct++;
      const key = `${intent}\t${c.intent}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
      // The classifier counts the safety check's danger phrases (src/bot/safety) too; the models
      // alone and the phrases alone are reported besides.
      const byModels = (await classifier.classify(text, { patterns: false })).intent === 'emergency';
      const byPatterns = detectDanger(text, expectedLanguage) !== null;
      if (intent === 'emergency') {
        emergencies.total++;
        if (byModels) emergencies.byModelsAlone++;
        if (byPatterns) emergencies.byPatternsAlone++;
        if (c.intent === 'emergency') emergencies.recognised++;
        else emergencies.missed.push(`${lang}: ${text} → ${c.intent}`);
      } else {
        if (c.intent === 'emergency') emergencies.falseAlarms++;
        if (byModels) emergencies.falseAlarmsByModelsAlone++;
      }
    }
  }
}

latencies.sort((a, b) => a - b);
const rss = process.memoryUsage().rss / 1024 / 1024;
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) + '%' : 'n/a');

console.log(`model ready in ${trainMs.toFixed(0)} ms (${learned ? `trained with ${learned.length} staff examples` : process.argv.includes('--no-cache') ? 'trained' : 'cached when present'})`);
console.log(`\nlanguage    messages  intent top-1  top-3  language detected  score >= ${CONFIDENT}  top-1 there`);
for (const [lang, s] of Object.entries(perLanguage)) console.log(`${lang.padEnd(10)}  ${String(s.total).padStart(8)}  ${pct(s.correct, s.total).padStart(12)}  ${pct(s.top3, s.total).padStart(5)}  ${pct(s.languageCorrect, s.total).padStart(17)}  ${pct(s.confident, s.total).padStart(13)}  ${pct(s.confidentCorrect, s.confident).padStart(11)}`);
console.log('\nintent                          top-1');
for (const intent of ALL_INTENTS) {
  const s = perIntent[intent];
  if (s) console.log(`${intent.padEnd(30)}  ${pct(s.correct, s.total)}`);
}
console.log(`\nemergencies recognised: ${emergencies.recognised} / ${emergencies.total} (models alone ${emergencies.byModelsAlone}, danger phrases alone ${emergencies.byPatternsAlone}); other messages read as emergency: ${emergencies.falseAlarms} (models alone ${emergencies.falseAlarmsByModelsAlone})`);
for (const m of emergencies.missed.slice(0, 20)) console.log(`  missed: ${m}`);
console.log(`latency per message: p50 ${percentile(latencies, 50).toFixed(3)} ms, p99 ${percentile(latencies, 99).toFixed(3)} ms, max ${latencies.at(-1)?.toFixed(3)} ms (${latencies.length} messages)`);
console.log(`memory: RSS ${rss.toFixed(0)} MB; the loaded model ≈ ${modelMb.toFixed(0)} MB of heap${global.gc ? '' : ' (approximate: run with node --expose-gc for an exact figure)'}`);

mkdirSync('bench/results', { recursive: true });
const header = ['expected \\ got', ...ALL_INTENTS].join(',');
const rows = ALL_INTENTS.map((e) => [e, ...ALL_INTENTS.map((g) => confusion.get(`${e}\t${g}`) ?? 0)].join(','));
writeFileSync('bench/results/nlu-confusion.csv', [header, ...rows].join('\n') + '\n');
writeFileSync('bench/results/nlu.json', JSON.stringify({ at: new Date().toISOString(), trainMs, learnedExamples: learned?.length ?? 0, perLanguage, perIntent, emergencies, latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) }, rssMb: rss, modelMb }, null, 2));
console.log('\nwritten: bench/results/nlu.json, bench/results/nlu-confusion.csv');
export type { CorpusLanguage };
