import { Worker } from 'node:worker_threads';
import { IntentClassifier, type ExtraExamples } from '../classifier.js';

export interface RetrainRequest {
  /** The deployment's examples per language (intents only: noise is not trained). */
  extra: ExtraExamples;
  /** Where models trained with examples are cached (null: not cached). */
  cacheDir: string | null;
}

export interface RetrainResult {
  /** The model, as `IntentClassifier.serialise` wrote it (UTF-8). */
  model: Uint8Array;
  /** How long the worker took to train (or load a cached model), in ms. */
  ms: number;
  /** Why the model could not be cached (e.g. a read-only folder): it is trained again at the next start. */
  cacheProblem?: string;
}

/** Trains (or loads from the cache) a model in a worker thread; the promise settles when it is built. */
export type Retrainer = (request: RetrainRequest, signal: AbortSignal) => Promise<{ classifier: IntentClassifier; ms: number; cacheProblem?: string }>;

/**
 * The worker's entry: the compiled module next to this one in a build (dist/), else a small .mjs
 * that registers tsx in the worker first (TypeScript sources under bin/kentro.js, tsx or vitest).
 */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./retrain-worker.mjs', import.meta.url) : new URL('./retrain-worker.js', import.meta.url);
}

/**
 * Retrains the intent model in a worker thread, so that the 30 s or so of NLP.js and n-gram
 * training never block the event loop; only building the model from the handed-back JSON
 * (a few hundred ms) runs on this thread. The worker exits when it is done; `signal` ends it early.
 */
export const retrainInWorker: Retrainer = async (request, signal) => {
  signal.throwIfAborted();
  const result = await new Promise<RetrainResult>((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: request, stdout: false, stderr: false });
    let settled = false;
    const abort = (): void => {
      void worker.terminate();
    };
    signal.addEventListener('abort', abort, { once: true });
    const done = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      fn();
    };
    // Settles when the worker has exited (it does once it has posted the model), so no second
    // model stays in memory; a worker that lingers is ended.
    let result: RetrainResult | undefined;
    let linger: NodeJS.Timeout | undefined;
    worker.once('message', (message: RetrainResult) => {
      result = message;
      linger = setTimeout(abort, 10_000);
    });
    worker.once('error', (err) => done(() => reject(err)));
    worker.once('exit', (code) => {
      clearTimeout(linger);
      done(() => (result && !signal.aborted ? resolve(result) : reject(signal.aborted ? signal.reason : new Error(`the NLU retrain worker exited with code ${code} before handing a model back`))));
    });
  });
  signal.throwIfAborted();
  const classifier = await IntentClassifier.deserialise(new TextDecoder().decode(result.model));
  return { classifier, ms: result.ms, ...(result.cacheProblem ? { cacheProblem: result.cacheProblem } : {}) };
};
