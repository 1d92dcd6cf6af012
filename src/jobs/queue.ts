import { Prisma } from '../../generated/sqlite/client.js';
import type { Db } from '../db/client.js';

/** A job as a handler sees it. */
export interface JobRecord {
  id: string;
  kind: string;
  payload: unknown;
  /** 1 on the first run. */
  attempts: number;
  maxAttempts: number;
  runAt: Date;
}

export interface EnqueueOptions {
  /** When the job becomes due (default now). */
  runAt?: Date;
  /**
   * At most one job with this key ever exists: a second enqueue with the same key is ignored
   * (a reminder per appointment, a purge per day), also when two replicas enqueue at once.
   */
  uniqueKey?: string;
  maxAttempts?: number;
}

/** The Prisma client or an interactive transaction's client: jobs enqueued in a transaction commit with it. */
type JobWriter = Pick<Db['prisma'], 'job'>;

/** Queues a job; returns its id, or the id of the existing job with the same uniqueKey. */
export async function enqueueJob(db: JobWriter, kind: string, payload: unknown, options: EnqueueOptions = {}): Promise<string> {
  const data = {
    kind,
    payload: JSON.stringify(payload ?? {}),
    runAt: options.runAt ?? new Date(),
    ...(options.uniqueKey ? { uniqueKey: options.uniqueKey } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
  if (!options.uniqueKey) return (await db.job.create({ data, select: { id: true } })).id;
  const where = { uniqueKey: options.uniqueKey };
  const existing = await db.job.findUnique({ where, select: { id: true } });
  if (existing) return existing.id;
  try {
    return (await db.job.create({ data, select: { id: true } })).id;
  } catch (err) {
    // Another replica created it between our read and our insert: the unique key decided.
    if ((err as { code?: unknown }).code !== 'P2002') throw err;
    return (await db.job.findUniqueOrThrow({ where, select: { id: true } })).id;
  }
}

/** Cancels a queued job by its unique key (an appointment cancelled before its reminder). */
export async function cancelJob(db: JobWriter, uniqueKey: string): Promise<boolean> {
  const { count } = await db.job.updateMany({ where: { uniqueKey, status: 'queued' }, data: { status: 'cancelled', finishedAt: new Date() } });
  return count > 0;
}

/**
 * Claims up to `limit` due jobs of the given kinds for `workerId` until `leaseMs` from now.
 * A job whose worker died is due again when its lease ends (status stays 'running' with an
 * expired lockedUntil). PostgreSQL: FOR UPDATE SKIP LOCKED, so replicas never wait on or take
 * each other's rows; SQLite: the UPDATE runs under the single write lock and re-checks.
 */
export async function claimJobs(db: Db, request: { workerId: string; kinds: string[]; limit: number; leaseMs: number; now?: Date }): Promise<JobRecord[]> {
  if (request.kinds.length === 0 || request.limit <= 0) return [];
  const now = request.now ?? new Date();
  const leaseEnd = new Date(now.getTime() + request.leaseMs);
  const due = Prisma.sql`
    SELECT "id" FROM "Job"
    WHERE "kind" IN (${Prisma.join(request.kinds)})
      AND (("status" = 'queued' AND "runAt" <= ${now}) OR ("status" = 'running' AND "lockedUntil" <= ${now}))
    ORDER BY "runAt"
    LIMIT ${request.limit}`;
  const set = Prisma.sql`"status" = 'running', "lockedBy" = ${request.workerId}, "lockedUntil" = ${leaseEnd}, "attempts" = "attempts" + 1`;
  type Row = { id: string; kind: string; payload: string; attempts: number; maxAttempts: number; runAt: Date | string };
  const rows =
    db.provider === 'postgresql'
      ? await db.prisma.$queryRaw<Row[]>`
          WITH due AS (${due} FOR UPDATE SKIP LOCKED)
          UPDATE "Job" j SET ${set} FROM due WHERE j."id" = due."id"
          RETURNING j."id", j."kind", j."payload", j."attempts", j."maxAttempts", j."runAt"`
      : await db.prisma.$queryRaw<Row[]>`
          UPDATE "Job" SET ${set}
          WHERE "id" IN (${due})
            AND (("status" = 'queued' AND "runAt" <= ${now}) OR ("status" = 'running' AND "lockedUntil" <= ${now}))
          RETURNING "id", "kind", "payload", "attempts", "maxAttempts", "runAt"`;
  return rows.map((r) => ({ id: r.id, kind: r.kind, payload: parsePayload(r.payload), attempts: Number(r.attempts), maxAttempts: Number(r.maxAttempts), runAt: new Date(r.runAt) }));
}

function parsePayload(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return {};
  }
}

/** Marks a claimed job finished, only if this worker still holds it. */
export async function finishJob(db: Db, id: string, workerId: string): Promise<void> {
  await db.prisma.job.updateMany({ where: { id, lockedBy: workerId, status: 'running' }, data: { status: 'done', finishedAt: new Date(), lockedUntil: null, lastError: null } });
}

/** A failed run: queued again after `delayMs`, or dead after the last attempt. */
export async function failJob(db: Db, job: JobRecord, workerId: string, error: string, delayMs: number): Promise<'retry' | 'dead'> {
  const dead = job.attempts >= job.maxAttempts;
  await db.prisma.job.updateMany({
    where: { id: job.id, lockedBy: workerId, status: 'running' },
    data: dead
      ? { status: 'dead', finishedAt: new Date(), lockedUntil: null, lastError: error.slice(0, 1000) }
      : { status: 'queued', runAt: new Date(Date.now() + delayMs), lockedUntil: null, lastError: error.slice(0, 1000) },
  });
  return dead ? 'dead' : 'retry';
}
