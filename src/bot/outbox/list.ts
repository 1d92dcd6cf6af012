import type { Prisma } from '../../db/client.js';
import type { OutboxStatus } from './types.js';

export interface OutboxEntry {
  id: string;
  channel: string;
  conversationId: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
}

/** Outbox rows for operators, oldest first. No message text: it is citizen-facing content. */
export async function listOutbox(prisma: Prisma, filter: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxEntry[]> {
  const rows = await prisma.outboxMessage.findMany({
    where: filter.status ? { status: filter.status } : { status: { in: ['pending', 'dead'] } },
    orderBy: { createdAt: 'asc' },
    take: filter.limit ?? 100,
    include: { inbox: { select: { channel: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    channel: r.inbox.channel,
    conversationId: r.conversationId,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    createdAt: r.createdAt,
  }));
}
