import type { Prisma } from '../../db/client.js';

/**
 * Whether a citizen still wants messages on a channel (ContactInbox.subscribed). Viber's
 * unsubscribed event and Telegram's "bot blocked" set it to false; the outbox then skips their
 * messages instead of sending. Any message from them means they are back.
 */
export async function setSubscribed(prisma: Prisma, inboxId: string, sourceId: string, subscribed: boolean): Promise<void> {
  // Conditional, so the common case (nothing changes) writes nothing.
  await prisma.contactInbox.updateMany({ where: { inboxId, sourceId, subscribed: !subscribed }, data: { subscribed } });
}
