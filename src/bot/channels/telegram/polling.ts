import type { FastifyBaseLogger } from 'fastify';
import type { Bot } from 'grammy';
import { ALLOWED_UPDATES } from './bot.js';

/**
 * Long polling for a machine without a public address (a laptop, a test). grammY removes any
 * webhook first, then asks getUpdates for the next updates and handles them one by one.
 * Returns the function that stops it.
 */
export function startPolling(bot: Bot, log: FastifyBaseLogger): () => Promise<void> {
  const running = bot
    .start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => log.info('telegram: long polling started (no PUBLIC_URL set)') })
    .catch((err: unknown) => log.error({ err: { name: (err as Error).name } }, 'telegram: long polling stopped'));
  return async () => {
    if (bot.isRunning()) await bot.stop().catch(() => undefined);
    await running;
  };
}
