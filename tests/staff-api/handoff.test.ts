import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_INBOX } from '../../src/bot/channels/telegram/plugin.js';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import { availability } from '../../src/handoff/hours.js';
import { translator } from '../../src/i18n/index.js';
import { channelDatabase, conversationOf, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';
import { DirectLine, press, Stream, type Activity } from '../support/directline.js';
import { TelegramCitizen, TelegramDouble } from '../support/telegram-double.js';
import { api, EventStream, staffOf, type StaffLogin } from './support.js';

const botTexts = (activities: Activity[]) => activities.filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => a.text ?? '');

/** What the citizen is told when they enter the queue: their place during opening hours, the next opening otherwise. */
async function expectQueueMessage(texts: string[], lang: 'el' | 'ar', centreId: string): Promise<void> {
  const content = await loadContent(defaultContentDir());
  const t = translator(lang);
  const open = availability(content.centres.get(centreId)!).open;
  const pattern = open ? t('handoff:queued', { position: 1 }) : t('handoff:queuedClosed', { when: '@@' }).split('@@')[0]!;
  expect(texts.some((x) => x.includes(pattern))).toBe(true);
}

describe.each(providers())('handoff to a social worker over real HTTP on %s', (provider) => {
  let telegram: TelegramDouble;
  let database: TestDatabase;
  let kentro: ChannelApp;
  let dl: DirectLine;
  let maria: StaffLogin;

  beforeAll(async () => {
    telegram = await TelegramDouble.start();
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, telegram.env());
    dl = new DirectLine(kentro.url);
    maria = await staffOf(kentro.db, kentro.url, 'thira');
  });
  afterAll(async () => {
    await kentro.close();
    await telegram.close();
    await database.drop();
  });

  it('a web chat citizen asks for a person, waits in the queue, gets the staff reply live; notes never reach them; handed back, the bot answers again', async () => {
    const events = await EventStream.open(kentro.url, maria.token);
    const c = await dl.start({ centre: 'thira', locale: 'el' });
    const stream = await Stream.open(c.streamUrl);
    await dl.post(c, press({ title: 'Μιλήστε με άνθρωπο', value: 'menu:person' }));

    const conversation = await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } });
    expect(conversation.status).toBe('pending');
    await expectQueueMessage(botTexts((await dl.activities(c)).body.activities), 'el', 'thira');
    // The inbox hears of it live, and lists it in the queue.
    await events.until((e) => e.events.some((x) => x.event === 'conversation.status' && (x.data as { conversationId: string; to: string }).conversationId === c.conversationId));
    const queue = await api<{ conversations: { id: string; channel: string; language: string }[]; counts: Record<string, number> }>(kentro.url, 'GET', '/api/conversations?status=pending', { token: maria.token });
    expect(queue.status).toBe(200);
    expect(queue.body.conversations.find((x) => x.id === c.conversationId)).toMatchObject({ channel: 'webchat', language: 'el' });
    expect(queue.body.counts.pending).toBeGreaterThanOrEqual(1);

    // While pending the bot still answers (the citizen may keep using the menu).
    const before = (await dl.activities(c)).body.activities.length;
    await dl.post(c, { text: 'menu' });
    expect(botTexts((await dl.activities(c)).body.activities.slice(before)).length).toBeGreaterThan(0);

    const claimed = await api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/claim`, { token: maria.token });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'open', assignee: { id: maria.id } });

    // A citizen message reaches the staff stream live; the bot stays quiet now.
    const quiet = (await dl.activities(c)).body.activities.length;
    await dl.post(c, { text: 'Χρειάζομαι βοήθεια με το ενοίκιο' });
    await events.until((e) => e.events.some((x) => x.event === 'message.created' && (x.data as { message: { text: string } }).message.text === 'Χρειάζομαι βοήθεια με το ενοίκιο'));
    const afterCitizen = (await dl.activities(c)).body.activities.slice(quiet);
    expect(afterCitizen.filter((a) => a.from.role === 'bot')).toEqual([]);

    const note = await api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/messages`, { token: maria.token, body: { text: 'ΕΣΩΤΕΡΙΚΟ: έλεγξε το φάκελο', private: true } });
    expect(note.status).toBe(201);
    const reply = await api<{ message: { id: string; senderType: string }; languageMismatch: boolean }>(kentro.url, 'POST', `/api/conversations/${c.conversationId}/messages`, {
      token: maria.token,
      body: { text: 'Καλησπέρα, είμαι η Μαρία. Πώς μπορώ να βοηθήσω;' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ message: { senderType: 'staff' }, languageMismatch: false });
    await stream.until((s) => s.messages.some((a) => a.text === 'Καλησπέρα, είμαι η Μαρία. Πώς μπορώ να βοηθήσω;'));
    await events.until((e) => e.events.some((x) => x.event === 'message.created' && (x.data as { message: { private: boolean } }).message.private));

    // Staff see the note in the transcript; the citizen never does.
    const detail = await api<{ messages: { text: string; private: boolean }[] }>(kentro.url, 'GET', `/api/conversations/${c.conversationId}`, { token: maria.token });
    expect(detail.body.messages.find((m) => m.text.startsWith('ΕΣΩΤΕΡΙΚΟ'))).toMatchObject({ private: true });
    const seen = [...stream.activities, ...(await dl.activities(c)).body.activities];
    expect(seen.some((a) => (a.text ?? '').includes('ΕΣΩΤΕΡΙΚΟ'))).toBe(false);

    const back = await api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/handback`, { token: maria.token });
    expect(back.body).toMatchObject({ status: 'bot', assignee: null });
    await stream.until((s) => s.messages.some((a) => a.text === translator('el')('handoff:handedBack')));
    const n = (await dl.activities(c)).body.activities.length;
    await dl.post(c, { text: 'menu' });
    expect(botTexts((await dl.activities(c)).body.activities.slice(n)).length).toBeGreaterThan(0);

    const audit = await kentro.db.prisma.auditLog.findMany({ where: { entityId: c.conversationId }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['conversation.queue', 'conversation.claim', 'conversation.read', 'conversation.handback']));
    await stream.close();
    events.close();
  });

  it('an Arabic Telegram citizen gets the canned response in Arabic through the outbox; staff see the Greek too; free text is flagged', async () => {
    const citizen = new TelegramCitizen(telegram, kentro.url, 8_100_001, 'ar');
    await citizen.say('/start thira');
    await telegram.waitForMessages(citizen.chatId, 1);
    const conversationId = await conversationOf(kentro.db, TELEGRAM_INBOX, String(citizen.chatId));
    const conv = await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conv.language).toBe('ar');

    const canned = await api<{ cannedResponses: { id: string; shortCode: string; texts: Record<string, string> }[] }>(kentro.url, 'GET', '/api/canned-responses', { token: maria.token });
    const hello = canned.body.cannedResponses.find((r) => r.shortCode === 'hello')!;
    expect(Object.keys(hello.texts).sort()).toEqual(['ar', 'el', 'en', 'fa', 'fr', 'uk']);

    const count = telegram.sent(citizen.chatId).length;
    const res = await api<{ message: { text: string; language: string; original: { text: string } | null }; languageMismatch: boolean }>(kentro.url, 'POST', `/api/conversations/${conversationId}/messages`, {
      token: maria.token,
      body: { cannedResponseId: hello.id },
    });
    expect(res.status).toBe(201);
    expect(res.body.message).toMatchObject({ text: hello.texts.ar, language: 'ar', original: { text: hello.texts.el } });
    expect(res.body.languageMismatch).toBe(false);
    const sent = await telegram.waitFor(() => telegram.sent(citizen.chatId).slice(count).find((m) => m.text === hello.texts.ar), 10_000, 'the Arabic canned response');
    expect(sent.text).toBe(hello.texts.ar);
    // The claim notice and the reply, nothing in Greek.
    expect(telegram.sent(citizen.chatId).slice(count).some((m) => m.text === hello.texts.el)).toBe(false);

    const free = await api<{ languageMismatch: boolean; suggestions: unknown[] }>(kentro.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: maria.token, body: { text: 'Καλημέρα' } });
    expect(free.body.languageMismatch).toBe(true);
    expect(free.body.suggestions.length).toBeGreaterThan(0);
    const detail = await api<{ messages: { text: string; languageMismatch: boolean; original: { text: string } | null }[] }>(kentro.url, 'GET', `/api/conversations/${conversationId}`, { token: maria.token });
    expect(detail.body.messages.find((m) => m.text === 'Καλημέρα')).toMatchObject({ languageMismatch: true });
    expect(detail.body.messages.find((m) => m.text === hello.texts.ar)).toMatchObject({ languageMismatch: false, original: { text: hello.texts.el } });

    // An internal note is never queued for Telegram.
    const note = await api<{ message: { id: string } }>(kentro.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: maria.token, body: { text: 'σημείωση', private: true } });
    expect(await kentro.db.prisma.outboxMessage.count({ where: { messageId: note.body.message.id } })).toBe(0);
    await telegram.waitFor(() => telegram.sent(citizen.chatId).some((m) => m.text === 'Καλημέρα'), 10_000, 'the free text');
    expect(telegram.sent(citizen.chatId).some((m) => m.text === 'σημείωση')).toBe(false);

    const resolved = await api(kentro.url, 'POST', `/api/conversations/${conversationId}/resolve`, { token: maria.token });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
  });

  it('an Arabic speaker asks for a person in words: in the queue, told in Arabic; a canned response reaches them live in Arabic', async () => {
    const c = await dl.start({ centre: 'thira', locale: 'ar' });
    const stream = await Stream.open(c.streamUrl);
    await dl.post(c, { text: 'أريد التحدث مع شخص' });
    expect(await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).toMatchObject({ status: 'pending', language: 'ar' });
    await expectQueueMessage(botTexts((await dl.activities(c)).body.activities), 'ar', 'thira');
    const canned = await api<{ cannedResponses: { id: string; shortCode: string; texts: Record<string, string> }[] }>(kentro.url, 'GET', '/api/canned-responses', { token: maria.token });
    const documents = canned.body.cannedResponses.find((r) => r.shortCode === 'documents')!;
    expect((await api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/messages`, { token: maria.token, body: { cannedResponseId: documents.id } })).status).toBe(201);
    await stream.until((s) => s.messages.some((a) => a.text === documents.texts.ar));
    expect(stream.messages.some((a) => a.text === documents.texts.el)).toBe(false);
    await stream.close();
  });

  it('an emergency puts the conversation at the top of the queue, flagged urgent, and the inbox hears of it', async () => {
    const events = await EventStream.open(kentro.url, maria.token);
    const calm = await dl.start({ centre: 'thira', locale: 'el' });
    await dl.post(calm, press({ title: 'Μιλήστε με άνθρωπο', value: 'menu:person' }));
    const c = await dl.start({ centre: 'thira', locale: 'el' });
    await dl.post(c, { text: 'με χτυπάει ο άντρας μου' });
    await events.until((e) => e.events.some((x) => JSON.stringify(x.data).includes(c.conversationId) && (x.event === 'conversation.status' || x.event === 'conversation.updated')));
    const queue = await api<{ conversations: { id: string; urgent: boolean }[] }>(kentro.url, 'GET', '/api/conversations?status=pending', { token: maria.token });
    expect(queue.body.conversations[0]).toMatchObject({ id: c.conversationId, urgent: true });
    expect(queue.body.conversations.map((x) => x.id)).toContain(calm.conversationId);
    events.close();
  });

  it('a resolved web chat conversation: the citizen writes again and the bot has it', async () => {
    const c = await dl.start({ centre: 'thira', locale: 'el' });
    await dl.post(c, press({ title: 'Μιλήστε με άνθρωπο', value: 'menu:person' }));
    expect((await api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/claim`, { token: maria.token })).status).toBe(200);
    const resolved = await api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/resolve`, { token: maria.token });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    expect(botTexts((await dl.activities(c)).body.activities)).toContain(translator('el')('handoff:resolved'));
    const n = (await dl.activities(c)).body.activities.length;
    await dl.post(c, { text: 'menu' });
    expect(botTexts((await dl.activities(c)).body.activities.slice(n)).length).toBeGreaterThan(0);
    expect(await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).toMatchObject({ status: 'bot', resolvedAt: null });
    const reopen = await kentro.db.prisma.auditLog.findFirstOrThrow({ where: { entityId: c.conversationId, action: 'conversation.reopen' } });
    expect(reopen.actorType).toBe('citizen');
  });

  it('staff refer the citizen to a service of the centre’s directory and follow its status', async () => {
    const c = await dl.start({ centre: 'thira', locale: 'uk' });
    const directory = await api<{ entries: { key: string; name: string }[] }>(kentro.url, 'GET', '/api/directory', { token: maria.token });
    expect(directory.body.entries.map((e) => e.key)).toContain('social_service');
    const created = await api<{ id: string; status: string; serviceKey: string }>(kentro.url, 'POST', `/api/conversations/${c.conversationId}/referrals`, {
      token: maria.token,
      body: { serviceKey: 'social_service', note: 'housing' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ serviceKey: 'social_service', status: 'suggested' });
    expect((await api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/referrals`, { token: maria.token, body: { serviceKey: 'nowhere' } })).status).toBe(404);
    const sent = await api(kentro.url, 'PATCH', `/api/referrals/${created.body.id}`, { token: maria.token, body: { status: 'sent' } });
    expect(sent.body).toMatchObject({ status: 'sent' });
    const detail = await api<{ referrals: { id: string; status: string }[] }>(kentro.url, 'GET', `/api/conversations/${c.conversationId}`, { token: maria.token });
    expect(detail.body.referrals).toEqual([expect.objectContaining({ id: created.body.id, status: 'sent' })]);
  });

  it('two staff claim at once: one gets it, the other a 409', async () => {
    const c = await dl.start({ centre: 'thira', locale: 'en' });
    await dl.post(c, press({ title: 'Talk to a person', value: 'menu:person' }));
    const nikos = await staffOf(kentro.db, kentro.url, 'thira');
    const [a, b] = await Promise.all([
      api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/claim`, { token: maria.token }),
      api(kentro.url, 'POST', `/api/conversations/${c.conversationId}/claim`, { token: nikos.token }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.headers.get('content-type')).toContain('application/problem+json');
    expect(loser.body).toMatchObject({ type: 'urn:kentro:problem:conflict', status: 409 });
  });
});
