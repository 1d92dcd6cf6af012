import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKentro } from '../../../support/cli.js';
import { TelegramDouble, TELEGRAM_SECRET } from '../../../support/telegram-double.js';

describe('kentro telegram …', () => {
  let telegram: TelegramDouble;
  beforeAll(async () => {
    telegram = await TelegramDouble.start();
  });
  afterAll(() => telegram.close());

  it('set-webhook points Telegram at PUBLIC_URL/webhooks/telegram with the secret; status shows it; delete-webhook removes it', async () => {
    const env = telegram.env({ PUBLIC_URL: 'https://kentro.thira.gr' });
    const set = await runKentro(['telegram', 'set-webhook'], env);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout.trim()).toBe('Telegram now sends updates to https://kentro.thira.gr/webhooks/telegram');
    expect(telegram.webhook).toEqual({ url: 'https://kentro.thira.gr/webhooks/telegram', secret_token: TELEGRAM_SECRET, allowed_updates: ['message', 'callback_query', 'my_chat_member'] });

    const status = await runKentro(['telegram', 'status'], env);
    expect(status.stdout).toContain('webhook: https://kentro.thira.gr/webhooks/telegram');

    const deleted = await runKentro(['telegram', 'delete-webhook'], env);
    expect(deleted.code).toBe(0);
    expect(telegram.webhook).toBeNull();
  }, 90_000);

  it('says in one line what is missing, and never prints the token', async () => {
    const noUrl = telegram.env();
    delete noUrl.PUBLIC_URL;
    const a = await runKentro(['telegram', 'set-webhook'], noUrl);
    expect(a.code).toBe(1);
    expect(a.stderr.trim()).toBe('kentro: PUBLIC_URL is not set: it is the https address Telegram will call');

    const b = await runKentro(['telegram', 'set-webhook'], { PUBLIC_URL: 'https://kentro.thira.gr' });
    expect(b.stderr.trim()).toBe('kentro: TELEGRAM_BOT_TOKEN is not set (the token BotFather gave you)');

    const wrong = await runKentro(['telegram', 'status'], telegram.env({ TELEGRAM_BOT_TOKEN: '42:wrong-token' }));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe('kentro: Telegram refused: 401 Unauthorized');
    expect(wrong.stderr + wrong.stdout).not.toContain('wrong-token');
  }, 90_000);
});
