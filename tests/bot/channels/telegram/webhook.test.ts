import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_INBOX } from '../../../../src/bot/channels/telegram/plugin.js';
import { translator } from '../../../../src/i18n/index.js';
import { LANGUAGE_NAMES } from '../../../../src/dialogs/flows/languages.js';
import { channelDatabase, conversationOf, eventually, startChannelApp, type ChannelApp } from '../../../support/channel-app.js';
import { providers, type TestDatabase } from '../../../support/db.js';
import { newUpdateId, TelegramCitizen, TelegramDouble, TELEGRAM_SECRET } from '../../../support/telegram-double.js';

const el = translator('el');
const fa = translator('fa');

describe.each(providers())('Telegram webhook on %s', (provider) => {
  let telegram: TelegramDouble;
  let database: TestDatabase;
  let kentro: ChannelApp;
  let nextChat = 5_000_000;
  const citizen = (languageCode?: string) => new TelegramCitizen(telegram, kentro.url, nextChat++, languageCode);

  beforeAll(async () => {
    telegram = await TelegramDouble.start();
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, telegram.env());
  });
  afterAll(async () => {
    await kentro.close();
    await telegram.close();
    await database.drop();
  });
  afterEach(() => telegram.clearFailures());

  it('creates the shared Telegram inbox (no centre: deep links choose one)', async () => {
    const inbox = await kentro.db.prisma.inbox.findUniqueOrThrow({ where: { id: 'telegram' } });
    expect(inbox).toMatchObject({ channel: 'telegram', centreId: null });
  });

  it('refuses an update with no secret or a wrong one: 401, nothing stored, nothing sent', async () => {
    const maria = citizen();
    const update = maria.messageUpdate({ text: 'γεια σας' });
    const before = await kentro.db.prisma.message.count();
    expect((await maria.post(update, null)).status).toBe(401);
    expect((await maria.post(update, 'wrong-secret')).status).toBe(401);
    expect((await maria.post(update, TELEGRAM_SECRET.slice(0, -1))).status).toBe(401);
    expect(await kentro.db.prisma.message.count()).toBe(before);
    expect(await kentro.db.prisma.contactInbox.count({ where: { sourceId: String(maria.chatId) } })).toBe(0);
    expect(telegram.sent(maria.chatId)).toEqual([]);
  });

  it('a Greek speaker opens the Thira link, presses Ελληνικά, then the hours button: texts and inline keyboards in Greek', async () => {
    const maria = citizen();
    expect((await maria.say('/start thira')).status).toBe(200);
    const [welcome] = await telegram.waitForMessages(maria.chatId, 1);
    // Nobody's language is known yet: greeted in all six, language names in their own script.
    expect(welcome!.text).toContain(el('welcome:pickLanguage'));
    expect(welcome!.text).toContain(fa('welcome:pickLanguage'));
    expect(welcome!.keyboard!.flat().map((b) => b.text)).toEqual(Object.values(LANGUAGE_NAMES));
    expect(welcome!.keyboard!.flat().map((b) => b.callback_data)).toEqual(['lang:el', 'lang:en', 'lang:ar', 'lang:fa', 'lang:uk', 'lang:fr']);

    expect((await maria.press('Ελληνικά')).status).toBe(200);
    const afterLanguage = await telegram.waitForMessages(maria.chatId, 3);
    // The spinner on the pressed button stops.
    expect(telegram.callsOf('answerCallbackQuery').length).toBeGreaterThanOrEqual(1);
    expect(afterLanguage[1]!.text).toContain('Θήρα');
    expect(afterLanguage[1]!.keyboard).toBeUndefined();
    expect(afterLanguage[2]!.text).toBe(el('menu:prompt'));
    expect(afterLanguage[2]!.keyboard!.flat().map((b) => b.text)).toContain(el('menu:options.hours'));

    await maria.press(el('menu:options.hours'));
    const afterMenu = await telegram.waitForMessages(maria.chatId, 4);
    expect(afterMenu[3]!.text).toBe(el('centre:topicPrompt'));
    expect(afterMenu[3]!.keyboard!.flat().map((b) => b.text)).toEqual([el('centre:topics.hours'), el('centre:topics.address'), el('centre:topics.contact'), el('centre:topics.mobile'), el('common:buttons.menu')]);

    await maria.press(el('centre:topics.hours'));
    const hours = await telegram.waitForMessages(maria.chatId, 5);
    expect(hours[4]!.text).toContain('08:00–15:30');

    // Staff see the button labels the citizen pressed, in order.
    const conversation = await conversationOf(kentro.db, TELEGRAM_INBOX, String(maria.chatId));
    const incoming = await kentro.db.prisma.message.findMany({ where: { conversationId: conversation, type: 'incoming' }, orderBy: { seq: 'asc' } });
    expect(incoming.map((m) => m.text)).toEqual(['/start thira', 'Ελληνικά', el('menu:options.hours'), el('centre:topics.hours')]);
    expect((await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: conversation } })).centreId).toBe('thira');
  });

  it('a Farsi speaker does the same in Farsi', async () => {
    const reza = citizen('de'); // a phone language kentro has no dialogs in: the citizen picks
    await reza.say('/start thira');
    await telegram.waitForMessages(reza.chatId, 1);
    await reza.press('فارسی');
    const menu = await telegram.waitForMessages(reza.chatId, 3);
    expect(menu[2]!.text).toBe(fa('menu:prompt'));
    expect(menu[2]!.keyboard!.flat().map((b) => b.text)).toEqual(['programmes', 'appointments', 'hours', 'person', 'privacy', 'language', 'centre'].map((k) => fa(`menu:options.${k}`)));
    await reza.press(fa('menu:options.hours'));
    const topics = await telegram.waitForMessages(reza.chatId, 4);
    expect(topics[3]!.text).toBe(fa('centre:topicPrompt'));
    expect(topics[3]!.keyboard!.flat().map((b) => b.callback_data)).toEqual(['info:hours', 'info:address', 'info:contact', 'info:mobile', 'cmd:menu']);
    expect(topics[3]!.keyboard!.flat().at(-1)!.text).toBe(fa('common:buttons.menu'));
  });

  it("takes the phone's language as the first guess", async () => {
    const olena = citizen('uk-UA');
    await olena.say('Привіт');
    const [first] = await telegram.waitForMessages(olena.chatId, 1);
    // Language known, centre not: the centre question comes in Ukrainian.
    expect(first!.text).toBe(translator('uk')('welcome:pickCentre'));
    expect(first!.keyboard!.flat()).toHaveLength(5);
  });

  it('processes a redelivered update once, also after a restart', async () => {
    const nikos = citizen('el');
    const updateId = newUpdateId();
    await nikos.say('/start samos', updateId);
    await telegram.waitForMessages(nikos.chatId, 2);
    const conversation = await conversationOf(kentro.db, TELEGRAM_INBOX, String(nikos.chatId));
    const count = () => kentro.db.prisma.message.count({ where: { conversationId: conversation } });
    const before = await count();
    expect((await nikos.say('/start samos', updateId)).status).toBe(200);
    expect(await count()).toBe(before);

    await kentro.close();
    kentro = await startChannelApp(database, telegram.env());
    const again = new TelegramCitizen(telegram, kentro.url, nikos.chatId, 'el');
    expect((await again.say('/start samos', updateId)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(await count()).toBe(before);
    expect(telegram.sent(nikos.chatId)).toHaveLength(2);
  });

  it('/start in an existing conversation starts over, and a deep link to another centre switches to it', async () => {
    const anna = citizen('en');
    await anna.say('/start thira');
    await telegram.waitForMessages(anna.chatId, 2);
    await anna.say('/start samos');
    const messages = await telegram.waitForMessages(anna.chatId, 4);
    expect(messages[2]!.text).toContain('Samos');
    expect(messages[3]!.text).toBe(translator('en')('menu:prompt'));
    const conversations = await kentro.db.prisma.conversation.findMany({ where: { inboxId: TELEGRAM_INBOX, contactInbox: { sourceId: String(anna.chatId) } } });
    expect(conversations.map((c) => c.centreId)).toEqual(['samos']);
  });

  it('records photos, documents, contacts and locations for staff, and staff can download the file', async () => {
    const sara = citizen('en');
    await sara.say('/start thira');
    await telegram.waitForMessages(sara.chatId, 2);
    telegram.files.set('photo-big', { path: 'photos/file_1.jpg', bytes: Buffer.from('jpeg bytes') });
    await sara.post(sara.messageUpdate({ photo: [{ file_id: 'photo-small', file_unique_id: 's', width: 90, height: 90 }, { file_id: 'photo-big', file_unique_id: 'b', width: 1280, height: 960, file_size: 10 }], caption: 'my AMKA card' }));
    await sara.post(sara.messageUpdate({ document: { file_id: 'doc-1', file_unique_id: 'd1', file_name: 'εκκαθαριστικό.pdf', mime_type: 'application/pdf', file_size: 52_000 } }));
    await sara.post(sara.messageUpdate({ contact: { phone_number: '+306900000000', first_name: 'Sara', user_id: sara.chatId } }));
    await sara.post(sara.messageUpdate({ location: { latitude: 36.4167, longitude: 25.4322 } }));
    const conversation = await conversationOf(kentro.db, TELEGRAM_INBOX, String(sara.chatId));
    await eventually(async () => (await kentro.db.prisma.message.count({ where: { conversationId: conversation, type: 'incoming' } })) === 5);
    const incoming = await kentro.db.prisma.message.findMany({ where: { conversationId: conversation, type: 'incoming' }, orderBy: { seq: 'asc' } });
    const attachments = incoming.slice(1).map((m) => (JSON.parse(m.payload ?? '{}') as { attachments: unknown[] }).attachments[0]);
    expect(incoming[1]!.text).toBe('my AMKA card');
    expect(attachments[0]).toMatchObject({ contentType: 'image/jpeg', content: { channel: 'telegram', kind: 'photo', fileId: 'photo-big', width: 1280 } });
    expect(attachments[1]).toMatchObject({ contentType: 'application/pdf', name: 'εκκαθαριστικό.pdf', content: { fileId: 'doc-1', size: 52_000 } });
    expect(attachments[2]).toMatchObject({ contentType: 'application/vnd.kentro.contact+json', content: { phone: '+306900000000', name: 'Sara' } });
    expect(attachments[3]).toMatchObject({ contentType: 'application/vnd.kentro.location+json', content: { latitude: 36.4167, longitude: 25.4322 } });
    const file = await kentro.app.telegram!.downloadFile('photo-big');
    expect(Buffer.from(file.bytes).toString()).toBe('jpeg bytes');
  });

  it('answers 200 to an update that fails inside kentro, and goes on with the next one', async () => {
    const yusuf = citizen('ar');
    const broken = { update_id: newUpdateId(), message: { message_id: 1, date: 0, text: 'no chat in here' } };
    expect((await yusuf.post(broken)).status).toBe(200);
    expect((await yusuf.post({ update_id: 'not a number' } as unknown as { update_id: number })).status).toBe(400);
    await yusuf.say('/start souli');
    await telegram.waitForMessages(yusuf.chatId, 2);
  });

  it('ignores group chats', async () => {
    const group = citizen();
    const update = group.messageUpdate({ text: 'hello all', chat: { id: -100123, type: 'supergroup', title: 'group' } });
    expect((await group.post(update)).status).toBe(200);
    expect(await kentro.db.prisma.contactInbox.count({ where: { sourceId: '-100123' } })).toBe(0);
  });
});
