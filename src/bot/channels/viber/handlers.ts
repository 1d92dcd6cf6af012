import type { ConversationCore } from '../../core/core.js';
import { KeyedMutex } from '../../core/lock.js';
import type { InboundEnvelope, TranscriptMessage } from '../../core/types.js';
import type { Prisma } from '../../../db/client.js';
import { setSubscribed } from '../../outbox/subscription.js';
import type { ViberClient } from './client.js';
import type { ViberEvent } from './events.js';
import { buttonValue, languageFromCode, messageActivity } from './inbound.js';
import { viberKeyboard } from './keyboard.js';
import { applyReceipt } from './receipts.js';
import { renderForViber } from './sender.js';

export interface ViberDeps {
  core: ConversationCore;
  prisma: Prisma;
  inboxId: string;
  centres: ReadonlySet<string>;
  client: ViberClient;
}

/** What the webhook answers: nothing, or the welcome message (conversation_started only). */
export type ViberAnswer = Record<string, unknown> | null;

/**
 * Acts on one verified callback. Messages go to the conversation core (replies leave through
 * the outbox); conversation_started is answered in the HTTP response, the only way Viber lets a
 * bot greet someone who has not subscribed yet.
 */
export function viberEventHandler(deps: ViberDeps): (event: ViberEvent) => Promise<ViberAnswer> {
  const { core, prisma, inboxId, centres, client } = deps;
  // One callback per citizen at a time, in arrival order (their first two messages must not
  // both create a conversation).
  const users = new KeyedMutex();

  return async (event) => {
    switch (event.event) {
      case 'webhook':
        return null; // Viber checking the URL during set-webhook
      case 'subscribed':
        await setSubscribed(prisma, inboxId, event.user.id, true);
        return null;
      case 'unsubscribed':
        await setSubscribed(prisma, inboxId, event.user_id, false);
        return null;
      case 'delivered':
      case 'seen':
      case 'failed':
        await applyReceipt(prisma, inboxId, event);
        return null;
      case 'message':
        await users.run(event.sender.id, async () => {
          // Writing to the bot subscribes them again: the outbox sees the new message.
          const activity = messageActivity(event);
          const value = activity.text ? await buttonValue(prisma, inboxId, event.sender.id, activity.text) : undefined;
          if (value) activity.value = value;
          const language = languageFromCode(event.sender.language);
          await core.handle({ inboxId, activity, ...(language ? { language } : {}) });
        });
        return null;
      case 'conversation_started':
        return users.run(event.user.id, async () => {
          const userId = event.user.id;
          // A deep link viber://pa?chatURI=…&context=thira chooses the centre.
          const centreId = event.context && centres.has(event.context) ? event.context : undefined;
          const language = languageFromCode(event.user.language);
          const replies = await openOrRestart(core, prisma, { inboxId, userId, centreId, language, token: event.message_token });
          if (event.subscribed === false) await setSubscribed(prisma, inboxId, userId, false);
          return welcomeAnswer(client, replies);
        });
    }
  };
}

/** A new citizen gets the opening turn; one who already talked to us starts over (like /start). */
async function openOrRestart(
  core: ConversationCore,
  prisma: Prisma,
  p: { inboxId: string; userId: string; centreId: string | undefined; language: InboundEnvelope['language']; token: string },
): Promise<TranscriptMessage[]> {
  const existing = await prisma.conversation.findFirst({ where: { inboxId: p.inboxId, contactInbox: { sourceId: p.userId }, status: { not: 'resolved' } }, select: { id: true } });
  const context = { ...(p.centreId ? { centreId: p.centreId } : {}), ...(p.language ? { language: p.language } : {}) };
  if (!existing) {
    const { conversationId } = await core.startConversation({ inboxId: p.inboxId, userId: p.userId, ...context, repliesInline: true });
    return core.transcript(conversationId);
  }
  const outcome = await core.handle({
    inboxId: p.inboxId,
    activity: { type: 'message', id: `started:${p.token}`, from: { id: p.userId, role: 'user' }, text: '', value: 'cmd:restart' },
    ...context,
    repliesInline: true,
  });
  return outcome.status === 'duplicate' ? [] : outcome.replies;
}

/** Viber takes one message in the answer: the replies' texts together, the last one's buttons. */
function welcomeAnswer(client: ViberClient, replies: TranscriptMessage[]): ViberAnswer {
  const outgoing = replies.filter((m) => m.type === 'outgoing');
  if (outgoing.length === 0) return null;
  const text = outgoing.map((m) => m.text ?? '').filter(Boolean).join('\n\n');
  const [part] = renderForViber({ text, buttons: outgoing.at(-1)!.buttons });
  if (!part) return null;
  return client.welcome({ type: 'text', text: part.text, ...(part.buttons.length ? { keyboard: viberKeyboard(part.buttons) } : {}) });
}
