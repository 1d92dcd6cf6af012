import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Content first (see erase.test.ts).
import type { Db } from '../../src/db/client.js';
import { inboxId } from '../../src/db/sync-content.js';
import { JobWorker } from '../../src/jobs/worker.js';
import { PURGE_JOB, nextPurge, purgeHandler, schedulePurge } from '../../src/privacy/jobs.js';
import { planPurge, purge } from '../../src/privacy/purge.js';
import { DEFAULT_RETENTION } from '../../src/privacy/retention.js';
import { contentDatabase, providers } from '../support/db.js';

const DAY = 24 * 3600_000;
const MONTH = 30 * DAY;
const quiet = pino({ level: 'silent' });

/** Retention fixtures: what is past its period and what is not, around `now`. */
async function seedRetention(db: Db, now: Date) {
  const { prisma } = db;
  const inbox = inboxId('webchat', 'samos');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  let n = 0;
  const contact = async (createdAt: Date) => (await prisma.contact.create({ data: { centreId: 'samos', name: `person ${++n}`, createdAt } })).id;
  const conversation = async (contactId: string, lastActivityAt: Date) => {
    const identity = await prisma.contactInbox.upsert({
      where: { inboxId_sourceId: { inboxId: inbox, sourceId: `dl_${contactId}` } },
      create: { contactId, inboxId: inbox, sourceId: `dl_${contactId}` },
      update: {},
    });
    const c = await prisma.conversation.create({ data: { inboxId: inbox, contactId, contactInboxId: identity.id, centreId: 'samos', lastSeq: 1, lastActivityAt, createdAt: lastActivityAt } });
    await prisma.message.create({ data: { conversationId: c.id, inboxId: inbox, seq: 1, type: 'incoming', senderType: 'contact', text: 'hello', createdAt: lastActivityAt } });
    return c.id;
  };
  const outbox = async (conversationId: string, status: string, createdAt: Date) => {
    const m = await prisma.message.create({ data: { conversationId, inboxId: inbox, seq: 100 + ++n, type: 'outgoing', senderType: 'bot', text: 'hi', createdAt } });
    return (await prisma.outboxMessage.create({ data: { messageId: m.id, conversationId, inboxId: inbox, status, createdAt } })).id;
  };
  const kase = async (contactId: string, status: string, updatedAt: Date) => {
    const { id } = await prisma.case.create({ data: { contactId, centreId: 'samos', status } });
    // updatedAt is set by Prisma on every write: date it back with a raw statement.
    await prisma.$executeRawUnsafe(`UPDATE "Case" SET "updatedAt" = ${db.provider === 'sqlite' ? '?' : '$1'} WHERE "id" = ${db.provider === 'sqlite' ? '?' : '$2'}`, updatedAt, id);
    return id;
  };
  const appointment = async (startsAt: Date, contactId: string | null, seat: number) =>
    (await prisma.appointment.create({ data: { centreId: 'samos', contactId, startsAt, endsAt: new Date(startsAt.getTime() + 1800_000), seat } })).id;
  const job = async (status: string, finishedAt: Date | null) => (await prisma.job.create({ data: { kind: 'test.kind', status, finishedAt, runAt: ago(400 * DAY) } })).id;

  // A: one conversation 13 months old and nothing else: both go.
  const a = await contact(ago(14 * MONTH));
  const aConversation = await conversation(a, ago(13 * MONTH));
  // B: an old and a recent conversation: the old one goes, B stays.
  const b = await contact(ago(14 * MONTH));
  const bOld = await conversation(b, ago(13 * MONTH));
  const bRecent = await conversation(b, ago(1 * MONTH));
  // C: an old conversation and a case closed 2 years ago: the conversation goes, the case keeps C.
  const c = await contact(ago(14 * MONTH));
  const cOld = await conversation(c, ago(13 * MONTH));
  const cCase = await kase(c, 'closed', ago(24 * MONTH));
  // D: a case closed 6 years ago and nothing else: both go.
  const d = await contact(ago(7 * 12 * MONTH));
  const dCase = await kase(d, 'closed', ago(6 * 12 * MONTH + 10 * DAY));
  // E: a case still open after 6 years: nothing goes.
  const e = await contact(ago(7 * 12 * MONTH));
  const eCase = await kase(e, 'new', ago(6 * 12 * MONTH));
  // F: a new citizen without any conversation yet: stays.
  const f = await contact(ago(1 * DAY));
  const oldAppointment = await appointment(ago(13 * MONTH), null, 1);
  const recentAppointment = await appointment(ago(11 * MONTH), b, 1);
  const deadOld = await outbox(bRecent, 'dead', ago(31 * DAY));
  const deadRecent = await outbox(bRecent, 'dead', ago(29 * DAY));
  const sentOld = await outbox(bRecent, 'sent', ago(40 * DAY));
  const doneOld = await job('done', ago(31 * DAY));
  const deadJobOld = await job('dead', ago(45 * DAY));
  const doneRecent = await job('done', ago(10 * DAY));
  const queued = await job('queued', null);
  const audit = await prisma.auditLog.create({ data: { actorType: 'system', action: 'test.old', entityType: 'Test', createdAt: ago(10 * 12 * MONTH) } });
  return {
    expected: {
      conversations: [aConversation, bOld, cOld].sort(),
      closedCases: [dCase],
      appointments: [oldAppointment],
      outbox: [deadOld],
      jobs: [doneOld, deadJobOld].sort(),
      contacts: [a, d].sort(),
    },
    kept: { contacts: [b, c, e, f], conversations: [bRecent], cases: [cCase, eCase], appointments: [recentAppointment], outbox: [deadRecent, sentOld], jobs: [doneRecent, queued], audit: audit.id },
  };
}

