import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_INBOX } from '../../src/bot/channels/telegram/plugin.js';
import type { Db } from '../../src/db/client.js';
import { channelDatabase, eventually, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { startKentro, type ServeProcess } from '../support/cli.js';
import { providers, type TestDatabase } from '../support/db.js';
import { DirectLine, TEST_SECRET, type Conversation } from '../support/directline.js';
import { asPostgresAdmin, databaseName } from '../support/postgres.js';
import { TelegramCitizen, TelegramDouble } from '../support/telegram-double.js';
import { api, staffOf } from '../staff-api/support.js';

const onPostgres = providers().includes('postgresql');

const nameOf = (database: TestDatabase) => databaseName(database.url);

/**
 * PostgreSQL "restarting" for one database only (other test files share the server): new
 * connections to it are refused and every backend connected to it is terminated. Returns how
 * many backends were ended; `end` lets connections in again.
 */
async function takeDown(database: TestDatabase): Promise<number> {
  return asPostgresAdmin(async (c) => {
    await c.query(`ALTER DATABASE "${nameOf(database)}" WITH ALLOW_CONNECTIONS false`);
    const res = await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [nameOf(database)]);
    return res.rowCount ?? 0;
  });
}

async function bringUp(database: TestDatabase): Promise<void> {
  await asPostgresAdmin((c) => c.query(`ALTER DATABASE "${nameOf(database)}" WITH ALLOW_CONNECTIONS true`));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(onPostgres)('faults with two replicas on one PostgreSQL (needs PostgreSQL)', () => {
  /** Spawned kentro processes, killed even when a test fails or times out. */
  const spawned: ServeProcess[] = [];
  const databases: TestDatabase[] = [];
  const newDatabase = async () => {
    const database = await channelDatabase('postgresql');
    databases.push(database);
    return database;
  };

  afterAll(async () => {
    await Promise.all(spawned.map((p) => p.stop('SIGKILL')));
    for (const database of databases) {
      await bringUp(database).catch(() => undefined);
      await database.drop();
    }
  });

  describe('bookings', () => {
    let a: ChannelApp;
    let b: ChannelApp;
    beforeAll(async () => {
      const database = await newDatabase();
      a = await startChannelApp(database, { KENTRO_SECRET: TEST_SECRET });
      b = await startChannelApp(database, { KENTRO_SECRET: TEST_SECRET });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('50 staff bookings of one slot at once, spread over both replicas: exactly the capacity is booked, the rest hear the slot is full', async () => {
      const maria = await staffOf(a.db, a.url, 'thira');
      const start = '2027-03-29T11:30:00+03:00'; // Thira sees two citizens per slot
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => api(i % 2 === 0 ? a.url : b.url, 'POST', '/api/appointments', { token: maria.token, body: { start, name: `Πολίτης ${i}` } })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(2);
      expect(statuses.filter((s) => s === 409)).toHaveLength(48);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'slot-full' });
      // Both replicas took part in the race (each answered 25 requests).
      const booked = await a.db.prisma.appointment.findMany({ where: { centreId: 'thira', startsAt: new Date(start), status: 'booked' }, select: { seat: true } });
      expect(booked.map((x) => x.seat).sort()).toEqual([0, 1]);
    });
  });

  it('a replica killed (SIGKILL) while it delivers the outbox: the other delivers everything, nothing twice but what was in flight at the kill', async () => {
    const database = await newDatabase();
    const telegram = await TelegramDouble.start();
    const db: Db = await database.open();
    try {
      telegram.latencyMs = 700; // a slow Telegram, so sends are in flight when A dies
      const env = { DATABASE_URL: database.url, KENTRO_SECRET: TEST_SECRET, ...telegram.env() };
      const [a, b] = await Promise.all([startKentro(env), startKentro(env)]);
      spawned.push(a, b);
      const pidOfA = a.child.pid!;

      // 30 citizens write to A, two messages each (B only polls for due rows). Telegram holds
      // the first sends until every reply is queued, so the kill finds work left whatever the load.
      const chats = Array.from({ length: 30 }, (_, i) => 9_100_000 + i);
      telegram.pause();
      await Promise.all(
        chats.map(async (id) => {
          const citizen = new TelegramCitizen(telegram, a.url, id, 'el');
          expect((await citizen.say('/start thira')).status).toBe(200);
          expect((await citizen.say('3')).status).toBe(200);
        }),
      );
      telegram.resume();
      await telegram.waitFor(() => telegram.sent().length >= 3, 20_000, 'the first replies to arrive');
      a.child.kill('SIGKILL');
      expect(await a.stop()).toBeNull(); // killed, no exit code
      const calledBeforeKill = telegram.callsOf('sendMessage').length;

      // What A held when it died: claimed rows not marked sent. Only these may arrive twice.
      const inFlight = await db.prisma.outboxMessage.findMany({ where: { status: 'pending', lockedBy: { contains: `:${pidOfA}:` } }, select: { id: true, messageId: true } });
      const leftOver = await db.prisma.outboxMessage.count({ where: { status: 'pending' } });
      expect(leftOver).toBeGreaterThan(0); // the kill did land mid-delivery
      // A's claims would expire after the 60-second lease; move that moment to now instead of
      // waiting a minute. Nothing else is touched: B has to find and send them by itself.
      const now = new Date();
      await db.prisma.outboxMessage.updateMany({ where: { id: { in: inFlight.map((r) => r.id) } }, data: { lockedUntil: now, nextAttemptAt: now } });

      await eventually(async () => (await db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } })) === 0, 60_000, 'B to deliver everything');
      expect(b.child.exitCode).toBeNull();

      // Every reply stored for each chat arrived at Telegram, in order; a message arrived twice
      // only if A had it in flight (Telegram accepted it, A died before recording that).
      const inFlightIds = new Set(inFlight.map((r) => r.messageId));
      let twice = 0;
      for (const id of chats) {
        const conversation = await db.prisma.conversation.findFirstOrThrow({ where: { inboxId: TELEGRAM_INBOX, contactInbox: { sourceId: String(id) } }, select: { id: true } });
        const stored = await db.prisma.message.findMany({ where: { conversationId: conversation.id, type: 'outgoing' }, orderBy: { seq: 'asc' }, select: { id: true, text: true } });
        expect(stored.length).toBeGreaterThan(0);
        const got = telegram.sent(id).map((m) => m.text);
        // Remove consecutive repeats of an in-flight message; what remains is exactly the transcript.
        const deduped: string[] = [];
        for (const text of got) {
          const prev = stored[deduped.length - 1];
          if (deduped.length > 0 && text === deduped.at(-1) && prev && inFlightIds.has(prev.id)) {
            twice += 1;
            continue;
          }
          deduped.push(text);
        }
        expect(deduped).toEqual(stored.map((m) => m.text ?? ''));
      }
      expect(twice).toBeLessThanOrEqual(inFlight.length);
      expect(telegram.callsOf('sendMessage').length).toBeGreaterThan(calledBeforeKill);
      expect(await b.stop()).toBe(0);
    } finally {
      await db.close();
      await telegram.close();
    }
  }, 120_000);

  it('PostgreSQL gone during web chat traffic: requests fail clearly, /readyz says so, both replicas recover by themselves, no acknowledged message lost', async () => {
    const database = await newDatabase();
    const env = { DATABASE_URL: database.url, KENTRO_SECRET: TEST_SECRET, WEBCHAT_RATE_MESSAGES: '100000' };
    const [a, b] = await Promise.all([startKentro(env), startKentro(env)]);
    spawned.push(a, b);
    const replicas = [a, b];

    const conversations: Conversation[] = [];
    for (let i = 0; i < 6; i++) conversations.push(await new DirectLine(replicas[i % 2]!.url).start({ centre: 'thira', locale: 'el' }));

    type Sent = { conversation: Conversation; text: string; status: number; body: string; contentType: string };
    const sent: Sent[] = [];
    let stop = false;
    let n = 0;
    // Each conversation posts one message after the other, alternating replicas.
    const streams = conversations.map(async (conversation, c) => {
      while (!stop) {
        const text = `μήνυμα ${c}-${n++}`;
        const via = replicas[(c + n) % 2]!;
        let status = 0;
        let body = '';
        let contentType = '';
        try {
          const res = await fetch(`${via.url}/v3/directline/conversations/${encodeURIComponent(conversation.conversationId)}/activities`, {
            method: 'POST',
            headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'message', from: { id: 'me', role: 'user' }, text, channelData: { clientActivityID: `c-${c}-${n}` } }),
          });
          status = res.status;
          contentType = res.headers.get('content-type') ?? '';
          body = await res.text();
        } catch (err) {
          body = String(err);
        }
        sent.push({ conversation, text, status, body, contentType });
        await sleep(50);
      }
    });

    const readyz = async (url: string) => (await fetch(`${url}/readyz`)).status;
    await eventually(async () => sent.filter((s) => s.status === 200).length >= 12, 30_000, 'traffic before the outage');
    const before = sent.length;
    expect(await takeDown(database)).toBeGreaterThan(0);
    // During the outage both replicas say they are not ready, and stay up.
    await eventually(async () => (await readyz(a.url)) === 503 && (await readyz(b.url)) === 503, 20_000, '/readyz to report the outage');
    const unready = await (await fetch(`${a.url}/readyz`)).json();
    expect(JSON.stringify(unready)).toMatch(/unreachable/);
    await eventually(async () => sent.slice(before).some((s) => s.status === 503), 20_000, 'a request to fail during the outage');
    await sleep(500);
    await bringUp(database);

    // Both recover by themselves: ready again, and messages are taken again on both.
    await eventually(async () => (await readyz(a.url)) === 200 && (await readyz(b.url)) === 200, 30_000, 'both replicas to be ready again');
    const after = sent.length;
    await eventually(async () => sent.slice(after).filter((s) => s.status === 200).length >= 12, 30_000, 'traffic after the outage');
    stop = true;
    await Promise.all(streams);
    for (const p of replicas) expect(p.child.exitCode).toBeNull();

    // Every request either succeeded or failed clearly: 503 "unavailable" (try again; nothing was
    // taken), a JSON problem body, never a hang, a 500 or a 4xx.
    const failed = sent.filter((s) => s.status !== 200);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(f.status, `${f.status} ${f.body}`).toBe(503);
      expect(f.contentType).toMatch(/json/);
      expect(JSON.parse(f.body)).toMatchObject({ type: 'urn:kentro:problem:unavailable', status: 503 });
    }
    // No acknowledged message lost: each 200 is in its conversation's transcript.
    for (const conversation of conversations) {
      const transcript = await new DirectLine(a.url).activities(conversation);
      expect(transcript.status).toBe(200);
      const texts = new Set(transcript.body.activities.filter((x) => x.from.role === 'user').map((x) => x.text));
      for (const s of sent.filter((x) => x.conversation === conversation && x.status === 200)) expect(texts.has(s.text), s.text).toBe(true);
    }
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  }, 150_000);
});
