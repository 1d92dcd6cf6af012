import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptMessage } from '../../src/bot/core/types.js';
import { LISTENER_APPLICATION_NAME } from '../../src/realtime/listener.js';
import { channelDatabase, eventually, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';
import { DirectLine, press, Stream, TEST_SECRET, type Conversation } from '../support/directline.js';
import { POSTGRES_ADMIN_URL } from '../support/postgres.js';
import { api, EventStream, staffOf, type StaffLogin } from '../staff-api/support.js';

const onPostgres = providers().includes('postgresql');

type Event = { event: string; data: unknown };
const messageText = (e: Event) => (e.event === 'message.created' ? (e.data as { message: { text: string } }).message.text : undefined);
const isStatus = (e: Event, conversationId: string, to: string) => e.event === 'conversation.status' && (e.data as { conversationId: string; to: string }).conversationId === conversationId && (e.data as { to: string }).to === to;

/** Resolves with the first batch of `conversationId`'s messages on `app`'s own bus that has `text`. */
function onBus(app: ChannelApp, conversationId: string, text: string): Promise<TranscriptMessage[]> {
  return new Promise((resolve) => {
    const off = app.app.core.bus.subscribe(conversationId, (messages) => {
      if (!messages.some((m) => m.text === text)) return;
      off();
      resolve(messages);
    });
  });
}

/** Ends the replicas' LISTEN connections, as a PostgreSQL restart or a network cut would. */
async function cutListeners(database: TestDatabase): Promise<number> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    const res = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [new URL(database.url).pathname.slice(1), LISTENER_APPLICATION_NAME]);
    return res.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