const sorted = (plan: Record<string, string[]>) => Object.fromEntries(Object.entries(plan).map(([k, v]) => [k, [...v].sort()]));

describe.each(providers())('retention purge on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ db, cleanup } = await contentDatabase(provider));
  });
  afterAll(async () => cleanup());

  it('the dry run lists exactly what is past its period and deletes nothing; the purge deletes exactly that, keeps the rest and the audit log, and audits the counts', async () => {
    const now = new Date();
    const { expected, kept } = await seedRetention(db, now);
    const counts = async () => Promise.all([db.prisma.contact.count(), db.prisma.conversation.count(), db.prisma.message.count(), db.prisma.case.count(), db.prisma.job.count(), db.prisma.outboxMessage.count()]);
    const before = await counts();

    const plan = await planPurge(db, DEFAULT_RETENTION, now);
    expect(sorted({ ...plan })).toEqual(expected);
    expect(await counts()).toEqual(before);

    const done = await purge(db, DEFAULT_RETENTION, { now });
    expect(sorted({ ...done })).toEqual(expected);
    expect(await db.prisma.conversation.count({ where: { id: { in: expected.conversations } } })).toBe(0);
    expect(await db.prisma.message.count({ where: { conversationId: { in: expected.conversations } } })).toBe(0);
    expect(await db.prisma.contact.count({ where: { id: { in: expected.contacts } } })).toBe(0);
    expect(await db.prisma.contactInbox.count({ where: { contactId: { in: expected.contacts } } })).toBe(0);
    expect(await db.prisma.case.count({ where: { id: { in: expected.closedCases } } })).toBe(0);
    expect(await db.prisma.appointment.count({ where: { id: { in: expected.appointments } } })).toBe(0);
    expect(await db.prisma.outboxMessage.count({ where: { id: { in: expected.outbox } } })).toBe(0);
    expect(await db.prisma.job.count({ where: { id: { in: expected.jobs } } })).toBe(0);

    expect(await db.prisma.contact.count({ where: { id: { in: kept.contacts } } })).toBe(kept.contacts.length);
    expect(await db.prisma.conversation.count({ where: { id: { in: kept.conversations } } })).toBe(1);
    expect(await db.prisma.case.count({ where: { id: { in: kept.cases } } })).toBe(2);
    expect(await db.prisma.appointment.count({ where: { id: { in: kept.appointments } } })).toBe(1);
    expect(await db.prisma.outboxMessage.count({ where: { id: { in: kept.outbox } } })).toBe(2);
    expect(await db.prisma.job.count({ where: { id: { in: kept.jobs } } })).toBe(2);
    expect(await db.prisma.auditLog.count({ where: { id: kept.audit } })).toBe(1);

    const entry = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'privacy.purge' } });
    expect(JSON.parse(entry.details ?? '{}')).toMatchObject({ conversations: 3, closedCases: 1, appointments: 1, outbox: 1, jobs: 2, contacts: 2 });
    // Nothing more is due right after.
    expect(Object.values(await planPurge(db, DEFAULT_RETENTION, now)).flat()).toEqual([]);
  });

  it('runs every day at 03:00 Athens time through the job queue, one job per day, each queuing the next', async () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const first = nextPurge(now);
    expect(first).toEqual({ runAt: new Date('2026-11-26T01:00:00Z'), uniqueKey: `${PURGE_JOB}:2026-11-26` });
    // Summer time: 03:00 in Athens is 00:00 UTC.
    expect(nextPurge(new Date('2026-07-01T12:00:00Z')).runAt).toEqual(new Date('2026-07-02T00:00:00Z'));

    // Through the queue from today (the handler reads the clock): tonight's run queues tomorrow's.
    const today = nextPurge(new Date());
    const tomorrow = nextPurge(new Date(today.runAt.getTime() + 60_000));
    expect(tomorrow.runAt.getTime() - today.runAt.getTime()).toBeGreaterThanOrEqual(23 * 3_600_000);
    const id = await schedulePurge(db);
    expect(await schedulePurge(db)).toBe(id);
    const worker = new JobWorker(db, quiet);
    worker.register(PURGE_JOB, purgeHandler(db, DEFAULT_RETENTION));
    expect(await worker.runDue(new Date(today.runAt.getTime() - 60_000))).toBe(0);
    expect(await worker.runDue(today.runAt)).toBe(1);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id } })).status).toBe('done');
    const next = await db.prisma.job.findUniqueOrThrow({ where: { uniqueKey: tomorrow.uniqueKey } });
    expect(next).toMatchObject({ status: 'queued', runAt: tomorrow.runAt });
  });
});
