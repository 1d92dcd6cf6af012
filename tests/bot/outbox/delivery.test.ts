import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_INBOX } from '../../../src/bot/channels/telegram/plugin.js';
import { listOutbox } from '../../../src/bot/outbox/list.js';
import { requeueDead } from '../../../src/bot/outbox/status.js';
import type { Db } from '../../../src/db/client.js';
import { channelDatabase, conversationOf, eventually, FAST_OUTBOX, queueReply, startChannelApp, type ChannelApp } from '../../support/channel-app.js';
import { providers, type TestDatabase } from '../../support/db.js';
import { newUpdateId, TelegramCitizen, TelegramDouble } from '../../support/telegram-double.js';

/** Outgoing messages of a chat as stored, in conversation order. */
async function storedReplies(db: Db, chatId: number): Promise<string[]> {
  const conversation = await conversationOf(db, TELEGRAM_INBOX, String(chatId));
  const rows = await db.prisma.message.findMany({ where: { conversationId: conversation, type: 'outgoing' }, orderBy: { seq: 'asc' } });
  return rows.map((m) => m.text ?? '');
}

async function allSent(db: Db): Promise<boolean> {
  return (await db.prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0;
}

describe.each(providers())('outbox delivery to Telegram on %s', (provider) => {
  let telegram: TelegramDouble;
  let database: TestDatabase;
  let kentro: ChannelApp;
  let nextChat = 6_000_000;
  const citizen = (lang = 'en') => new TelegramCitizen(telegram, kentro.url, nextChat++, lang);

  beforeAll(async () => {
    telegram = await TelegramDouble.start();
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, telegram.env(), { ...FAST_OUTBOX, maxAttempts: 4 });
  });
  afterAll(async () => {
    await kentro.close();
    await telegram.close();
    await database.drop();
  });
  afterEach(() => telegram.clearFailures());

  it('Telegram down for a while, then back: every reply arrives once, in order, in every chat', async () => {
    // This app gives up after 4 attempts; an outage needs patience (production keeps trying for about an hour).
    await kentro.close();
    const patient = await startChannelApp(database, telegram.env(), { ...FAST_OUTBOX, maxAttempts: 1000 });
    try {
      const people = [7_000_001, 7_000_002, 7_000_003].map((id) => new TelegramCitizen(telegram, patient.url, id, 'en'));
      await telegram.down();
      for (const text of ['/start thira', '3', '1', 'menu', '3', '2']) {
        for (const p of people) expect((await p.say(text)).status).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 600)); // several failed attempts each
      const waiting = await patient.db.prisma.outboxMessage.findMany({ where: { status: 'pending' } });
      expect(waiting.length).toBeGreaterThanOrEqual(people.length * 6);
      expect(waiting.some((r) => r.attempts > 1 && r.lastError === 'telegram unreachable')).toBe(true);
      await telegram.up();
      await eventually(() => allSent(patient.db), 15_000, 'the outbox to drain');
      for (const p of people) {
        const expected = await storedReplies(patient.db, p.chatId);
        expect(expected.length).toBeGreaterThanOrEqual(7);
        expect(telegram.sent(p.chatId).map((m) => m.text)).toEqual(expected);
      }
      const statuses = await patient.db.prisma.message.groupBy({ by: ['deliveryStatus'], where: { inboxId: TELEGRAM_INBOX, type: 'outgoing' }, _count: true });
      expect(statuses.map((s) => s.deliveryStatus)).toEqual(['sent']);
    } finally {
      await patient.close();
      kentro = await startChannelApp(database, telegram.env(), { ...FAST_OUTBOX, maxAttempts: 4 });
    }
  });

  it("waits as long as Telegram's retry_after says after a 429", async () => {
    const chat = citizen();
    telegram.fail({ status: 429, retryAfter: 1 });
    await chat.say('/start samos');
    const [first] = await telegram.waitForMessages(chat.chatId, 1, 5_000);
    const refused = telegram.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(chat.chatId));
    expect(first!.at - refused[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('retries 5xx answers with backoff and keeps the order', async () => {
    const chat = citizen();
    telegram.fail({ status: 502, times: 3 });
    await chat.say('/start souli');
    await telegram.waitForMessages(chat.chatId, 2);
    expect(telegram.sent(chat.chatId).map((m) => m.text)).toEqual(await storedReplies(kentro.db, chat.chatId));
  });

  it('gives up after the last attempt: the message is dead, visible and sent again when staff retry it', async () => {
    const chat = citizen();
    await chat.say('/start thira');
    await telegram.waitForMessages(chat.chatId, 2);
    const conversation = await conversationOf(kentro.db, TELEGRAM_INBOX, String(chat.chatId));
    telegram.fail({ status: 500, times: Infinity });
    const id = await queueReply(kentro.db, conversation, 'Το ραντεβού σας είναι αύριο στις 10:00.');
    await eventually(async () => (await kentro.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageId: id } })).status === 'dead');
    const dead = await listOutbox(kentro.db.prisma, { status: 'dead' });
    const row = dead.find((r) => r.conversationId === conversation)!;
    expect(row).toMatchObject({ channel: 'telegram', attempts: 4, lastError: 'telegram 500: Internal Server Error' });
    expect((await kentro.db.prisma.message.findUniqueOrThrow({ where: { id } })).deliveryStatus).toBe('failed');

    // A dead message does not hold up the conversation.
    await chat.say('menu');
    telegram.clearFailures();
    await telegram.waitForMessages(chat.chatId, 3);

    expect(await requeueDead(kentro.db.prisma, { ids: [row.id] })).toBe(1);
    kentro.app.outbox.wake();
    const got = await telegram.waitForMessages(chat.chatId, 4);
    expect(got.at(-1)!.text).toBe('Το ραντεβού σας είναι αύριο στις 10:00.');
    await eventually(async () => (await kentro.db.prisma.message.findUniqueOrThrow({ where: { id } })).deliveryStatus === 'sent');
  });

  it('a 400 is not retried: dead at once', async () => {
    const chat = citizen();
    await chat.say('/start thira');
    await telegram.waitForMessages(chat.chatId, 2);
    telegram.fail({ status: 400, description: 'Bad Request: message text is empty' });
    const id = await queueReply(kentro.db, await conversationOf(kentro.db, TELEGRAM_INBOX, String(chat.chatId)), 'x');
    await eventually(async () => (await kentro.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageId: id } })).status === 'dead');
    expect((await kentro.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageId: id } })).attempts).toBe(1);
  });

  it('stops sending to a citizen who blocked the bot, and starts again when they come back', async () => {
    const chat = citizen();
    await chat.say('/start thira');
    await telegram.waitForMessages(chat.chatId, 2);
    const conversation = await conversationOf(kentro.db, TELEGRAM_INBOX, String(chat.chatId));
    telegram.fail({ status: 403, description: 'Forbidden: bot was blocked by the user' });
    const first = await queueReply(kentro.db, conversation, 'reminder 1');
    await eventually(async () => (await kentro.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageId: first } })).status === 'skipped');
    expect((await kentro.db.prisma.contactInbox.findFirstOrThrow({ where: { inboxId: TELEGRAM_INBOX, sourceId: String(chat.chatId) } })).subscribed).toBe(false);
    const callsBefore = telegram.callsOf('sendMessage').length;
    const second = await queueReply(kentro.db, conversation, 'reminder 2');
    await eventually(async () => (await kentro.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageId: second } })).status === 'skipped');
    expect(telegram.callsOf('sendMessage').length).toBe(callsBefore);
    expect((await kentro.db.prisma.message.findUniqueOrThrow({ where: { id: second } })).deliveryStatus).toBe('skipped');

    // Unblocking: Telegram tells the bot, and the citizen writes again.
    await chat.post({ update_id: newUpdateId(), my_chat_member: { chat: { id: chat.chatId, type: 'private' }, from: { id: chat.chatId, is_bot: false, first_name: 'C' }, date: 0, old_chat_member: { status: 'kicked', user: { id: 1, is_bot: true, first_name: 'k' } }, new_chat_member: { status: 'member', user: { id: 1, is_bot: true, first_name: 'k' } } } });
    await chat.say('menu');
    await telegram.waitForMessages(chat.chatId, 3);
  });

  it('splits a long reply at 4,096 characters, in order, buttons under the last part; a failed part resumes where it stopped', async () => {
    const chat = citizen();
    await chat.say('/start thira');
    await telegram.waitForMessages(chat.chatId, 2);
    const paragraph = (n: number) => `${n}. ${'Ελάχιστο Εγγυημένο Εισόδημα: δικαιολογητικά και προθεσμίες. '.repeat(12).trim()}`;
    const text = Array.from({ length: 14 }, (_, i) => paragraph(i + 1)).join('\n\n');
    expect(text.length).toBeGreaterThan(2 * 4096);
    telegram.fail({ status: 429, retryAfter: 0, after: 1 }); // the second part is refused once
    const id = await queueReply(kentro.db, await conversationOf(kentro.db, TELEGRAM_INBOX, String(chat.chatId)), text, [{ title: 'OK', value: 'cmd:menu' }]);
    await eventually(async () => (await kentro.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageId: id } })).status === 'sent');
    const parts = telegram.sent(chat.chatId).slice(2);
    expect(parts).toHaveLength(3); // part 1 was not sent again with the retry of part 2
    expect(telegram.callsOf('sendMessage').filter((c) => String(c.params.chat_id) === String(chat.chatId))).toHaveLength(2 + 4);
    expect(parts.every((p) => p.text.length <= 4096)).toBe(true);
    // Cut between paragraphs, nothing lost or repeated.
    expect(parts.map((p) => p.text).join('\n\n')).toBe(text);
    expect(parts.map((p) => p.keyboard?.flat().map((b) => b.text))).toEqual([undefined, undefined, ['OK']]);
  });

  it('sends a reply whose button data Telegram would drop as a numbered list', async () => {
    const chat = citizen();
    await chat.say('/start thira');
    await telegram.waitForMessages(chat.chatId, 2);
    await queueReply(kentro.db, await conversationOf(kentro.db, TELEGRAM_INBOX, String(chat.chatId)), 'Διαλέξτε:', [
      { title: 'Πρώτο', value: `x:${'a'.repeat(80)}` },
      { title: 'Δεύτερο', value: 'x:b' },
    ]);
    const got = await telegram.waitForMessages(chat.chatId, 3);
    expect(got[2]).toMatchObject({ text: 'Διαλέξτε:\n\n1. Πρώτο\n2. Δεύτερο', keyboard: undefined });
  });
});
