import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsPlugin } from '../../src/metrics/plugin.js';
import { channelDatabase, queueReply, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { migratedDatabase, providers } from '../support/db.js';
import { DirectLine, TEST_SECRET } from '../support/directline.js';
import { readQueues } from '../../src/metrics/queues.js';
import type { TestDatabase } from '../support/db.js';

/** The value of one sample of a Prometheus text exposition, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(',') : [];
    if (wanted.length === have.length && wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

describe.each(providers())('GET /metrics on %s', (provider) => {
  let database: TestDatabase;
  let kentro: ChannelApp;

  beforeAll(async () => {
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, { KENTRO_SECRET: TEST_SECRET });
  });

  afterAll(async () => {
    await kentro?.close();
    await database?.drop();
  });

  async function scrape(): Promise<string> {
    const res = await fetch(`${kentro.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  }

  it('a citizen writes in the web chat: one message in, the replies out, and the NLU time recorded', async () => {
    const before = await scrape();
    expect(sample(before, 'kentro_messages_total', { channel: 'webchat', direction: 'in' })).toBe(0);
    expect(sample(before, 'kentro_messages_total', { channel: 'terminal', direction: 'out' })).toBe(0);
    expect(sample(before, 'kentro_database_up')).toBe(1);

    const directLine = new DirectLine(kentro.url);
    const conversation = await directLine.start();
    const posted = await directLine.post(conversation, { text: 'what are your opening hours?' });
    expect(posted.status).toBe(200);

    const after = await scrape();
    expect(sample(after, 'kentro_messages_total', { channel: 'webchat', direction: 'in' })).toBe(1);
    // The welcome when the conversation started, then at least one reply to the message.
    expect(sample(after, 'kentro_messages_total', { channel: 'webchat', direction: 'out' })).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'kentro_nlu_classify_seconds_count', { language: 'en' })).toBe(1);
    expect(after).toMatch(/^kentro_nlu_classify_seconds_bucket\{le="\+Inf",language="en"\} 1$/m);
    // Process figures come along for free.
    expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('an undelivered reply an hour old and a conversation waiting for staff show in the queue gauges', async () => {
    const empty = await scrape();
    expect(sample(empty, 'kentro_outbox_messages', { status: 'pending' })).toBe(0);
    expect(sample(empty, 'kentro_outbox_oldest_pending_age_seconds')).toBe(0);
    expect(sample(empty, 'kentro_handoff_queue_conversations', { centre: 'thira' })).toBe(0);

    const { prisma } = kentro.db;
    const conversation = await prisma.conversation.findFirstOrThrow({ select: { id: true } });
    // No push channel is configured, so no outbox worker runs and the row stays pending.
    const messageId = await queueReply(kentro.db, conversation.id, 'Καλημέρα');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await prisma.outboxMessage.updateMany({ where: { messageId }, data: { createdAt: hourAgo } });
    await prisma.conversation.update({ where: { id: conversation.id }, data: { status: 'pending', centreId: 'thira', pendingSince: hourAgo } });

    const text = await scrape();
    expect(sample(text, 'kentro_outbox_messages', { status: 'pending' })).toBe(1);
    expect(sample(text, 'kentro_outbox_messages', { status: 'dead' })).toBe(0);
    expect(sample(text, 'kentro_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(3600);
    expect(sample(text, 'kentro_handoff_queue_conversations', { centre: 'thira' })).toBe(1);
    expect(sample(text, 'kentro_handoff_queue_conversations', { centre: 'samos' })).toBe(0);
    expect(sample(text, 'kentro_handoff_oldest_wait_seconds', { centre: 'thira' })).toBeGreaterThanOrEqual(3600);
    expect(sample(text, 'kentro_jobs', { status: 'dead' })).toBe(0);
  });
});

describe.each(providers())('queue figures read from the database on %s', (provider) => {
  it('counts pending and dead outbox rows, waiting conversations per centre, and due jobs apart from later ones', async () => {
    const { db, cleanup } = await migratedDatabase(provider);
    try {
      const { prisma } = db;
      const now = new Date('2026-03-02T10:00:00Z');
      await prisma.centre.create({ data: { id: 'thira', name: 'Θήρα', nameEn: 'Thira', municipality: 'Θήρα' } });
      await prisma.job.createMany({
        data: [
          { kind: 'reminder', status: 'queued', runAt: new Date('2026-03-02T09:00:00Z') },
          { kind: 'reminder', status: 'queued', runAt: new Date('2026-03-03T09:00:00Z') },
          { kind: 'purge', status: 'dead' },
          { kind: 'purge', status: 'done' },
        ],
      });
      const q = await readQueues(prisma, now);
      expect(q.jobs).toEqual({ queued: 2, running: 0, dead: 1, due: 1 });
      expect(q.outbox).toEqual({ pending: 0, dead: 0, oldestPendingAt: null });
      expect([...q.handoff]).toEqual([['thira', { waiting: 0, oldestSince: null }]]);
    } finally {
      await cleanup();
    }
  });
});

describe('GET /metrics while the database is away', () => {
  it('still answers, with kentro_database_up 0 and no stale queue figures', async () => {
    const unreachable = () => Promise.reject(new Error("Can't reach database server"));
    const prisma = {
      outboxMessage: { aggregate: unreachable, count: unreachable },
      centre: { findMany: unreachable },
      conversation: { groupBy: unreachable },
      job: { groupBy: unreachable, count: unreachable },
      inbox: { findMany: unreachable },
    };
    const app = Fastify({ logger: false });
    await app.register(fp(async (a) => void a.decorate('db', { prisma } as never), { name: 'db' }));
    await app.register(fp(async (a) => void a.decorate('core', {} as never), { name: 'core' }));
    await app.register(metricsPlugin);
    try {
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(sample(res.body, 'kentro_database_up')).toBe(0);
      expect(sample(res.body, 'kentro_outbox_messages', { status: 'pending' })).toBeUndefined();
      expect(sample(res.body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
