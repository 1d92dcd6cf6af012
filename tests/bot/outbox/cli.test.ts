import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_INBOX } from '../../../src/bot/channels/telegram/plugin.js';
import { channelDatabase, conversationOf, eventually, FAST_OUTBOX, queueReply, startChannelApp, type ChannelApp } from '../../support/channel-app.js';
import { runKentro } from '../../support/cli.js';
import { providers, type TestDatabase } from '../../support/db.js';
import { TelegramCitizen, TelegramDouble } from '../../support/telegram-double.js';

describe.each(providers())('kentro outbox on %s: staff see dead messages and send them again', (provider) => {
  let telegram: TelegramDouble;
  let database: TestDatabase;
  let kentro: ChannelApp;
  beforeAll(async () => {
    telegram = await TelegramDouble.start();
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, telegram.env(), { ...FAST_OUTBOX, maxAttempts: 2 });
  });
  afterAll(async () => {
    await kentro.close();
    await telegram.close();
    await database.drop();
  });

  it('lists dead messages without their text, and retries one or all of them', async () => {
    const chat = new TelegramCitizen(telegram, kentro.url, 9_100_001, 'el');
    await chat.say('/start thira');
    await telegram.waitForMessages(chat.chatId, 2);
    const conversation = await conversationOf(kentro.db, TELEGRAM_INBOX, String(chat.chatId));
    telegram.fail({ status: 500, times: Infinity });
    const ids = [await queueReply(kentro.db, conversation, 'Μυστικό κείμενο 1'), await queueReply(kentro.db, conversation, 'Μυστικό κείμενο 2')];
    await eventually(async () => (await kentro.db.prisma.outboxMessage.count({ where: { messageId: { in: ids }, status: 'dead' } })) === 2);
    const env = { DATABASE_URL: database.url };

    const list = await runKentro(['outbox', 'list', '--dead'], env);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\S+\ttelegram\tdead\tattempts 2\tsince \S+\tconversation \S+\ttelegram 500: Internal Server Error$/);
    expect(list.stdout).not.toContain('Μυστικό');

    telegram.clearFailures();
    const one = await runKentro(['outbox', 'retry', lines[0]!.split('\t')[0]!], env);
    expect(one.stdout.trim()).toBe('1 message queued again');
    await telegram.waitForMessages(chat.chatId, 3);
    const all = await runKentro(['outbox', 'retry', '--all-dead'], env);
    expect(all.stdout.trim()).toBe('1 message queued again');
    const got = await telegram.waitForMessages(chat.chatId, 4);
    expect(got.slice(2).map((m) => m.text)).toEqual(['Μυστικό κείμενο 1', 'Μυστικό κείμενο 2']);
    expect((await runKentro(['outbox', 'list', '--dead'], env)).stdout.trim()).toBe('No dead messages.');

    const unknown = await runKentro(['outbox', 'retry', 'no-such-id'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('kentro: no dead message with id no-such-id');
  }, 120_000);
});
