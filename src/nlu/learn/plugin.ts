import fp from 'fastify-plugin';
import type { FastifyBaseLogger } from 'fastify';
import type { Prisma } from '../../db/client.js';
import type { IntentClassifier } from '../classifier.js';
import { asExtraExamples, examplesVersion, loadExamples, RETRAIN_JOB, type LearnedExample } from './examples.js';
import { retrainInWorker, type Retrainer, type RetrainRequest } from './retrain.js';

declare module 'fastify' {
  interface FastifyInstance {
    learning: LearningLoop;
  }
}

export interface LearningLoopOptions {
  /** Retrain the model with the examples in the background (default); false: the lookup layer only. */
  retrain?: boolean;
  /** Where models trained with examples are cached (null: not cached). */
  cacheDir?: string | null;
  /** How the model is retrained (tests may pass a stand-in); default: in a worker thread. */
  retrainer?: Retrainer;
  /** After a failed retrain, the next attempt waits this long (ms). */
  retryMs?: number;
  log?: Pick<FastifyBaseLogger, 'info' | 'warn'>;
}

/** The examples as training data, in a stable form (the model's key: same examples, same key). */
function trainingData(examples: readonly LearnedExample[]): { extra: RetrainRequest['extra']; key: string } {
  const sorted = [...examples].filter((e) => e.intent !== 'None').sort((a, b) => a.language.localeCompare(b.language) || a.intent.localeCompare(b.intent) || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const extra = asExtraExamples(sorted, false);
  return { extra, key: JSON.stringify(extra) };
}

/**
 * Keeps the running classifier in step with the staff-assigned examples (table NluExample), in
 * two steps:
 *
 * 1. At once, a lookup layer in front of the models (IntentClassifier.useLearned): the same text
 *    gets the assigned intent the next time, exactly. The whole map is swapped in one assignment.
 * 2. In the background, the model is retrained with the shipped corpus plus the examples (not
 *    the noise) in a worker thread (retrain.ts; about 30 s of one core), then swapped in
 *    (IntentClassifier.useModelOf), so it also understands other wordings of an example.
 *
 * One retrain at a time: examples that change while it runs are trained right after it, in one
 * batch. A classification in flight sees the old examples/model or the new ones.
 */
export class LearningLoop {
  /** The examples' version (Setting nlu.examples.version) this process has loaded. */
  loadedVersion: string | null = null;
  /** Key of the examples the running model was trained with ('{}': the shipped model). */
  modelKey = '{}';
  /** Retrains done by this process, and how long the last one took in the worker (ms). */
  retrains = 0;
  lastRetrainMs: number | null = null;

  private wanted: { extra: RetrainRequest['extra']; key: string } | null = null;
  private running: Promise<void> | null = null;
  private failedAt = 0;
  private readonly abort = new AbortController();

  constructor(
    private readonly prisma: Prisma,
    private readonly classifier: IntentClassifier | undefined,
    private readonly options: LearningLoopOptions = {},
  ) {}

  /**
   * Loads the examples when their version changed (or always with `force`) into the lookup
   * layer, and starts a background retrain when the model was trained with other examples;
   * true when the examples were loaded.
   */
  async refresh(force = false): Promise<boolean> {
    if (!this.classifier) return false;
    const version = await examplesVersion(this.prisma);
    if (!force && version === this.loadedVersion) {
      // A failed retrain is tried again at a later check.
      if (this.wanted && this.wanted.key !== this.modelKey && Date.now() - this.failedAt >= (this.options.retryMs ?? 10 * 60_000)) this.startRetrain();
      return false;
    }
    const examples = await loadExamples(this.prisma);
    // Noise stays `None` anyway: only intents go into the layer.
    this.classifier.useLearned(examples.filter((e) => e.intent !== 'None'));
    this.loadedVersion = version;
    if (this.options.retrain !== false) {
      this.wanted = trainingData(examples);
      this.startRetrain();
    }
    return true;
  }

  /** Settles when no retrain is running or due (tests; a failed one does not wait for its retry). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops a retrain in progress (its worker is terminated) and any later one; settles when it has stopped. */
  async close(): Promise<void> {
    this.abort.abort(new Error('closed'));
    await this.idle();
  }

  private startRetrain(): void {
    if (this.running || this.abort.signal.aborted || !this.wanted || this.wanted.key === this.modelKey) return;
    const settle = (failed: boolean): void => {
      this.running = null;
      // Examples that arrived as the loop ended are not left for the next check.
      if (!failed) this.startRetrain();
    };
    this.running = this.retrainLoop().then(settle, () => settle(true));
  }

  /** Trains until the model matches the latest examples (each round trains the latest at its start); true when a retrain failed. */
  private async retrainLoop(): Promise<boolean> {
    const retrainer = this.options.retrainer ?? retrainInWorker;
    while (this.wanted && this.wanted.key !== this.modelKey && !this.abort.signal.aborted) {
      const { extra, key } = this.wanted;
      try {
        const { classifier, ms, cacheProblem } = await retrainer({ extra, cacheDir: this.options.cacheDir ?? null }, this.abort.signal);
        if (this.abort.signal.aborted) return false;
        this.classifier!.useModelOf(classifier);
        this.modelKey = key;
        this.retrains += 1;
        this.lastRetrainMs = ms;
        const count = Object.values(extra).reduce((n, corpus) => n + Object.values(corpus ?? {}).reduce((m, u) => m + (u?.length ?? 0), 0), 0);
        if (cacheProblem) this.options.log?.warn({ problem: cacheProblem }, 'the retrained NLU model could not be cached (set NLU_MODEL_DIR to a writable folder); it is trained again at the next start');
        this.options.log?.info({ examples: count, ms }, 'NLU model with the staff-assigned examples swapped in (trained in a worker thread, or loaded from its cache)');
      } catch (err) {
        if (this.abort.signal.aborted) return false;
        this.failedAt = Date.now();
        this.options.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'NLU retrain failed; the lookup layer still applies; will retry');
        return true;
      }
    }
    return false;
  }
}

export interface LearningOptions {
  /** How often each replica checks the examples' version (ms); other replicas' changes arrive this way. */
  pollMs?: number;
  /** Retrain in the background (NLU_RETRAIN); default true. */
  retrain?: boolean;
  /** Cache of models trained with examples (NLU_MODEL_DIR). */
  cacheDir?: string | null;
}

/**
 * App plugin: the improvement loop. The `nlu.retrain` job (queued by POST /api/nlu/examples)
 * loads the examples on the replica that runs it; every replica also compares the version in
 * the database every `pollMs`, so all of them pick up a change without a restart, and each
 * retrains its own model in the background. At start-up it serves on the shipped model at once;
 * with examples, the retrained model follows (from the cache when one was trained with them).
 */
export const learningPlugin = fp<LearningOptions>(
  async (app, options) => {
    const loop = new LearningLoop(app.db.prisma, app.core.classifier, { retrain: options.retrain, cacheDir: options.cacheDir, log: app.log });
    app.decorate('learning', loop);
    app.jobs.register(RETRAIN_JOB, async () => {
      await loop.refresh(true);
    });
    const pollMs = options.pollMs ?? 30_000;
    const check = (): void => {
      loop.refresh().catch((err: unknown) => app.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not load the learned NLU examples; will retry'));
    };
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      check();
      timer = setInterval(check, pollMs);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await loop.close();
    });
  },
  { name: 'learning', dependencies: ['db', 'core', 'jobs'] },
);
