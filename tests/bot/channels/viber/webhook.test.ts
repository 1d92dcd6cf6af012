import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIBER_INBOX } from '../../../../src/bot/channels/viber/plugin.js';
import { LANGUAGE_NAMES } from '../../../../src/dialogs/flows/languages.js';
import { translator } from '../../../../src/i18n/index.js';
import { channelDatabase, conversationOf, eventually, queueReply, startChannelApp, type ChannelApp } from '../../../support/channel-app.js';
import { providers, type TestDatabase } from '../../../support/db.js';
import { newMessageToken, signedBody, signedRequest, ViberCitizen, ViberDouble, VIBER_TOKEN } from '../../../support/viber-double.js';

const el = translator('el');
const fa = translator('fa');

interface Welcome {
  sender: { name: string };
  type: string;
  text: string;
  keyboard?: { Type: string; Buttons: { ActionBody: string; Text: string; Columns: number }[] };
}

describe.each(providers())('Viber webhook on %s', (provider) => {
  let viber: ViberDouble;
  let database: TestDatabase;
  let kentro: ChannelApp;
  let next = 1;
  const citizen = (language?: string) => new ViberCitizen(viber, kentro.url, `viber-user-${provider}-${next++}==`, language);

  beforeAll(async () => {
    viber = await ViberDouble.start();
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, viber.env());
  });
  afterAll(async () => {
    await kentro.close();
    await viber.close();
    await database.drop();
  });

  it('refuses a callback without a valid signature: 403, nothing stored', async () => {
    const user = citizen('el');
    const event = { event: 'message', timestamp: Date.now(), message_token: newMessageToken(), sender: { id: user.id, name: 'X' }, message: { type: 'text', text: 'γεια' } };
    const before = await kentro.db.prisma.message.count();
    const unsigned = signedRequest(event);
    delete (unsigned.headers as Record<string, string>)['x-viber-content-signature'];
    expect((await fetch(`${kentro.url}/webhooks/viber`, unsigned)).status).toBe(403);
    expect((await fetch(`${kentro.url}/webhooks/viber`, signedRequest(event, 'another-bot-token'))).status).toBe(403);
    expect((await fetch(`${kentro.url}/webhooks/viber`, signedRequest(event, VIBER_TOKEN, 'ab'.repeat(32)))).status).toBe(403);
    // Signed, then changed on the way: the signature no longer fits the bytes.
    const tampered = signedRequest(event);
    tampered.body = String(tampered.body).replace('γεια', 'γειά');
    expect((await fetch(`${kentro.url}/webhooks/viber`, tampered)).status).toBe(403);
    expect(await kentro.db.prisma.message.count()).toBe(before);
    expect(await kentro.db.prisma.contactInbox.count({ where: { sourceId: user.id } })).toBe(0);
  });

  it('answers a signed callback that is not Viber JSON with 400, and an event it does not use with 200', async () => {
    expect((await fetch(`${kentro.url}/webhooks/viber`, signedBody('not json'))).status).toBe(400);
    expect((await fetch(`${kentro.url}/webhooks/viber`, signedBody('{"event":"message","timestamp":1}'))).status).toBe(400);
    expect((await fetch(`${kentro.url}/webhooks/viber`, signedRequest({ event: 'client_status', timestamp: Date.now() }))).status).toBe(200);
  });

  it('greets a citizen who opens the chat in the HTTP answer itself, and does not send it again', async () => {
    const user = citizen();
    const res = await user.open('thira');
    expect(res.status).toBe(200);
    const welcome = (await res.json()) as Welcome;
    expect(welcome).toMatchObject({ sender: { name: 'Κέντρο Κοινότητας' }, type: 'text' });
    expect(welcome.text).toContain(el('welcome:pickLanguage'));
    expect(welcome.keyboard!.Buttons.map((b) => b.ActionBody)).toEqual(Object.values(LANGUAGE_NAMES));
    expect(welcome.keyboard!.Buttons.every((b) => b.Columns === 3)).toBe(true);
    const conversation = await conversationOf(kentro.db, VIBER_INBOX, user.id);
    const stored = await kentro.db.prisma.message.findMany({ where: { conversationId: conversation } });
    expect(stored.map((m) => m.deliveryStatus)).toEqual(['sent']);
    expect(await kentro.db.prisma.outboxMessage.count({ where: { conversationId: conversation } })).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(viber.sent(user.id)).toEqual([]);
    // Not subscribed yet: Viber lets the bot only answer in the HTTP response until they write.
    expect((await kentro.db.prisma.contactInbox.findFirstOrThrow({ where: { sourceId: user.id } })).subscribed).toBe(false);
  });

  it('a Greek speaker presses Ελληνικά, then the hours button', async () => {
    const user = citizen();
    const welcome = (await (await user.open('thira')).json()) as Welcome;
    await user.press('Ελληνικά', welcome.keyboard!.Buttons.map((b) => ({ ...b, Rows: 1, ActionType: 'reply' })));
    const [disclosure, menu] = await viber.waitForMessages(user.id, 2);
    expect(disclosure!.text).toContain('Θήρα');
    expect(disclosure!.buttons).toBeUndefined();
    expect(menu!.text).toBe(el('menu:prompt'));
    expect(menu!.buttons!.map((b) => b.ActionBody)).toEqual(['programmes', 'appointments', 'hours', 'person', 'privacy', 'language', 'centre'].map((k) => el(`menu:options.${k}`)));
    await user.press(el('menu:options.hours'));
    const [, , topics] = await viber.waitForMessages(user.id, 3);
    expect(topics!.text).toBe(el('centre:topicPrompt'));
    expect(topics!.buttons!.map((b) => b.Text)).toEqual([el('centre:topics.hours'), el('centre:topics.address'), el('centre:topics.contact'), el('centre:topics.mobile'), el('common:buttons.menu')]);
    await user.press(el('centre:topics.hours'));
    const all = await viber.waitForMessages(user.id, 5);
    expect(all[3]!.text).toContain('08:00–15:30');
    // Back to the menu with the navigation button, whose label means nothing to the dialogs by itself.
    await user.press(el('common:buttons.menu'));
    const again = await viber.waitForMessages(user.id, 6);
    expect(again[5]!.text).toBe(el('menu:prompt'));
    expect((await kentro.db.prisma.contactInbox.findFirstOrThrow({ where: { sourceId: user.id } })).subscribed).toBe(true);
  });

  it('opening the chat again (a link to another centre) starts over, answered in the HTTP response', async () => {
    const user = citizen('en');
    await user.say('hello');
    await viber.waitForMessages(user.id, 1);
    const again = (await (await user.open('souli')).json()) as Welcome;
    // Language known, centre from the link: the disclosure and the menu, as one message.
    expect(again.text).toContain('Souli');
    expect(again.text).toContain(translator('en')('menu:prompt'));
    expect(again.keyboard!.Buttons).toHaveLength(7);
    const conversations = await kentro.db.prisma.conversation.findMany({ where: { inboxId: VIBER_INBOX, contactInbox: { sourceId: user.id } } });
    expect(conversations.map((c) => c.centreId)).toEqual(['souli']);
    await new Promise((r) => setTimeout(r, 200));
    expect(viber.sent(user.id)).toHaveLength(1);
  });

  it('a Farsi speaker does the same in Farsi', async () => {
    const user = citizen();
    const welcome = (await (await user.open('samos')).json()) as Welcome;
    await user.press('فارسی', welcome.keyboard!.Buttons.map((b) => ({ ...b, Rows: 1, ActionType: 'reply' })));
    const [, menu] = await viber.waitForMessages(user.id, 2);
    expect(menu!.text).toBe(fa('menu:prompt'));
    await user.press(fa('menu:options.hours'));
    const [, , topics] = await viber.waitForMessages(user.id, 3);
    expect(topics!.text).toBe(fa('centre:topicPrompt'));
    expect(topics!.buttons!.map((b) => b.ActionBody)).toEqual([fa('centre:topics.hours'), fa('centre:topics.address'), fa('centre:topics.contact'), fa('common:buttons.menu')]);
  });

  it("takes the phone's language as the first guess, and processes a redelivered message once", async () => {
    const user = citizen('uk');
    const token = newMessageToken();
    await user.say('Привіт', token);
    const [first] = await viber.waitForMessages(user.id, 1);
    expect(first!.text).toBe(translator('uk')('welcome:pickCentre'));
    expect(first!.buttons).toHaveLength(5);
    expect(first!.buttons!.every((b) => b.Columns === 6)).toBe(true);
    const conversation = await conversationOf(kentro.db, VIBER_INBOX, user.id);
    const count = () => kentro.db.prisma.message.count({ where: { conversationId: conversation } });
    const before = await count();
    expect((await user.say('Привіт', token)).status).toBe(200);
    expect(await count()).toBe(before);
  });

  it('updates delivery status from delivered, seen and failed receipts, by the exact 64-bit token', async () => {
    const user = citizen('en');
    await user.say('hello');
    await user.say('3');
    const sent = await viber.waitForMessages(user.id, 3); // centre question; disclosure and menu
    const conversation = await conversationOf(kentro.db, VIBER_INBOX, user.id);
    await eventually(async () => (await kentro.db.prisma.outboxMessage.count({ where: { conversationId: conversation, status: 'pending' } })) === 0);
    const [a, b] = sent.map((m) => m.token);
    expect(BigInt(b!) - BigInt(a!)).toBe(1n); // two tokens a JavaScript number cannot tell apart
    const seenAt = Date.now();
    expect((await user.receipt('delivered', a!, seenAt - 1000)).status).toBe(200);
    expect((await user.receipt('seen', a!, seenAt)).status).toBe(200);
    expect((await user.receipt('delivered', a!, seenAt + 10)).status).toBe(200); // late: seen stays seen
    await user.receipt('failed', b!);
    const rows = await kentro.db.prisma.message.findMany({ where: { conversationId: conversation, type: 'outgoing' }, orderBy: { seq: 'asc' } });
    expect(rows.map((m) => [m.sourceId, m.deliveryStatus])).toEqual([
      [`out:${a}`, 'seen'],
      [`out:${b}`, 'failed'],
      [`out:${sent[2]!.token}`, 'sent'],
    ]);
    expect(rows[0]!.deliveredAt!.getTime()).toBe(seenAt - 1000);
    expect(rows[0]!.seenAt!.getTime()).toBe(seenAt);
  });

  it('stops sending to a citizen who unsubscribed, and starts again when they write', async () => {
    const user = citizen('el');
    await user.say('γεια');
    await viber.waitForMessages(user.id, 1);
    expect((await user.unsubscribe()).status).toBe(200);
    const conversation = await conversationOf(kentro.db, VIBER_INBOX, user.id);
    const reminder = await queueReply(kentro.db, conversation, 'Υπενθύμιση: αύριο 10:00');
    await eventually(async () => (await kentro.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageId: reminder } })).status === 'skipped');
    expect(viber.sent(user.id)).toHaveLength(1);
    expect((await kentro.db.prisma.message.findUniqueOrThrow({ where: { id: reminder } })).deliveryStatus).toBe('skipped');
    await user.say('1');
    await viber.waitForMessages(user.id, 2);
  });

  it('records pictures, locations and contacts for staff', async () => {
    const user = citizen('en');
    await user.send({ type: 'picture', text: 'my papers', media: 'https://dl-media.viber.com/1/share/2/long/vibes/icon/image/0x0/95e0/x.jpg', thumbnail: 'https://dl-media.viber.com/t.jpg', file_name: 'papers.jpg', size: 12345 });
    await user.send({ type: 'location', location: { lat: 37.7549, lon: 26.9776 } });
    await user.send({ type: 'contact', contact: { name: 'Ahmad', phone_number: '+306912345678' } });
    const conversation = await conversationOf(kentro.db, VIBER_INBOX, user.id);
    await eventually(async () => (await kentro.db.prisma.message.count({ where: { conversationId: conversation, type: 'incoming' } })) === 3);
    const incoming = await kentro.db.prisma.message.findMany({ where: { conversationId: conversation, type: 'incoming' }, orderBy: { seq: 'asc' } });
    const attachments = incoming.map((m) => (JSON.parse(m.payload ?? '{}') as { attachments: unknown[] }).attachments[0]);
    expect(incoming[0]!.text).toBe('my papers');
    expect(attachments[0]).toMatchObject({ contentType: 'image/jpeg', contentUrl: expect.stringContaining('dl-media.viber.com'), name: 'papers.jpg', content: { channel: 'viber', size: 12345 } });
    expect(attachments[1]).toMatchObject({ contentType: 'application/vnd.kentro.location+json', content: { latitude: 37.7549, longitude: 26.9776 } });
    expect(attachments[2]).toMatchObject({ contentType: 'application/vnd.kentro.contact+json', content: { name: 'Ahmad', phone: '+306912345678' } });
  });

  it("keeps keyboards within Viber's limits: more than 24 options become a numbered list", async () => {
    const user = citizen('el');
    await user.say('γεια');
    await viber.waitForMessages(user.id, 1);
    const options = Array.from({ length: 30 }, (_, i) => ({ title: `Επιλογή ${i + 1}`, value: `x:${i + 1}` }));
    await queueReply(kentro.db, await conversationOf(kentro.db, VIBER_INBOX, user.id), 'Διαλέξτε:', options);
    const [, list] = await viber.waitForMessages(user.id, 2);
    expect(list!.buttons).toBeUndefined();
    expect(list!.text).toContain('\n30. Επιλογή 30');
    await queueReply(kentro.db, await conversationOf(kentro.db, VIBER_INBOX, user.id), 'Διαλέξτε:', options.slice(0, 24));
    const [, , keyboard] = await viber.waitForMessages(user.id, 3);
    expect(keyboard!.buttons).toHaveLength(24);
  });

  it('retries when Viber is busy or down, and marks a reply to someone no longer subscribed as skipped', async () => {
    const user = citizen('en');
    viber.fail({ http: 503, times: 2 });
    viber.fail({ viberStatus: 12, times: 1 }); // too many requests
    await user.say('hello');
    await viber.waitForMessages(user.id, 1);
    viber.fail({ viberStatus: 6 }); // receiver not subscribed
    const reply = await queueReply(kentro.db, await conversationOf(kentro.db, VIBER_INBOX, user.id), 'x');
    await eventually(async () => (await kentro.db.prisma.outboxMessage.findFirstOrThrow({ where: { messageId: reply } })).status === 'skipped');
    expect((await kentro.db.prisma.contactInbox.findFirstOrThrow({ where: { sourceId: user.id } })).subscribed).toBe(false);
  });
});
