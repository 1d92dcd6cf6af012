import fp from 'fastify-plugin';
import type { Api, Bot } from 'grammy';
import type { Env } from '../../../config/env.js';
import { ensureSharedInbox, inboxId } from '../../../db/sync-content.js';
import { RateLimiter } from '../../outbox/rate-limit.js';
import { createBot, createSendingApi } from './bot.js';
import { downloadFile, type TelegramFile } from './files.js';
import { telegramHandlers } from './handlers.js';
import { startPolling } from './polling.js';
import { TelegramSender } from './sender.js';
import { telegramSettings } from './settings.js';
import { telegramWebhook } from './webhook.js';

export interface TelegramChannel {
  bot: Bot;
  api: Api;
  /** A file a citizen sent, by the file id recorded in the message's attachments (for staff). */
  downloadFile(fileId: string): Promise<TelegramFile>;
}

declare module 'fastify' {
  interface FastifyInstance {
    telegram?: TelegramChannel;
  }
}

/** One Telegram bot serves every centre: its inbox has no centre, deep links choose one. */
export const TELEGRAM_INBOX = inboxId('telegram', null);

/**
 * The Telegram channel, on when TELEGRAM_BOT_TOKEN is set: the webhook route, long polling when
 * there is no PUBLIC_URL, and the sender the outbox worker delivers replies through.
 */
export const telegramPlugin = fp<{ env: Env }>(
  async (app, { env }) => {
    const settings = telegramSettings(env);
    if (!settings) return;
    await ensureSharedInbox(app.db.prisma, 'telegram');
    const log = app.log.child({ channel: 'telegram' });
    const bot = createBot(settings);
    bot.use(telegramHandlers({ core: app.core, prisma: app.db.prisma, inboxId: TELEGRAM_INBOX, centres: new Set(app.content.centres.keys()), log }));
    bot.catch((err) => log.error({ updateId: err.ctx.update.update_id }, 'telegram: update failed'));

    const api = createSendingApi(settings);
    const limiter = new RateLimiter({ perSecond: settings.maxRate, perChatPerSecond: 1, chatBurst: 3 });
    app.outbox.register(new TelegramSender(api, limiter));
    app.decorate('telegram', { bot, api, downloadFile: (fileId: string) => downloadFile(api, settings, fileId) });

    await app.register(telegramWebhook, { bot, secret: settings.webhookSecret });

    if (!settings.webhookUrl) {
      let stop: (() => Promise<void>) | undefined;
      app.addHook('onReady', async () => {
        stop = startPolling(bot, log);
      });
      app.addHook('preClose', async () => stop?.());
    }
  },
  { name: 'telegram', dependencies: ['db', 'content', 'core', 'outbox'] },
);
