import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Db } from '../../src/db/client.js';
import { cancelJob, claimJobs, enqueueJob } from '../../src/jobs/queue.js';
import { JobWorker } from '../../src/jobs/worker.js';
import { migratedDatabase, providers, type TestDatabase } from '../support/db.js';

const quiet = pino({ level: 'silent' });

describe.each(providers())('the job queue on %s', (provider) => {
  let db: Db;
  let other: Db;
  let database: TestDatabase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ db, database, cleanup } = await migratedDatabase(provider));
    // A second connection plays a second replica.
    other = await database.open();
  });
  afterAll(async () => {
    await other.close();
    await cleanup();
  });

  it('keeps one job per unique key, also when two replicas enqueue it at once', async () => {
    const ids = await Promise.all([
      enqueueJob(db.prisma, 'test.unique', { n: 1 }, { uniqueKey: 'reminder:a1' }),
      enqueueJob(other.prisma, 'test.unique', { n: 2 }, { uniqueKey: 'reminder:a1' }),
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect(await db.prisma.job.count({ where: { uniqueKey: 'reminder:a1' } })).toBe(1);
  });

  it('runs each due job exactly once when two workers on two connections claim together', async () => {
    const runs = new Map<string, number>();
    const handler = async (job: { payload: unknown }) => {
      const n = (job.payload as { n: number }).n;
      runs.set(String(n), (runs.get(String(n)) ?? 0) + 1);
    };
    const a = new JobWorker(db, quiet, { concurrency: 3 });
    const b = new JobWorker(other, quiet, { concurrency: 3 });
    a.register('test.once', handler);
    b.register('test.once', handler);
    for (let n = 0; n < 30; n++) await enqueueJob(db.prisma, 'test.once', { n });
    // Not yet due: untouched.
    await enqueueJob(db.prisma, 'test.once', { n: 99 }, { runAt: new Date(Date.now() + 3_600_000) });
    const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
    expect(ranA + ranB).toBe(30);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(runs.size).toBe(30);
    expect(await db.prisma.job.count({ where: { kind: 'test.once', status: 'done' } })).toBe(30);
    expect(await db.prisma.job.count({ where: { kind: 'test.once', status: 'queued' } })).toBe(1);
  });

  it('retries a failing job later and marks it dead after its last attempt, with the error kept', async () => {
    const worker = new JobWorker(db, quiet, { backoff: { baseMs: 1, capMs: 1 } });
    let calls = 0;
    worker.register('test.fails', async () => {
      calls += 1;
      throw new Error('channel down');
    });
    const id = await enqueueJob(db.prisma, 'test.fails', {}, { maxAttempts: 3 });
    for (let i = 0; i < 3; i++) await worker.runDue(new Date(Date.now() + 60_000));
    const job = await db.prisma.job.findUniqueOrThrow({ where: { id } });
    expect(calls).toBe(3);
    expect(job.status).toBe('dead');
    expect(job.lastError).toBe('channel down');
  });

  it('lets another replica take over a job whose worker died mid-run, once the lease ends', async () => {
    const id = await enqueueJob(db.prisma, 'test.lease', {});
    // The first replica claims it and dies (never finishes).
    const claimed = await claimJobs(db, { workerId: 'dead-replica', kinds: ['test.lease'], limit: 1, leaseMs: 60_000 });
    expect(claimed.map((j) => j.id)).toEqual([id]);
    const survivor = new JobWorker(other, quiet);
    let ran = 0;
    survivor.register('test.lease', async () => void (ran += 1));
    expect(await survivor.runDue()).toBe(0);
    expect(await survivor.runDue(new Date(Date.now() + 61_000))).toBe(1);
    expect(ran).toBe(1);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id } })).status).toBe('done');
  });

  it('cancels a queued job by its key so it never runs', async () => {
    await enqueueJob(db.prisma, 'test.cancel', {}, { uniqueKey: 'reminder:cancelled' });
    expect(await cancelJob(db.prisma, 'reminder:cancelled')).toBe(true);
    const worker = new JobWorker(db, quiet);
    let ran = 0;
    worker.register('test.cancel', async () => void (ran += 1));
    await worker.runDue();
    expect(ran).toBe(0);
  });
});
