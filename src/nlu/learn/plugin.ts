import fp from 'fastify-plugin';
import type { Prisma } from '../../db/client.js';
import type { IntentClassifier } from '../classifier.js';
import { examplesVersion, loadExamples, RETRAIN_JOB } from './examples.js';

declare module 'fastify' {
  interface FastifyInstance {
    learning: LearningLoop;
  }
}

/**
 * Keeps the running classifier in step with the staff-assigned examples (table NluExample).
 * The examples are a lookup layer in front of the models (IntentClassifier.useLearned): a full
 * NLP.js retrain takes minutes on two cores, a lookup takes milliseconds and makes "a message
 * assigned to an intent is understood the next time" exact. The whole map is swapped in one
 * assignment, so a classification in flight sees the old examples or the new ones.
 */
export class LearningLoop {
  /** The examples' version (Setting nlu.examples.version) this process has loaded. */
  loadedVersion: string | null = null;

  constructor(
    private readonly prisma: Prisma,
    private readonly classifier: IntentClassifier | undefined,
  ) {}

  /** Loads the examples when their version changed (or always with `force`); true when it did. */
  async refresh(force = false): Promise<boolean> {
    if (!this.classifier) return false;
    const version = await examplesVersion(this.prisma);
    if (!force && version === this.loadedVersion) return false;
    const examples = await loadExamples(this.prisma);
    // Noise stays `None` anyway: only intents go into the layer.
    this.classifier.useLearned(examples.filter((e) => e.intent !== 'None'));
    this.loadedVersion = version;
    return true;
  }
}

export interface LearningOptions {
  /** How often each replica checks the examples' version (ms); other replicas' changes arrive this way. */
  pollMs?: number;
}

/**
 * App plugin: the improvement loop. The `nlu.retrain` job (queued by POST /api/nlu/examples)
 * loads the examples on the replica that runs it; every replica also compares the version in
 * the database every `pollMs`, so all of them pick up a change without a restart.
 */
export const learningPlugin = fp<LearningOptions>(
  async (app, options) => {
    const loop = new LearningLoop(app.db.prisma, app.core.classifier);
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
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'learning', dependencies: ['db', 'core', 'jobs'] },
);
