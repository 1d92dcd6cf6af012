import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_INBOX } from '../../../src/bot/channels/telegram/plugin.js';
import { claimDue } from '../../../src/bot/outbox/claim.js';
import type { Db } from '../../../src/db/client.js';
import { channelDatabase, conversationOf, eventually, FAST_OUTBOX, startChannelApp } from '../../support/channel-app.js';
import { startKentro, type ServeProcess } from '../../support/cli.js';
import { providers, type TestDatabase } from '../../support/db.js';
import { TelegramCitizen, TelegramDouble } from '../../support/telegram-double.js';

async function storedReplies(db: Db, chatId: number): Promise<string[]> {
  const conversation = await conversationOf(db, TELEGRAM_INBOX, String(chatId));
  const rows = await db.prisma.message.findMany({ where: { conversationId: conversation, type: 'outgoing' }, orderBy: { seq: 'asc' } });
  return rows.map((m) => m.text ?? '');
}

const pending = (db: Db) => db.prisma.outboxMessage.count({ where: { status: 'pending' } });

describe.each(providers())('the outbox across restarts and processes on %s', (provider) => {
  let telegram: TelegramDouble;
  let database: TestDatabase;
  let nextChat = 8_000_000;
  const chats = (n: number) => Array.from({ length: n }, () => nextChat++);
  /** Spawned kentro processes, stopped even when a test fails or times out. */
  const spawned: ServeProcess[] = [];

  beforeAll(async () => {
    telegram = await TelegramDouble.start();
    database = await channelDatabase(provider);
  });
  afterAll(async () => {
    await Promise.all(spawned.map((p) => p.stop('SIGKILL')));
    await telegram.close();
    await database.drop();
  });

  it('a restart in the middle: the new app delivers what the old one had queued, nothing twice', async () => {
    const ids = chats(8);
    // A lease longer than the pause below, so no claim expires while Telegram holds the sends.
    const first = await startChannelApp(database, telegram.env(), { ...FAST_OUTBOX, leaseMs: 60_000 });
    telegram.pause();
    for (const text of ['/start thira', '3', '1']) {
      for (const id of ids) expect((await new TelegramCitizen(telegram, first.url, id, 'el').say(text)).status).toBe(200);
    }
    // SIGTERM while the first reply of every chat is on its way to Telegram.
    await telegram.waitFor(() => telegram.held === ids.length, 10_000, 'a send in flight per chat');
    const closing = first.close();
    await new Promise((r) => setTimeout(r, 100));
    telegram.resume();
    await closing; // the sends in flight finish and are recorded; the rest stays queued
    expect(telegram.sent()).toHaveLength(ids.length);
    // Counted before the next app starts: its worker delivers at once.
    const between = await database.open();
    expect(await pending(between)).toBe(ids.length * 5 - ids.length);
    await between.close();
    const second = await startChannelApp(database, telegram.env());
    try {
      await eventually(async () => (await pending(second.db)) === 0, 20_000, 'the queue to drain');
      for (const id of ids) {
        const expected = await storedReplies(second.db, id);
        expect(expected).toHaveLength(5);
        expect(telegram.sent(id).map((m) => m.text)).toEqual(expected);
      }
    } finally {
      await second.close();
    }
  });

  it('a process that dies holding claims: another takes the messages over when the claims expire', async () => {
    const ids = chats(3);
    await telegram.down();
    const doomed = await startChannelApp(database, telegram.env());
    for (const id of ids) await new TelegramCitizen(telegram, doomed.url, id, 'en').say('/start samos');
    await doomed.close();
    // What a process killed mid-send leaves behind: rows claimed by it, never released.
    const db = await database.open();
    await db.prisma.outboxMessage.updateMany({ where: { status: 'pending' }, data: { nextAttemptAt: new Date() } });
    const claimed = await claimDue(db, { workerId: 'killed-process', channels: ['telegram'], limit: 100, leaseMs: 1_500 });
    await db.close();
    expect(claimed).toHaveLength(ids.length); // the first reply of each chat; the second waits behind it
    const claimedAt = Date.now();

    await telegram.up();
    const next = await startChannelApp(database, telegram.env());
    try {
      await eventually(async () => (await pending(next.db)) === 0, 10_000, 'the expired claims to be delivered');
      for (const id of ids) {
        const got = telegram.sent(id);
        expect(got.map((m) => m.text)).toEqual(await storedReplies(next.db, id));
        expect(got[0]!.at - claimedAt).toBeGreaterThanOrEqual(1_400);
      }
    } finally {
      await next.close();
    }
  });

  it('two kentro processes on one database deliver every message once, each chat in order', async () => {
    telegram.latencyMs = 10;
    const env = { DATABASE_URL: database.url, ...telegram.env() };
    const [a, b] = await Promise.all([startKentro(env), startKentro(env)]);
    spawned.push(a, b);
    const db = await database.open();
    try {
      const ids = chats(10);
      await Promise.all(
        ids.map(async (id, i) => {
          // Each citizen's updates land on either process, as behind a load balancer.
          for (const [k, text] of ['/start nikaia-rentis', '3', '1', 'menu', '3', '2'].entries()) {
            const via = (i + k) % 2 === 0 ? a : b;
            expect((await new TelegramCitizen(telegram, via.url, id, 'fr').say(text)).status).toBe(200);
          }
        }),
      );
      await eventually(async () => (await pending(db)) === 0, 20_000, 'both workers to drain the queue');
      for (const id of ids) {
        const expected = await storedReplies(db, id);
        expect(expected.length).toBeGreaterThanOrEqual(7);
        expect(telegram.sent(id).map((m) => m.text)).toEqual(expected);
      }
    } finally {
      telegram.latencyMs = 0;
      await db.close();
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    }
  }, 90_000);
});
