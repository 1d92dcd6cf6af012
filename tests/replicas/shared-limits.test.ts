import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { LISTENER_APPLICATION_NAME } from '../../src/realtime/listener.js';
import { createRateCounter, DatabaseRateCounter, MemoryRateCounter } from '../../src/server/rate-counter.js';
import { channelDatabase, eventually, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { migratedDatabase, providers, type TestDatabase } from '../support/db.js';
import { DirectLine, Stream, TEST_SECRET, type Conversation } from '../support/directline.js';
import { asPostgresAdmin, databaseName } from '../support/postgres.js';
import { api } from '../staff-api/support.js';

const onPostgres = providers().includes('postgresql');

/** Messages per conversation per 10 s in these replicas: low, so the flood is quick to send. */
const MESSAGE_LIMIT = 8;

const nameOf = (database: TestDatabase) => databaseName(database.url);

describe.each(providers())('rate counters on %s', (provider) => {
  it('the database counter: concurrent hits each get their own count, a window restarts after it ends, stale rows are swept', async () => {
    const { db, cleanup } = await migratedDatabase(provider);
    try {
      let now = 1_000_000;
      const counter = new DatabaseRateCounter(db, () => now);
      const counts = await Promise.all(Array.from({ length: 30 }, () => counter.hit('k', 10_000)));
      expect(counts.map((c) => c.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(new Set(counts.map((c) => c.resetAt))).toEqual(new Set([now + 10_000]));
      expect(await counter.hit('other', 10_000)).toEqual({ count: 1, resetAt: now + 10_000 });

      now += 10_000; // the window ended: the next hit starts a new one
      expect(await counter.hit('k', 10_000)).toEqual({ count: 1, resetAt: now + 10_000 });

      now += 120_000; // a minute later the next hit sweeps the windows that ended
      await counter.hit('fresh', 10_000);
      await eventually(async () => (await db.prisma.rateCounter.count()) === 1, 5_000, 'stale rate counters to be swept');
    } finally {
      await cleanup();
    }
  });

  it('the memory counter counts the same way', async () => {
    let now = 5_000;
    const counter = new MemoryRateCounter(() => now);
    for (let i = 1; i <= 3; i++) expect((await counter.hit('k', 1_000)).count).toBe(i);
    now += 1_000;
    expect(await counter.hit('k', 1_000)).toEqual({ count: 1, resetAt: now + 1_000 });
  });

  it(`is chosen by the database: ${provider === 'postgresql' ? 'in the database (replicas)' : 'in memory (one process)'}`, async () => {
    const { db, cleanup } = await migratedDatabase(provider);
    try {
      expect(createRateCounter(db)).toBeInstanceOf(provider === 'postgresql' ? DatabaseRateCounter : MemoryRateCounter);
    } finally {
      await cleanup();
    }
  });
});

describe.runIf(onPostgres)('limits, typing and readiness shared by two replicas on one PostgreSQL (needs PostgreSQL)', () => {
  let database: TestDatabase;
  let a: ChannelApp;
  let b: ChannelApp;

  beforeAll(async () => {
    database = await channelDatabase('postgresql');
    const env = { KENTRO_SECRET: TEST_SECRET, WEBCHAT_RATE_MESSAGES: String(MESSAGE_LIMIT) };
    a = await startChannelApp(database, env);
    b = await startChannelApp(database, env);
  });
  afterAll(async () => {
    await asPostgresAdmin((c) => c.query(`ALTER DATABASE "${nameOf(database)}" WITH ALLOW_CONNECTIONS true`)).catch(() => undefined);
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  it(`a flood spread over both replicas meets the one limit (${MESSAGE_LIMIT} per 10 s): the next message on either is refused, and the conversation gets ONE polite message`, async () => {
    const onA = new DirectLine(a.url);
    const onB = new DirectLine(b.url);
    const c: Conversation = await onA.start({ centre: 'thira', locale: 'el' });
    const stream = await Stream.open(c.streamUrl); // on A
    await stream.until((s) => s.messages.length > 0, 15_000);

    const started = Date.now();
    const accepted = [];
    for (let i = 0; i < MESSAGE_LIMIT; i++) accepted.push((await (i % 2 === 0 ? onA : onB).post(c, { text: 'menu' })).status);
    expect(accepted).toEqual(Array(MESSAGE_LIMIT).fill(200));
    // Each replica saw only half of them; together they are at the limit.
    const refusedOnB = await onB.post(c, { text: 'menu' });
    const refusedOnA = await onA.post(c, { text: 'menu' });
    // Meaningful only inside one window (the machine is shared; it takes well under a second).
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const refused of [refusedOnB, refusedOnA]) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ type: 'urn:kentro:problem:rate-limited', status: 429 });
    }
    // A burst at both replicas at once: every one refused, still no second notice.
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? onA : onB).post(c, { text: 'menu' })));
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(429));

    const slowDown = translator('el')('common:slowDown');
    await stream.until((s) => s.messages.some((m) => m.text === slowDown), 15_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.messages.filter((m) => m.text === slowDown)).toHaveLength(1);
    const stored = await a.db.prisma.message.count({ where: { conversationId: c.conversationId, text: slowDown } });
    expect(stored).toBe(1);
    // Counted in the shared table, not in either process.
    const row = await a.db.prisma.rateCounter.findUnique({ where: { key: `webchat:conversation:${c.conversationId}` } });
    expect(row?.count).toBe(MESSAGE_LIMIT + 2 + 10);
    await stream.close();
  });

  it('staff login attempts spread over both replicas meet the one limit (10 per 15 minutes per address and email)', async () => {
    const headers = { 'x-forwarded-for': '10.20.30.40' };
    const email = `guess-${Math.random().toString(36).slice(2, 8)}@thira.gov.gr`;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await api(i % 2 === 0 ? a.url : b.url, 'POST', '/api/auth/login', { headers, body: { email, password: `guess ${i}` } })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    for (const url of [a.url, b.url]) {
      const limited = await api(url, 'POST', '/api/auth/login', { headers, body: { email, password: 'one more' } });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ type: 'urn:kentro:problem:rate-limited', status: 429 });
    }
    // Another address with the same email is not locked out by it.
    const other = await api(b.url, 'POST', '/api/auth/login', { headers: { 'x-forwarded-for': '10.20.30.41' }, body: { email, password: 'x' } });
    expect(other.status).toBe(401);
  });

  it("a citizen's socket on A sees the bot's typing for a turn run on B, before the reply", async () => {
    const onA = new DirectLine(a.url);
    const onB = new DirectLine(b.url);
    const c: Conversation = await onA.start({ centre: 'thira', locale: 'el' });
    const stream = await Stream.open(c.streamUrl); // on A
    await stream.until((s) => s.messages.length > 0, 15_000);
    const before = stream.activities.length;
    expect(stream.activities.some((x) => x.type === 'typing')).toBe(false);

    const posted = await onB.post(c, { text: 'Πότε είστε ανοιχτά;' });
    expect(posted.status).toBe(200);
    const fresh = () => stream.activities.slice(before);
    await stream.until(() => fresh().some((x) => x.type === 'typing') && fresh().some((x) => x.type === 'message' && x.from.role === 'bot'), 15_000);
    const kinds = fresh().map((x) => (x.type === 'typing' ? 'typing' : x.from.role));
    expect(kinds.indexOf('typing')).toBeLessThan(kinds.indexOf('bot'));
    // Only the replica without the socket needed the bridge: A relayed B's typing.
    expect(a.app.realtime!.stats.relayed).toBeGreaterThan(0);
    await stream.close();
  });

  it('/readyz says not ready (503, "listener down") while the LISTEN connection is gone, and ready again once it is back', async () => {
    const readyz = async (url: string) => {
      const res = await fetch(`${url}/readyz`);
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
    };
    expect(await readyz(a.url)).toMatchObject({ status: 200, body: { checks: { database: 'ok', realtime: 'ok' } } });

    // New connections refused, and only the listeners ended: the pools keep their connections.
    await asPostgresAdmin(async (client) => {
      await client.query(`ALTER DATABASE "${nameOf(database)}" WITH ALLOW_CONNECTIONS false`);
      const res = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [nameOf(database), LISTENER_APPLICATION_NAME]);
      expect(res.rowCount).toBe(2);
    });
    try {
      await eventually(async () => (await readyz(a.url)).status === 503, 10_000, '/readyz to report the lost listener');
      const down = await readyz(a.url);
      expect(down.body.status).toBe('not ready');
      expect(down.body.checks.realtime).toMatch(/^listener down: .+ \(reconnecting\)$/);
      expect(a.app.realtime!.listening).toBe(false);
    } finally {
      await asPostgresAdmin((client) => client.query(`ALTER DATABASE "${nameOf(database)}" WITH ALLOW_CONNECTIONS true`));
    }
    await eventually(async () => (await readyz(a.url)).status === 200 && (await readyz(b.url)).status === 200, 20_000, 'both replicas to be ready again');
    expect((await readyz(b.url)).body.checks.realtime).toBe('ok');
  });
});

describe('one process on SQLite', () => {
  it('/readyz has no listener to report', async () => {
    const database = await channelDatabase('sqlite');
    const app = await startChannelApp(database, { KENTRO_SECRET: TEST_SECRET });
    try {
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { checks: Record<string, string> }).checks.realtime).toBeUndefined();
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
