// The retrain worker thread (started by retrain.ts): trains the intent model from the shipped
// corpus plus the examples it is given, hands the serialised model back, and exits, so no second
// model stays in memory.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { IntentClassifier } from '../classifier.js';
import type { RetrainRequest, RetrainResult } from './retrain.js';

const request = workerData as RetrainRequest;

/** The cache folder when it can be written (a read-only install trains without caching). */
function usable(dir: string | null): { dir: string | null; problem?: string } {
  if (!dir) return { dir };
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { dir };
  } catch (err) {
    return { dir: null, problem: `${dir}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const started = performance.now();
const empty = Object.keys(request.extra).length === 0;
// Without examples it is the shipped model, cached where `npm install` put it. With examples,
// their own folder: IntentClassifier.create keeps one model per folder and would delete the
// shipped one, which start-up loads.
const cache: { dir: string | null; problem?: string } = empty ? { dir: null } : usable(request.cacheDir);
const classifier = await IntentClassifier.create(empty ? {} : { extra: request.extra, cacheDir: cache.dir });
if (empty && request.cacheDir && existsSync(request.cacheDir)) {
  // No examples any more (e.g. erased): no model trained on them stays on disk.
  try {
    for (const f of readdirSync(request.cacheDir)) if (/^model-.*\.json$/.test(f)) rmSync(join(request.cacheDir, f), { force: true });
  } catch {
    // A read-only folder holds no model of ours.
  }
}
const trainedMs = performance.now() - started;
const bytes = new TextEncoder().encode(classifier.serialise());
const result: RetrainResult = { model: bytes, ms: Math.round(trainedMs), ...(cache.problem ? { cacheProblem: cache.problem } : {}) };
// Transferred, not copied: the main thread gets the buffer itself.
parentPort!.postMessage(result, [bytes.buffer]);
