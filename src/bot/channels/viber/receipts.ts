import type { Prisma } from '../../../db/client.js';
import type { ViberReceipt } from './events.js';

/** Message.sourceId of a message kentro sent on Viber (kept apart from incoming tokens). */
export function outgoingSourceId(token: string): string {
  return `out:${token}`;
}

/** Which delivery states a receipt may move a message from: never backwards (seen stays seen). */
const FROM: Record<ViberReceipt['event'], string[]> = {
  delivered: ['pending', 'sent'],
  seen: ['pending', 'sent', 'delivered'],
  failed: ['pending', 'sent'],
};

/**
 * delivered / seen / failed update the message's delivery status. A receipt can overtake the
 * outbox recording the send (Viber answers, then calls back at once): when the message is not
 * found yet, it is looked for again a few times.
 */
export async function applyReceipt(prisma: Prisma, inboxId: string, receipt: ViberReceipt, retryMs = 100, tries = 5): Promise<boolean> {
  const sourceId = outgoingSourceId(receipt.message_token);
  const at = new Date(receipt.timestamp);
  for (let i = 0; i < tries; i++) {
    const message = await prisma.message.findUnique({ where: { inboxId_sourceId: { inboxId, sourceId } }, select: { id: true, deliveredAt: true } });
    if (message) {
      const data =
        receipt.event === 'delivered'
          ? { deliveryStatus: 'delivered', deliveredAt: at }
          : receipt.event === 'seen'
            ? { deliveryStatus: 'seen', seenAt: at, ...(message.deliveredAt ? {} : { deliveredAt: at }) }
            : { deliveryStatus: 'failed' };
      await prisma.message.updateMany({ where: { id: message.id, deliveryStatus: { in: FROM[receipt.event] } }, data });
      return true;
    }
    await new Promise((r) => setTimeout(r, retryMs));
  }
  return false;
}
