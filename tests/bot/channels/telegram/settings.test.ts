import { describe, expect, it } from 'vitest';
import { telegramSettings } from '../../../../src/bot/channels/telegram/settings.js';
import { loadEnv } from '../../../../src/config/env.js';

const env = (vars: Record<string, string>) => loadEnv(vars, '/nonexistent/.env');

describe('Telegram settings', () => {
  it('is off without a token; webhook mode with PUBLIC_URL, long polling without', () => {
    expect(telegramSettings(env({}))).toBeNull();
    expect(telegramSettings(env({ TELEGRAM_BOT_TOKEN: '1:a' }))).toMatchObject({ webhookUrl: undefined, maxRate: 30, apiRoot: 'https://api.telegram.org' });
    expect(telegramSettings(env({ TELEGRAM_BOT_TOKEN: '1:a', PUBLIC_URL: 'https://k.example.gr/', TELEGRAM_WEBHOOK_SECRET: 's', TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/', TELEGRAM_MAX_RATE: '0' }))).toMatchObject({
      webhookUrl: 'https://k.example.gr/webhooks/telegram',
      apiRoot: 'http://127.0.0.1:8081',
      maxRate: 0,
    });
  });

  it('refuses webhook mode without a secret, in one line naming the variable', () => {
    expect(() => env({ TELEGRAM_BOT_TOKEN: '1:a', PUBLIC_URL: 'https://k.example.gr' })).toThrow(
      /^Invalid environment variable TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_BOT_TOKEN and PUBLIC_URL are set \(Telegram webhook mode\)$/,
    );
  });
});
