import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { enqueueJob } from '../jobs/queue.js';
import type { JobRecord } from '../jobs/queue.js';
import { eraseContact, pendingDeliveries, type PrivacyActor } from './erase.js';
import { purge } from './purge.js';
import type { RetentionSettings } from './retention.js';
import { subjectRef } from './subject.js';

export const ERASE_JOB = 'privacy.erase';
export const PURGE_JOB = 'privacy.purge';

/**
 * How long after the citizen's "yes" the erasure runs. The confirmation is stored in the same
 * turn; an open web chat shows it at once and a polling one within seconds, while Telegram and
 * Viber get it through the outbox, which the job also waits for (see eraseHandler).
 */
export const ERASE_DELAY_MS = 60_000;
/** The erasure does not wait longer than this for a channel that does not take the confirmation. */
export const ERASE_MAX_WAIT_MS = 60 * 60_000;
/** The daily purge runs at this hour, Athens time (a quiet hour for the centres). */
export const PURGE_HOUR = 3;
const ZONE = 'Europe/Athens';

const erasePayload = z.object({
  contactId: z.string().min(1),
  requestedAt: z.iso.datetime(),
  actorType: z.enum(['contact', 'cli', 'staff', 'system']).default('contact'),
  actorId: z.string().optional(),
});

/**
 * Queues the erasure of a contact `ERASE_DELAY_MS` from now. One per contact (the unique key
 * holds the opaque subject reference, not the id), so a repeated "yes" queues nothing new.
 */
export async function requestErasure(db: Pick<Db, 'prisma'>, contactId: string, actor: PrivacyActor, now = new Date()): Promise<void> {
  const payload = { contactId, requestedAt: now.toISOString(), actorType: actor.type, ...(actor.type === 'staff' ? { actorId: actor.id } : {}) };
  await enqueueJob(db.prisma, ERASE_JOB, payload, { runAt: new Date(now.getTime() + ERASE_DELAY_MS), uniqueKey: `${ERASE_JOB}:${subjectRef(contactId)}`, maxAttempts: 100 });
}

/** Thrown while the confirmation still waits in the outbox: the queue runs the job again later. */
export class WaitingForDelivery extends Error {
  constructor() {
    super('waiting until the confirmation has gone out to the citizen');
    this.name = 'WaitingForDelivery';
  }
}

/**
 * The erasure job: waits (by failing and being retried with backoff) while the contact still
 * has outgoing messages pending in the outbox, up to ERASE_MAX_WAIT_MS after the request, then
 * erases. The job's own row names the contact, so the erasure deletes it too.
 */
export function eraseHandler(db: Db): (job: JobRecord) => Promise<void> {
  return async (job) => {
    const now = new Date();
    const parsed = erasePayload.safeParse(job.payload);
    if (!parsed.success) throw new Error('erasure job without a valid payload');
    const { contactId, requestedAt, actorType, actorId } = parsed.data;
    const waited = now.getTime() - new Date(requestedAt).getTime();
    if (waited < ERASE_MAX_WAIT_MS && (await pendingDeliveries(db.prisma, contactId)) > 0) throw new WaitingForDelivery();
    const actor: PrivacyActor = actorType === 'staff' && actorId ? { type: 'staff', id: actorId } : actorType === 'staff' ? { type: 'system' } : { type: actorType };
    await eraseContact(db, contactId, actor, now);
  };
}

/** The day's purge key and time: 03:00 Athens on the first such moment after `now`. */
export function nextPurge(now: Date): { runAt: Date; uniqueKey: string } {
  const local = DateTime.fromJSDate(now, { zone: ZONE });
  let at = local.set({ hour: PURGE_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (at <= local) at = at.plus({ days: 1 }).set({ hour: PURGE_HOUR });
  return { runAt: at.toJSDate(), uniqueKey: `${PURGE_JOB}:${at.toISODate()!}` };
}

/** Queues the next daily purge (a no-op when it is already queued: one per day by its key). */
export async function schedulePurge(db: Pick<Db, 'prisma'>, now = new Date()): Promise<string> {
  const { runAt, uniqueKey } = nextPurge(now);
  return enqueueJob(db.prisma, PURGE_JOB, {}, { runAt, uniqueKey });
}

/** The daily purge job: purges, then queues tomorrow's run. */
export function purgeHandler(db: Db, settings: RetentionSettings): (job: JobRecord) => Promise<void> {
  return async (job) => {
    const now = new Date();
    await purge(db, settings, { now });
    // After this run's own day, also when the queue ran it early in a test or late after downtime.
    await schedulePurge(db, new Date(Math.max(now.getTime(), job.runAt.getTime()) + 60_000));
  };
}
