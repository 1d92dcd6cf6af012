/**
 * NLU benchmark (npm run bench:nlu): top-1 accuracy per language and per intent on the
 * held-out files (never used for training), language detection accuracy, emergency recall,
 * classification latency p50/p99 in-process, and memory. Writes the confusion matrix to
 * bench/results/nlu-confusion.csv and all figures to bench/results/nlu.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { IntentClassifier } from '../src/nlu/classifier.js';
import { CORPUS_LANGUAGES, readCorpus, type CorpusLanguage } from '../src/nlu/corpus.js';
import { ALL_INTENTS, type IntentOrNone } from '../src/nlu/intents.js';
import { percentile } from './lib/process.js';

const t0 = performance.now();
const classifier = await IntentClassifier.create(process.argv.includes('--no-cache') ? { cacheDir: null } : {});
const trainMs = performance.now() - t0;

const confusion = new Map<string, number>();
const perLanguage: Record<string, { total: number; correct: number; languageCorrect: number }> = {};
const perIntent: Record<string, { total: number; correct: number }> = {};
const emergencies = { total: 0, recognised: 0, missed: [] as string[] };
const latencies: number[] = [];

for (const lang of CORPUS_LANGUAGES) {
  const heldout = readCorpus('heldout', lang);
  const expectedLanguage = lang === 'greeklish' ? 'el' : lang;
  const stats = (perLanguage[lang] = { total: 0, correct: 0, languageCorrect: 0 });
  for (const [intent, texts] of Object.entries(heldout) as [IntentOrNone, string[]][]) {
    for (const text of texts) {
      const start = performance.now();
      const c = await classifier.classify(text);
      latencies.push(performance.now() - start);
      stats.total++;
      if (c.language === expectedLanguage) stats.languageCorrect++;
      const ok = c.intent === intent;
      if (ok) stats.correct++;
      const pi = (perIntent[intent] ??= { total: 0, correct: 0 });
      pi.total++;
      if (ok) pi.correct++;
      const key = `${intent}\t${c.intent}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
      if (intent === 'emergency') {
        emergencies.total++;
        if (c.intent === 'emergency') emergencies.recognised++;
        else emergencies.missed.push(`${lang}: ${text} → ${c.intent}`);
      }
    }
  }
}

latencies.sort((a, b) => a - b);
const rss = process.memoryUsage().rss / 1024 / 1024;
const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) + '%' : 'n/a');

console.log(`model ready in ${trainMs.toFixed(0)} ms (${process.argv.includes('--no-cache') ? 'trained' : 'cached when present'})`);
console.log('\nlanguage    messages  intent top-1  language detected');
for (const [lang, s] of Object.entries(perLanguage)) console.log(`${lang.padEnd(10)}  ${String(s.total).padStart(8)}  ${pct(s.correct, s.total).padStart(12)}  ${pct(s.languageCorrect, s.total).padStart(17)}`);
console.log('\nintent                          top-1');
for (const intent of ALL_INTENTS) {
  const s = perIntent[intent];
  if (s) console.log(`${intent.padEnd(30)}  ${pct(s.correct, s.total)}`);
}
console.log(`\nemergencies recognised: ${emergencies.recognised} / ${emergencies.total}`);
for (const m of emergencies.missed.slice(0, 20)) console.log(`  missed: ${m}`);
console.log(`latency per message: p50 ${percentile(latencies, 50).toFixed(3)} ms, p99 ${percentile(latencies, 99).toFixed(3)} ms, max ${latencies.at(-1)?.toFixed(3)} ms (${latencies.length} messages)`);
console.log(`memory: RSS ${rss.toFixed(0)} MB`);

mkdirSync('bench/results', { recursive: true });
const header = ['expected \\ got', ...ALL_INTENTS].join(',');
const rows = ALL_INTENTS.map((e) => [e, ...ALL_INTENTS.map((g) => confusion.get(`${e}\t${g}`) ?? 0)].join(','));
writeFileSync('bench/results/nlu-confusion.csv', [header, ...rows].join('\n') + '\n');
writeFileSync('bench/results/nlu.json', JSON.stringify({ at: new Date().toISOString(), trainMs, perLanguage, perIntent, emergencies, latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) }, rssMb: rss }, null, 2));
console.log('\nwritten: bench/results/nlu.json, bench/results/nlu-confusion.csv');
export type { CorpusLanguage };