describe.runIf(onPostgres)('two replicas on one PostgreSQL (LISTEN/NOTIFY fan-out; needs PostgreSQL)', () => {
  let database: TestDatabase;
  let a: ChannelApp;
  let b: ChannelApp;
  let maria: StaffLogin;

  beforeAll(async () => {
    database = await channelDatabase('postgresql');
    a = await startChannelApp(database, { KENTRO_SECRET: TEST_SECRET });
    b = await startChannelApp(database, { KENTRO_SECRET: TEST_SECRET });
    maria = await staffOf(a.db, a.url, 'thira');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it('each replica listens, with its own origin', () => {
    expect(a.app.realtime?.listening).toBe(true);
    expect(b.app.realtime?.listening).toBe(true);
    expect(a.app.realtime?.origin).not.toBe(b.app.realtime?.origin);
  });

  it('a citizen whose messages alternate between the replicas: staff on A see live what they post on B, and a staff reply posted on B reaches their web chat socket on A', async () => {
    const events = await EventStream.open(a.url, maria.token);
    const onA = new DirectLine(a.url);
    const onB = new DirectLine(b.url);
    const c: Conversation = await onA.start({ centre: 'thira', locale: 'el' });
    const stream = await Stream.open(c.streamUrl); // the socket lives on A
    await stream.until((s) => s.messages.length > 0, 15_000);

    // The citizen asks for a person through B: staff on A see the conversation enter the queue.
    expect((await onB.post(c, press({ title: 'Μιλήστε με άνθρωπο', value: 'menu:person' }))).status).toBe(200);
    await events.until((e) => e.events.some((x) => isStatus(x, c.conversationId, 'pending')), 15_000);

    // Messages alternate A, B, A, B; staff on A hear every one, also those B stored.
    const texts = ['Καλημέρα (Α)', 'Έχω ερώτηση για το επίδομα (Β)', 'Μένω στα Φηρά (Α)', 'Έχω δύο παιδιά (Β)'];
    for (const [i, text] of texts.entries()) {
      const answer = await (i % 2 === 0 ? onA : onB).post(c, { text });
      expect(answer.status).toBe(200);
    }
    await events.until((e) => texts.every((t) => e.events.some((x) => messageText(x) === t)), 15_000);

    // Maria, logged in on A, claims and answers through B (her session is in the database).
    const claimed = await api(b.url, 'POST', `/api/conversations/${c.conversationId}/claim`, { token: maria.token });
    expect(claimed.status).toBe(200);
    await events.until((e) => e.events.some((x) => isStatus(x, c.conversationId, 'open')), 15_000);
    const reply = 'Καλημέρα, είμαι η Μαρία από το Κέντρο Κοινότητας.';
    const relayed = onBus(a, c.conversationId, reply);
    const sent = await api(b.url, 'POST', `/api/conversations/${c.conversationId}/messages`, { token: maria.token, body: { text: reply } });
    expect(sent.status).toBe(201);
    // It reaches A's own bus (only the bridge puts it there), the citizen's socket on A and A's staff stream.
    expect((await relayed).map((m) => m.senderType)).toEqual(['staff']);
    await stream.until((s) => s.messages.some((m) => m.text === reply), 15_000);
    await events.until((e) => e.events.some((x) => messageText(x) === reply), 15_000);

    // An internal note written on B reaches staff on A, never the citizen.
    const note = 'ΕΣΩΤΕΡΙΚΟ: πέρασε από το γραφείο';
    expect((await api(b.url, 'POST', `/api/conversations/${c.conversationId}/messages`, { token: maria.token, body: { text: note, private: true } })).status).toBe(201);
    await events.until((e) => e.events.some((x) => messageText(x) === note), 15_000);

    // The socket on A got the whole conversation once, in order: each seq once, nothing private.
    const all = (await onB.activities(c)).body.activities.filter((x) => x.type === 'message');
    await stream.until((s) => s.messages.length >= all.length, 15_000);
    const ids = stream.messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.map((m) => m.id));
    expect(stream.messages.some((m) => m.text === note)).toBe(false);
    for (const text of texts) expect(stream.messages.filter((m) => m.text === text)).toHaveLength(1);
    // Each replica relayed what the other stored.
    expect(a.app.realtime!.stats.relayed).toBeGreaterThan(0);
    expect(b.app.realtime!.stats.relayed).toBeGreaterThan(0);

    events.close();
    await stream.close();
  });

  it('a replica where nobody watches a conversation does not read its messages back; a socket opened later still gets them all', async () => {
    const onB = new DirectLine(b.url);
    const c: Conversation = await onB.start({ centre: 'thira', locale: 'en' });
    const before = a.app.realtime!.stats.unwatched;
    expect((await onB.post(c, { text: 'What are your opening hours?' })).status).toBe(200);
    await eventually(async () => a.app.realtime!.stats.unwatched > before, 15_000, 'A to skip the messages nobody on A watches');
    // The citizen's page reconnects to A: the socket replays everything from the transcript.
    const stored = (await onB.activities(c)).body.activities.filter((x) => x.type === 'message');
    const stream = await Stream.open(c.streamUrl.replace(b.url.replace('http', 'ws'), a.url.replace('http', 'ws')));
    await stream.until((s) => s.messages.length >= stored.length, 15_000);
    expect(stream.messages.map((m) => m.id)).toEqual(stored.map((m) => m.id));
    await stream.close();
  });

  it('an emergency written through B: staff on A see it enter the queue, flagged urgent, live', async () => {
    const events = await EventStream.open(a.url, maria.token);
    const onB = new DirectLine(b.url);
    const c: Conversation = await onB.start({ centre: 'thira', locale: 'el' });
    const danger = 'Με χτυπάει ο άντρας μου, φοβάμαι';
    expect((await onB.post(c, { text: danger })).status).toBe(200);
    // The queue change, the urgent flag ("updated": the inbox re-reads it) and the message, all live on A.
    await events.until((e) => e.events.some((x) => isStatus(x, c.conversationId, 'pending')), 15_000);
    await events.until((e) => e.events.some((x) => x.event === 'conversation.updated' && (x.data as { conversationId: string }).conversationId === c.conversationId), 15_000);
    await events.until((e) => e.events.some((x) => messageText(x) === danger), 15_000);
    const queue = await api<{ conversations: { id: string; urgent: boolean }[] }>(a.url, 'GET', '/api/conversations?status=pending', { token: maria.token });
    expect(queue.body.conversations.find((x) => x.id === c.conversationId)).toMatchObject({ urgent: true });
    events.close();
  });

  it('when the listeners lose PostgreSQL they reconnect by themselves; open staff streams are ended so inboxes re-read, and fan-out works again', async () => {
    const c: Conversation = await new DirectLine(a.url).start({ centre: 'thira', locale: 'el' });
    const stream = await Stream.open(c.streamUrl);
    await stream.until((s) => s.messages.length > 0, 15_000);
    const events = await EventStream.open(a.url, maria.token);
    const resumedA = a.app.realtime!.stats.resumed;
    const resumedB = b.app.realtime!.stats.resumed;

    expect(await cutListeners(database)).toBe(2);
    await eventually(async () => a.app.realtime!.stats.resumed > resumedA && b.app.realtime!.stats.resumed > resumedB, 20_000, 'both listeners to come back');
    // Events may have been missed meanwhile: A ended its staff streams (the inbox reconnects and re-reads).
    await events.until((e) => e.closed, 15_000);

    const again = await EventStream.open(a.url, maria.token);
    expect((await new DirectLine(b.url).post(c, press({ title: 'Μιλήστε με άνθρωπο', value: 'menu:person' }))).status).toBe(200);
    await again.until((e) => e.events.some((x) => isStatus(x, c.conversationId, 'pending')), 15_000);
    const reply = 'Είμαι εδώ, σας ακούω.';
    expect((await api(b.url, 'POST', `/api/conversations/${c.conversationId}/messages`, { token: maria.token, body: { text: reply } })).status).toBe(201);
    await stream.until((s) => s.messages.some((m) => m.text === reply), 15_000);
    await again.until((e) => e.events.some((x) => messageText(x) === reply), 15_000);

    again.close();
    await stream.close();
  });
});

describe('one process on SQLite', () => {
  it('has nothing to fan out: no bridge, no listener', async () => {
    const database = await channelDatabase('sqlite');
    const app = await startChannelApp(database, { KENTRO_SECRET: TEST_SECRET });
    try {
      expect(app.app.realtime).toBeNull();
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
