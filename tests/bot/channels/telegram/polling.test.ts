import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelDatabase, startChannelApp, type ChannelApp } from '../../../support/channel-app.js';
import type { TestDatabase } from '../../../support/db.js';
import { TelegramCitizen, TelegramDouble } from '../../../support/telegram-double.js';

describe('Telegram long polling (no PUBLIC_URL: a laptop, a test)', () => {
  let telegram: TelegramDouble;
  let database: TestDatabase;
  let kentro: ChannelApp;

  beforeAll(async () => {
    telegram = await TelegramDouble.start();
    telegram.webhook = { url: 'https://old.example/webhooks/telegram' };
    database = await channelDatabase('sqlite');
    const env = telegram.env();
    delete env.PUBLIC_URL;
    kentro = await startChannelApp(database, env);
  });
  afterAll(async () => {
    await kentro.close();
    await telegram.close();
    await database.drop();
  });

  it('removes the webhook, fetches updates with getUpdates and answers through the outbox', async () => {
    const chat = new TelegramCitizen(telegram, kentro.url, 9_000_001, 'en');
    telegram.queueUpdate(chat.messageUpdate({ text: '/start thira' }));
    const [disclosure, menu] = await telegram.waitForMessages(chat.chatId, 2);
    expect(telegram.webhook).toBeNull();
    expect(disclosure!.text).toContain('Thira');
    expect(menu!.keyboard!.flat().length).toBe(7);
    expect(telegram.callsOf('getUpdates')[0]!.params.allowed_updates).toEqual(['message', 'callback_query', 'my_chat_member']);
  });
});
