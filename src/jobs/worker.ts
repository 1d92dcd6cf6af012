import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.js';
import { DEFAULT_BACKOFF, nextDelay, type BackoffSettings } from '../bot/outbox/backoff.js';
import { claimJobs, failJob, finishJob, type JobRecord } from './queue.js';

/** Does the work of one job. Throwing retries it with backoff, up to the job's maxAttempts. */
export type JobHandler = (job: JobRecord) => Promise<void>;

export interface JobWorkerOptions {
  /** How often to look for due jobs (ms). */
  pollMs?: number;
  /** Jobs run at once. */
  concurrency?: number;
  /** How long a claim holds before another replica may run the job (ms); longer than any job. */
  leaseMs?: number;
  backoff?: BackoffSettings;
}

const DEFAULTS = { pollMs: 2_000, concurrency: 4, leaseMs: 5 * 60_000 };

/**
 * Runs jobs of the database queue (table Job): reminders, retention purges, erasures,
 * retraining. Any number of processes may run one on the same database: claims are made in
 * the database (queue.ts), and a job whose process died is taken over when its lease ends.
 * A job runs at least once; handlers make their effects idempotent (a reminder checks that it
 * was not already sent).
 */
export class JobWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly options: typeof DEFAULTS & { backoff: BackoffSettings };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Set by stop(): a drain in progress ends after the batch in flight. */
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    options: JobWorkerOptions = {},
  ) {
    this.options = { ...DEFAULTS, backoff: DEFAULT_BACKOFF, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  }

  /** Registers the handler of a kind of job (before start). */
  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} registered twice`);
    this.handlers.set(kind, handler);
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the jobs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Asks the worker to look for due jobs now (after enqueueing one due at once). */
  wake(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  /**
   * Claims and runs the due jobs once, until none is due; returns how many ran. Tests and the
   * CLI call it directly; the poll loop calls it too.
   */
  async runDue(now?: Date): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await claimJobs(this.db, { workerId: this.id, kinds: this.kinds, limit: this.options.concurrency, leaseMs: this.options.leaseMs, ...(now ? { now } : {}) });
      if (jobs.length === 0) return ran;
      await Promise.all(jobs.map((job) => this.run(job)));
      ran += jobs.length;
      if (this.stopping) return ran;
    }
  }

  private async run(job: JobRecord): Promise<void> {
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job);
      await finishJob(this.db, job.id, this.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const outcome = await failJob(this.db, job, this.id, message, nextDelay(job.attempts, this.options.backoff)).catch(() => 'unknown');
      this.log[outcome === 'dead' ? 'error' : 'warn']({ jobId: job.id, kind: job.kind, attempts: job.attempts, err: message, outcome }, 'job failed');
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.runDue()
        .then(() => undefined)
        .catch((err: unknown) => this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'job queue unavailable; will retry'))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.pollMs);
        });
    }, delayMs);
    this.timer.unref?.();
  }
}
