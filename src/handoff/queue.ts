import type { Prisma } from '../db/client.js';

/**
 * A pending conversation's place in its centre's queue (1 = next): urgent ones first, then by
 * the time they entered the queue. Null when it is not pending.
 */
export async function queuePosition(prisma: Pick<Prisma, 'conversation'>, conversationId: string): Promise<number | null> {
  const me = await prisma.conversation.findUnique({ where: { id: conversationId }, select: { status: true, centreId: true, urgent: true, pendingSince: true } });
  if (!me || me.status !== 'pending') return null;
  const since = me.pendingSince ?? new Date();
  const sameCentre = { status: 'pending', centreId: me.centreId, id: { not: conversationId } };
  const ahead = await prisma.conversation.count({
    where: me.urgent
      ? { ...sameCentre, urgent: true, pendingSince: { lt: since } }
      : { ...sameCentre, OR: [{ urgent: true }, { pendingSince: { lt: since } }] },
  });
  return ahead + 1;
}
