import type { Prisma } from '../db/client.js';
import type { Metrics } from './metrics.js';

/** The shared queues as the database has them now (the same on every replica). */
export interface QueueSnapshot {
  outbox: { pending: number; dead: number; oldestPendingAt: Date | null };
  /** Per centre id (every centre, 0 included; 'none' for conversations without a centre yet). */
  handoff: Map<string, { waiting: number; oldestSince: Date | null }>;
  jobs: { queued: number; running: number; dead: number; due: number };
}

/** A handful of indexed counts, run at each scrape. */
export async function readQueues(prisma: Prisma, now = new Date()): Promise<QueueSnapshot> {
  const [pending, dead, centres, waiting, jobs, due] = await Promise.all([
    prisma.outboxMessage.aggregate({ where: { status: 'pending' }, _count: { _all: true }, _min: { createdAt: true } }),
    prisma.outboxMessage.count({ where: { status: 'dead' } }),
    prisma.centre.findMany({ select: { id: true } }),
    prisma.conversation.groupBy({ by: ['centreId'], where: { status: 'pending' }, _count: { _all: true }, _min: { pendingSince: true } }),
    prisma.job.groupBy({ by: ['status'], where: { status: { in: ['queued', 'running', 'dead'] } }, _count: { _all: true } }),
    prisma.job.count({ where: { status: 'queued', runAt: { lte: now } } }),
  ]);
  const handoff = new Map<string, { waiting: number; oldestSince: Date | null }>(centres.map((c) => [c.id, { waiting: 0, oldestSince: null }]));
  for (const row of waiting) handoff.set(row.centreId ?? 'none', { waiting: row._count._all, oldestSince: row._min.pendingSince });
  const jobCount = (status: string) => jobs.find((j) => j.status === status)?._count._all ?? 0;
  return {
    outbox: { pending: pending._count._all, dead, oldestPendingAt: pending._min.createdAt },
    handoff,
    jobs: { queued: jobCount('queued'), running: jobCount('running'), dead: jobCount('dead'), due },
  };
}

/** Sets the queue gauges from a snapshot (labels of centres that went away disappear). */
export function setQueueGauges(metrics: Metrics, q: QueueSnapshot, now = new Date()): void {
  const age = (since: Date | null) => (since ? Math.max(0, (now.getTime() - since.getTime()) / 1000) : 0);
  metrics.outboxMessages.set({ status: 'pending' }, q.outbox.pending);
  metrics.outboxMessages.set({ status: 'dead' }, q.outbox.dead);
  metrics.outboxOldestPendingSeconds.set(age(q.outbox.oldestPendingAt));
  metrics.handoffQueue.reset();
  metrics.handoffOldestWaitSeconds.reset();
  for (const [centre, { waiting, oldestSince }] of q.handoff) {
    metrics.handoffQueue.set({ centre }, waiting);
    metrics.handoffOldestWaitSeconds.set({ centre }, age(oldestSince));
  }
  for (const status of ['queued', 'running', 'dead'] as const) metrics.jobs.set({ status }, q.jobs[status]);
  metrics.jobsDue.set(q.jobs.due);
}

/** No stale figures when the database did not answer: the queue series disappear until it does. */
export function clearQueueGauges(metrics: Metrics): void {
  for (const gauge of [metrics.outboxMessages, metrics.outboxOldestPendingSeconds, metrics.handoffQueue, metrics.handoffOldestWaitSeconds, metrics.jobs, metrics.jobsDue]) gauge.reset();
}
