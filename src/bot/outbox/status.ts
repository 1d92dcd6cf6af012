import type { Prisma } from '../../db/client.js';

/**
 * Every change of an OutboxMessage's status, with the matching Message.deliveryStatus:
 * pending → sent (Message: sent, then delivered/seen from receipts)
 * pending → pending later (a failed attempt, with backoff)
 * pending → dead (Message: failed) after the last attempt or a permanent error; dead → pending by staff
 * pending → skipped (Message: skipped) when the citizen unsubscribed or blocked the bot.
 */

interface Row {
  id: string;
  messageId: string;
}

const RELEASED = { lockedBy: null, lockedUntil: null } as const;

/**
 * The channel took the message. `sourceId` is the channel's id of it (receipts refer to it).
 * Two statements, not one transaction (the hot path): the outbox row first, because a crash in
 * between must leave a message that is not sent again, at worst with a stale delivery status.
 */
export async function markSent(prisma: Prisma, row: Row, sourceId: string | null, now = new Date()): Promise<void> {
  // Whoever holds the claim now: the message did go out, so it must not go out again.
  await prisma.outboxMessage.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'sent', sentAt: now, lastError: null, ...RELEASED } });
  try {
    await prisma.message.updateMany({ where: { id: row.messageId }, data: { deliveryStatus: 'sent', ...(sourceId ? { sourceId } : {}) } });
  } catch (err) {
    // A channel id seen before (unique per inbox) must not keep a delivered message pending.
    if (!isUniqueViolation(err)) throw err;
    await prisma.message.updateMany({ where: { id: row.messageId }, data: { deliveryStatus: 'sent' } });
  }
}

/** Another attempt after `delayMs`; only if this worker still holds the claim. */
export async function scheduleRetry(prisma: Prisma, row: Row, workerId: string, delayMs: number, error: string, now = new Date()): Promise<void> {
  await prisma.outboxMessage.updateMany({
    where: { id: row.id, status: 'pending', lockedBy: workerId },
    data: { nextAttemptAt: new Date(now.getTime() + delayMs), lastError: error, ...RELEASED },
  });
}

/** Given up: visible to staff (`kentro outbox list --dead`) and retryable. */
export async function markDead(prisma: Prisma, row: Row, error: string): Promise<void> {
  await prisma.$transaction([
    prisma.outboxMessage.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'dead', lastError: error, ...RELEASED } }),
    prisma.message.update({ where: { id: row.messageId }, data: { deliveryStatus: 'failed' } }),
  ]);
}

/** Not sent because the citizen does not want messages any more. */
export async function markSkipped(prisma: Prisma, row: Row, reason: string): Promise<void> {
  await prisma.$transaction([
    prisma.outboxMessage.updateMany({ where: { id: row.id, status: 'pending' }, data: { status: 'skipped', lastError: reason, ...RELEASED } }),
    prisma.message.update({ where: { id: row.messageId }, data: { deliveryStatus: 'skipped' } }),
  ]);
}

/** Dead messages back in the queue, due now, with a fresh count of attempts. */
export async function requeueDead(prisma: Prisma, which: { ids: string[] } | { all: true }, now = new Date()): Promise<number> {
  const where = 'all' in which ? { status: 'dead' } : { status: 'dead', id: { in: which.ids } };
  return prisma.$transaction(async (tx) => {
    const rows = await tx.outboxMessage.findMany({ where, select: { id: true, messageId: true } });
    if (rows.length === 0) return 0;
    await tx.outboxMessage.updateMany({
      where: { id: { in: rows.map((r) => r.id) }, status: 'dead' },
      data: { status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, ...RELEASED },
    });
    await tx.message.updateMany({ where: { id: { in: rows.map((r) => r.messageId) } }, data: { deliveryStatus: 'pending' } });
    return rows.length;
  });
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
