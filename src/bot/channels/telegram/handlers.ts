import { Composer, type Context } from 'grammy';
import type { FastifyBaseLogger } from 'fastify';
import type { ConversationCore } from '../../core/core.js';
import { KeyedMutex } from '../../core/lock.js';
import type { InboundEnvelope } from '../../core/types.js';
import type { Prisma } from '../../../db/client.js';
import { setSubscribed } from '../../outbox/subscription.js';
import { callbackActivity, languageFromCode, messageActivity, parseStart } from './inbound.js';

export interface HandlerDeps {
  core: ConversationCore;
  prisma: Prisma;
  inboxId: string;
  centres: ReadonlySet<string>;
  log: FastifyBaseLogger;
}

/**
 * What the bot does with each update: private-chat messages and button presses go to the
 * conversation core; "blocked"/"unblocked" switch sending off and on. Everything runs inside
 * an error boundary: one bad update is logged and answered 200, never a 500 that Telegram
 * would redeliver forever.
 */
export function telegramHandlers(deps: HandlerDeps): Composer<Context> {
  const { core, prisma, inboxId, centres, log } = deps;
  const composer = new Composer<Context>();
  // Updates of one chat one at a time in arrival order; the first two messages of a new
  // citizen must not both create a conversation.
  const chats = new KeyedMutex();
  const guarded = composer.errorBoundary((err) => {
    const e = err.error;
    log.error({ updateId: err.ctx.update.update_id, err: { name: e instanceof Error ? e.name : typeof e, code: (e as { code?: unknown } | null)?.code } }, 'telegram: update failed');
  });

  // A citizen who blocked the bot and writes again gets answers: the outbox sees the new message.
  const handle = (chatId: string, envelope: InboundEnvelope) => chats.run(chatId, () => core.handle(envelope));

  guarded.on('message', async (ctx) => {
    const message = ctx.message;
    if (message.chat.type !== 'private') return;
    const chatId = String(message.chat.id);
    const activity = messageActivity(ctx.update.update_id, message);
    const language = languageFromCode(message.from?.language_code);
    const envelope: InboundEnvelope = { inboxId, activity, ...(language ? { language } : {}) };
    const start = parseStart(activity.text ?? '', centres);
    if (start) {
      if (start.centreId) envelope.centreId = start.centreId;
      // A new conversation opens with the welcome anyway; an existing one starts over.
      if (await hasOpenConversation(prisma, inboxId, chatId)) activity.value = 'cmd:restart';
    }
    await handle(chatId, envelope);
  });

  guarded.on('callback_query:data', async (ctx) => {
    // Stops the spinner on the button at once; a failure here must not lose the press.
    ctx.answerCallbackQuery().catch(() => log.warn({ updateId: ctx.update.update_id }, 'telegram: answerCallbackQuery failed'));
    const query = ctx.callbackQuery;
    if (query.message && query.message.chat.type !== 'private') return;
    const activity = callbackActivity(ctx.update.update_id, query);
    const language = languageFromCode(query.from.language_code);
    await handle(activity.from.id, { inboxId, activity, ...(language ? { language } : {}) });
  });

  guarded.on('my_chat_member', async (ctx) => {
    const update = ctx.myChatMember;
    if (update.chat.type !== 'private') return;
    const status = update.new_chat_member.status;
    if (status === 'kicked') await setSubscribed(prisma, inboxId, String(update.chat.id), false);
    else if (status === 'member') await setSubscribed(prisma, inboxId, String(update.chat.id), true);
  });

  return composer;
}

async function hasOpenConversation(prisma: Prisma, inboxId: string, chatId: string): Promise<boolean> {
  const found = await prisma.conversation.findFirst({ where: { inboxId, contactInbox: { sourceId: chatId }, status: { not: 'resolved' } }, select: { id: true } });
  return found !== null;
}
