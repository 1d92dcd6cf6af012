import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { WEBHOOK_PATH } from './settings.js';

export interface WebhookOptions {
  bot: Bot;
  /** TELEGRAM_WEBHOOK_SECRET; without it every request is refused. */
  secret: string | undefined;
}

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const updateShape = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * POST /webhooks/telegram. The secret Telegram sends back is compared in constant time before
 * anything is read (401 otherwise, nothing processed). The reply is sent after the update is
 * stored, so a 200 means it is safe; handler errors are caught by the bot's error boundary and
 * answered 200 too, because Telegram redelivers anything else again and again.
 */
export const telegramWebhook: FastifyPluginAsync<WebhookOptions> = async (app, { bot, secret }) => {
  const expected = secret ? Buffer.from(secret) : null;
  app.post(WEBHOOK_PATH, async (req, reply) => {
    const header = req.headers[SECRET_HEADER];
    const given = typeof header === 'string' ? Buffer.from(header) : null;
    if (!expected || !given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply.code(401).send({ error: 'unauthorized' });
    }
    const parsed = updateShape.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send({ error: 'not a Telegram update' });
    try {
      // grammY reads the update by its own (Telegram's) types; fields it does not find are absent.
      await bot.handleUpdate(parsed.data as Update);
    } catch (err) {
      req.log.error({ updateId: parsed.data.update_id, err: { name: (err as Error).name } }, 'telegram: update failed outside the error boundary');
    }
    return reply.code(200).send({ ok: true });
  });
};
