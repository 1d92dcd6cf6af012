import { Prisma } from '../../../generated/sqlite/client.js';
import type { Db } from '../../db/client.js';

export interface ClaimRequest {
  /** Who holds the claim (OutboxMessage.lockedBy). */
  workerId: string;
  /** Only rows of inboxes of these channels (the ones this process can send to). */
  channels: string[];
  limit: number;
  /** How long the claim holds; a process that dies lets its rows go when it expires. */
  leaseMs: number;
  now?: Date;
}

/**
 * Claims up to `limit` rows that are due, at most one per conversation and only the oldest
 * unsent message of each (per-chat order: message n+1 never goes before n is sent or given up).
 * A claim pushes `nextAttemptAt` to the end of the lease, so the same condition that makes a row
 * due also makes an expired claim due again: nothing is lost when a process dies mid-send.
 *
 * Two processes never claim the same row: on PostgreSQL the candidates are locked with
 * FOR UPDATE SKIP LOCKED (a second worker skips them instead of waiting); on SQLite the whole
 * UPDATE runs under the database's single write lock, and its WHERE re-checks the status.
 */
export async function claimDue(db: Db, request: ClaimRequest): Promise<string[]> {
  if (request.channels.length === 0 || request.limit <= 0) return [];
  const now = request.now ?? new Date();
  const leaseEnd = new Date(now.getTime() + request.leaseMs);
  const claim = Prisma.sql`"lockedBy" = ${request.workerId}, "lockedUntil" = ${leaseEnd}, "nextAttemptAt" = ${leaseEnd}, "attempts" = "attempts" + 1`;
  // The heads: the lowest seq still pending in each conversation, found in one pass over the
  // pending rows (a per-row NOT EXISTS would be quadratic in a backlog after an outage).
  const heads = Prisma.sql`
    SELECT p."conversationId", MIN(pm."seq") AS "seq"
    FROM "OutboxMessage" p JOIN "Message" pm ON pm."id" = p."messageId"
    WHERE p."status" = 'pending'
    GROUP BY p."conversationId"`;
  const due = Prisma.sql`
    SELECT o."id" FROM "OutboxMessage" o
    JOIN "Message" m ON m."id" = o."messageId"
    JOIN "Inbox" i ON i."id" = o."inboxId"
    JOIN head ON head."conversationId" = o."conversationId" AND head."seq" = m."seq"
    WHERE o."status" = 'pending' AND o."nextAttemptAt" <= ${now} AND i."channel" IN (${Prisma.join(request.channels)})
    ORDER BY o."nextAttemptAt"
    LIMIT ${request.limit}`;
  const rows =
    db.provider === 'postgresql'
      ? // MATERIALIZED: the heads are computed once, not again for every candidate row.
        await db.prisma.$queryRaw<{ id: string }[]>`
          WITH head AS MATERIALIZED (${heads}), due AS (${due} FOR UPDATE OF o SKIP LOCKED)
          UPDATE "OutboxMessage" t SET ${claim} FROM due WHERE t."id" = due."id"
          RETURNING t."id"`
      : await db.prisma.$queryRaw<{ id: string }[]>`
          WITH head AS (${heads})
          UPDATE "OutboxMessage" SET ${claim}
          WHERE "id" IN (${due}) AND "status" = 'pending' AND "nextAttemptAt" <= ${now}
          RETURNING "id"`;
  return rows.map((r) => r.id);
}
