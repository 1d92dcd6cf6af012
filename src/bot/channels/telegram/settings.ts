import type { Env } from '../../../config/env.js';

export interface TelegramSettings {
  token: string;
  /** Bot API root without a trailing slash (Telegram's, a local Bot API server or a test double). */
  apiRoot: string;
  /** What Telegram must send in X-Telegram-Bot-Api-Secret-Token; without it the webhook accepts nothing. */
  webhookSecret: string | undefined;
  /** Where Telegram should send updates (PUBLIC_URL + /webhooks/telegram); undefined = long polling. */
  webhookUrl: string | undefined;
  /** Messages per second overall; 0 = no limits (a local Bot API server, a test double). */
  maxRate: number;
}

export const WEBHOOK_PATH = '/webhooks/telegram';

/** Telegram is on when TELEGRAM_BOT_TOKEN is set. */
export function telegramSettings(env: Env): TelegramSettings | null {
  if (!env.TELEGRAM_BOT_TOKEN) return null;
  return {
    token: env.TELEGRAM_BOT_TOKEN,
    apiRoot: env.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
    webhookUrl: env.PUBLIC_URL ? new URL(WEBHOOK_PATH, env.PUBLIC_URL).toString() : undefined,
    maxRate: env.TELEGRAM_MAX_RATE,
  };
}
