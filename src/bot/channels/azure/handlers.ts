import type { Prisma } from '../../../db/client.js';
import type { ConversationCore } from '../../core/core.js';
import { KeyedMutex } from '../../core/lock.js';
// The same lookup as Viber's: both channels send a pressed button's label as the message.
import { buttonValue } from '../viber/inbound.js';
import { citizenId, languageOf, messageActivity, referenceOf, type AzureActivity } from './activity.js';
import { rememberReference } from './reference.js';

export interface AzureDeps {
  core: ConversationCore;
  prisma: Prisma;
  inboxId: string;
}

/**
 * Acts on one authenticated activity. Messages go to the conversation core (replies leave through
 * the outbox); a conversationUpdate that adds someone to a new one-to-one chat starts the
 * conversation with the welcome. Group chats are left alone: intake is one-to-one.
 */
export function azureActivityHandler(deps: AzureDeps): (activity: AzureActivity) => Promise<void> {
  const { core, prisma, inboxId } = deps;
  // One activity per citizen at a time, in arrival order (their first two messages must not
  // both create a conversation).
  const users = new KeyedMutex();

  return async (activity) => {
    if (activity.conversation.isGroup) return;
    const userId = citizenId(activity);
    const language = languageOf(activity);
    switch (activity.type) {
      case 'message':
        await users.run(userId, async () => {
          await rememberReference(prisma, { inboxId, sourceId: userId, reference: referenceOf(activity), language });
          const inbound = messageActivity(activity);
          if (!inbound.value && inbound.text) {
            const value = await buttonValue(prisma, inboxId, userId, inbound.text);
            if (value) inbound.value = value;
          }
          await core.handle({ inboxId, activity: inbound, ...(language ? { language } : {}) });
        });
        return;
      case 'conversationUpdate': {
        // Teams adds the bot (from is the citizen); Web Chat adds both: either way, greet once.
        const added = activity.membersAdded ?? [];
        if (added.length === 0 || activity.from.id === activity.recipient.id) return;
        await users.run(userId, async () => {
          // A new chat of someone kentro knows (Web Chat opened again) is where replies go from now on.
          await rememberReference(prisma, { inboxId, sourceId: userId, reference: referenceOf(activity), language });
          const open = await prisma.conversation.findFirst({ where: { inboxId, contactInbox: { sourceId: userId }, status: { not: 'resolved' } }, select: { id: true } });
          if (!open) await core.startConversation({ inboxId, userId, ...(language ? { language } : {}) });
        });
        return;
      }
      default:
        // typing, reactions, installation updates, events, invokes: nothing to do.
        return;
    }
  };
}
