import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURE_INBOX } from '../../../../src/bot/channels/azure/plugin.js';
import { LANGUAGE_NAMES } from '../../../../src/dialogs/flows/languages.js';
import { translator } from '../../../../src/i18n/index.js';
import { AzureCitizen, ConnectorStandIn, startAzureApp } from '../../../support/azure-connector.js';
import { channelDatabase, conversationOf, eventually, queueReply, startChannelApp, type ChannelApp } from '../../../support/channel-app.js';
import { providers, type TestDatabase } from '../../../support/db.js';

const el = translator('el');
const MENU = ['programmes', 'appointments', 'hours', 'person', 'privacy', 'language', 'centre'].map((k) => el(`menu:options.${k}`));

describe.each(providers())('Azure Bot Service endpoint on %s', (provider) => {
  let connector: ConnectorStandIn;
  let database: TestDatabase;
  let kentro: ChannelApp;
  let next = 1;
  const citizen = (options: ConstructorParameters<typeof AzureCitizen>[3] = {}) => new AzureCitizen(connector, kentro.url, `29:user-${provider}-${next++}`, options);

  beforeAll(async () => {
    connector = await ConnectorStandIn.start();
    database = await channelDatabase(provider);
    kentro = await startAzureApp(database);
  });
  afterAll(async () => {
    await kentro?.close();
    await connector?.close();
    await database?.drop();
  });

  it('a Greek speaker writes, picks Thira and gets the menu as suggested actions, posted to their conversation', async () => {
    const user = citizen({ locale: 'el-GR' });
    expect((await user.say('Γεια σας')).status).toBe(200);
    const [centres] = await connector.waitForActivities(user.conversationId, 1);
    expect(centres!.activity.text).toBe(el('welcome:pickCentre'));
    expect(centres!.activity).toMatchObject({ type: 'message', channelId: 'webchat', from: { id: 'kentro-bot' }, recipient: { id: user.userId }, conversation: { id: user.conversationId } });
    const thira = centres!.activity.suggestedActions!.actions.find((a) => a.title.includes('Θήρα'))!;
    expect(centres!.activity.suggestedActions!.actions.every((a) => a.type === 'imBack' && a.value === a.title)).toBe(true);

    await user.press(thira.title);
    const [, disclosure, menu] = await connector.waitForActivities(user.conversationId, 3);
    expect(disclosure!.activity.text).toContain('Θήρα');
    expect(disclosure!.activity.suggestedActions).toBeUndefined();
    expect(menu!.activity.text).toBe(el('menu:prompt'));
    expect(menu!.activity.suggestedActions!.actions.map((a) => a.title)).toEqual(MENU);

    await user.press(el('menu:options.hours'));
    const [, , , topics] = await connector.waitForActivities(user.conversationId, 4);
    expect(topics!.activity.text).toBe(el('centre:topicPrompt'));
    await user.press(el('centre:topics.hours'));
    expect((await connector.waitForActivities(user.conversationId, 5))[4]!.activity.text).toContain('08:00–15:30');
    const conversation = await conversationOf(kentro.db, AZURE_INBOX, user.sourceId);
    await eventually(async () => (await kentro.db.prisma.outboxMessage.count({ where: { conversationId: conversation, status: 'pending' } })) === 0);
    const all = connector.activities(user.conversationId);
    // New messages to the conversation, not replies to an activity; no credentials with auth off.
    expect(all.every((s) => s.replyToId === undefined && s.authorization === undefined)).toBe(true);

    const rows = await kentro.db.prisma.message.findMany({ where: { conversationId: conversation }, orderBy: { seq: 'asc' } });
    expect(rows.filter((m) => m.type === 'outgoing').map((m) => [m.deliveryStatus, m.sourceId])).toEqual(
      all.map((s) => ['sent', `out:webchat:${user.conversationId}:${s.id}`]),
    );
    expect(rows.find((m) => m.type === 'incoming')!.sourceId).toBe(`webchat:${user.conversationId}:act-1`);
    const conv = await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: conversation } });
    expect([conv.language, conv.centreId]).toEqual(['el', 'thira']);
  });

  it('asks the language when the channel gives none; a postBack button value is understood as the button', async () => {
    const user = citizen({ channelId: 'facebook' });
    await user.say('hi');
    const [first] = await connector.waitForActivities(user.conversationId, 1);
    expect(first!.activity.suggestedActions!.actions.map((a) => a.title)).toEqual(Object.values(LANGUAGE_NAMES));
    // A channel that sends the value apart from the text (postBack).
    await user.post(user.activity({ type: 'message', text: 'Ελληνικά', value: 'lang:el' }));
    const [, centres] = await connector.waitForActivities(user.conversationId, 2);
    expect(centres!.activity.text).toBe(el('welcome:pickCentre'));
  });

  it('stores a redelivered activity once and answers it once', async () => {
    const user = citizen({ locale: 'el-GR' });
    expect((await user.say('Γεια', 'same-id')).status).toBe(200);
    await connector.waitForActivities(user.conversationId, 1);
    const conversation = await conversationOf(kentro.db, AZURE_INBOX, user.sourceId);
    const count = () => kentro.db.prisma.message.count({ where: { conversationId: conversation } });
    const before = await count();
    expect((await user.say('Γεια', 'same-id')).status).toBe(200);
    expect(await count()).toBe(before);
    // The same activity id in another conversation is another message.
    const other = citizen({ locale: 'el-GR' });
    await other.say('Γεια', 'same-id');
    await connector.waitForActivities(other.conversationId, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.activities(user.conversationId)).toHaveLength(1);
  });

  it('keeps the replies while the connector fails, then delivers each once and in order', async () => {
    const user = citizen({ locale: 'el-GR' });
    await user.say('Γεια');
    const [centres] = await connector.waitForActivities(user.conversationId, 1);
    // More failures than botbuilder retries within one attempt (4 requests): the outbox retries.
    const before = connector.requests;
    connector.fail(503, 6);
    await user.press(centres!.activity.suggestedActions!.actions.find((a) => a.title.includes('Σύρου'))!.title);
    const sent = await connector.waitForActivities(user.conversationId, 3, 25_000);
    expect(connector.requests - before).toBe(8);
    expect(sent.map((s) => s.activity.text)).toEqual([el('welcome:pickCentre'), expect.stringContaining('Σύρου') as string, el('menu:prompt')]);
    const conversation = await conversationOf(kentro.db, AZURE_INBOX, user.sourceId);
    await eventually(async () => (await kentro.db.prisma.outboxMessage.count({ where: { conversationId: conversation, status: 'pending' } })) === 0);
    const rows = await kentro.db.prisma.outboxMessage.findMany({ where: { conversationId: conversation }, include: { message: { select: { seq: true } } } });
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(Math.max(...rows.map((r) => r.attempts))).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.activities(user.conversationId)).toHaveLength(3);
  }, 40_000);

  it('reaches the citizen later (a staff reply) through the stored conversation reference, also when the connector was briefly down', async () => {
    const user = citizen({ locale: 'el-GR' });
    await user.say('Γεια');
    await connector.waitForActivities(user.conversationId, 1);
    const conversation = await conversationOf(kentro.db, AZURE_INBOX, user.sourceId);
    await connector.down();
    await queueReply(kentro.db, conversation, 'Η κοινωνική λειτουργός θα σας καλέσει αύριο.');
    await new Promise((r) => setTimeout(r, 300));
    await connector.up();
    const [, staff] = await connector.waitForActivities(user.conversationId, 2, 25_000);
    expect(staff!.activity).toMatchObject({ text: 'Η κοινωνική λειτουργός θα σας καλέσει αύριο.', recipient: { id: user.userId }, conversation: { id: user.conversationId } });
  }, 40_000);

  it('greets a citizen when the chat opens, once', async () => {
    const user = citizen({ locale: 'en-US' });
    expect((await user.join()).status).toBe(200);
    const [first] = await connector.waitForActivities(user.conversationId, 1);
    expect(first!.activity.text).toBe(translator('en')('welcome:pickCentre'));
    expect((await user.join()).status).toBe(200);
    await user.post(user.activity({ type: 'typing' }));
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.activities(user.conversationId)).toHaveLength(1);
  });

  it('answers in the chat the citizen opened last (Web Chat opened again), without greeting again', async () => {
    const first = citizen({ locale: 'el-GR' });
    await first.say('Γεια');
    await connector.waitForActivities(first.conversationId, 1);
    const again = new AzureCitizen(connector, kentro.url, first.userId, { locale: 'el-GR' });
    expect((await again.join()).status).toBe(200);
    const conversation = await conversationOf(kentro.db, AZURE_INBOX, first.sourceId);
    await queueReply(kentro.db, conversation, 'Σας γράφουμε από το Κέντρο.');
    const [reply] = await connector.waitForActivities(again.conversationId, 1);
    expect(reply!.activity.text).toBe('Σας γράφουμε από το Κέντρο.');
    expect(connector.activities(first.conversationId)).toHaveLength(1);
  });

  it('leaves group chats alone', async () => {
    const user = citizen({ isGroup: true, locale: 'el-GR' });
    expect((await user.say('Γεια σας')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.activities(user.conversationId)).toHaveLength(0);
    expect(await kentro.db.prisma.contactInbox.count({ where: { sourceId: user.sourceId } })).toBe(0);
  });

  it('answers a malformed body with a clear 400 and keeps working', async () => {
    const post = (body: string) => fetch(`${kentro.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const notJson = await post('{"type": "message", ');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'the body is not JSON' });
    const empty = await post('');
    expect(empty.status).toBe(400);
    const noActivity = await post('{"type":"message","text":"γεια"}');
    expect(noActivity.status).toBe(400);
    expect(await noActivity.json()).toMatchObject({ error: 'not a Bot Framework activity' });
    const badUrl = await post(JSON.stringify(citizen().activity({ type: 'message', text: 'x', serviceUrl: 'file:///etc/passwd' })));
    expect(badUrl.status).toBe(400);
    expect(await badUrl.json()).toEqual({ error: 'not a Bot Framework activity', field: 'serviceUrl' });
    expect((await post('[1,2,3]')).status).toBe(400);
    const user = citizen({ locale: 'el-GR' });
    expect((await user.say('Γεια')).status).toBe(200);
    await connector.waitForActivities(user.conversationId, 1);
  });
});

describe.each(providers())('Azure Bot Service switch on %s', (provider) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await channelDatabase(provider);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('does not exist without MICROSOFT_APP_ID (404)', async () => {
    const kentro = await startChannelApp(database, {});
    try {
      const res = await fetch(`${kentro.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message"}' });
      expect(res.status).toBe(404);
      expect(kentro.app.outbox.channels).not.toContain('azure');
    } finally {
      await kentro.close();
    }
  });

  it('with MICROSOFT_APP_ID set, refuses an activity without a valid token (401) and stores nothing', async () => {
    const kentro = await startChannelApp(database, { MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: '00000000-0000-0000-0000-000000000002' });
    try {
      expect(kentro.app.outbox.channels).toContain('azure');
      const before = await kentro.db.prisma.message.count();
      const standIn = { serviceUrl: 'https://smba.trafficmanager.net/emea/' } as ConnectorStandIn;
      const activity = new AzureCitizen(standIn, kentro.url, '29:someone').activity({ type: 'message', text: 'γεια' });
      const res = await fetch(`${kentro.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(res.status).toBe(401);
      const forged = await fetch(`${kentro.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' }, body: JSON.stringify(activity) });
      expect(forged.status).toBe(401);
      expect(await kentro.db.prisma.message.count()).toBe(before);
    } finally {
      await kentro.close();
    }
  });
});
