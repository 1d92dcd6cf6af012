import type { Env } from '../../../config/env.js';

export interface ViberSettings {
  /** VIBER_AUTH_TOKEN: authenticates our calls and signs Viber's callbacks. */
  authToken: string;
  /** REST API root without a trailing slash. */
  apiRoot: string;
  /** Shown above the bot's messages (28 characters at most). */
  senderName: string;
  /** PUBLIC_URL + /webhooks/viber, for set-webhook. */
  webhookUrl: string | undefined;
}

export const WEBHOOK_PATH = '/webhooks/viber';

/** Viber is on when VIBER_AUTH_TOKEN is set. */
export function viberSettings(env: Env): ViberSettings | null {
  if (!env.VIBER_AUTH_TOKEN) return null;
  return {
    authToken: env.VIBER_AUTH_TOKEN,
    apiRoot: env.VIBER_API_ROOT.replace(/\/+$/, ''),
    senderName: env.VIBER_SENDER_NAME,
    webhookUrl: env.PUBLIC_URL ? new URL(WEBHOOK_PATH, env.PUBLIC_URL).toString() : undefined,
  };
}
