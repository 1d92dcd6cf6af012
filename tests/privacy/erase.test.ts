import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Content first: src/content/load.ts and src/content/programmes.ts import each other (through
// src/consent/notice.ts), and only this order evaluates them correctly.
import { shippedContent } from '../support/transcript.js';
import { ConversationCore } from '../../src/bot/core/core.js';
import type { Db } from '../../src/db/client.js';
import { translator } from '../../src/i18n/index.js';
import { JobWorker } from '../../src/jobs/worker.js';
import { eraseContact } from '../../src/privacy/erase.js';
import { ERASE_DELAY_MS, ERASE_JOB, eraseHandler } from '../../src/privacy/jobs.js';
import { createPrivacyPort } from '../../src/privacy/port.js';
import { subjectRef } from '../../src/privacy/subject.js';
import { contentDatabase, providers } from '../support/db.js';
import { MODELS, cellsContaining, seedCitizen, tablesAndColumns, telegramInbox, type SeededCitizen } from './support.js';

const quiet = pino({ level: 'silent' });
const needles = (c: SeededCitizen) => [c.contactId, c.sourceId, c.name, c.phone, c.text];

describe.each(providers())('erasure of a citizen on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ db, cleanup } = await contentDatabase(provider));
  });
  afterAll(async () => cleanup());

  it('leaves no row about the contact in any table, only an audit entry without personal data, and frees the seat of their next appointment', async () => {
    const maryam = await seedCitizen(db, 'alpha', { day: 10 });
    const other = await seedCitizen(db, 'bravo', { day: 11 });
    // Every model of the data model is a table the check reads.
    expect([...(await tablesAndColumns(db)).keys()]).toEqual(expect.arrayContaining(MODELS));
    // The check finds what is there: before the erasure the citizen is all over the database.
    expect((await cellsContaining(db, needles(maryam))).length).toBeGreaterThan(10);

    const result = await eraseContact(db, maryam.contactId, { type: 'cli' });

    expect(await cellsContaining(db, needles(maryam))).toEqual([]);
    expect(result?.counts).toMatchObject({ conversations: 1, messages: 2, identities: 2, consents: 1, cases: 1, referrals: 1, appointments: 2, futureAppointments: 1, jobs: 1, trainingExamples: 1 });
    const audit = await db.prisma.auditLog.findMany({ where: { action: 'privacy.erase' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'cli', entityType: 'Contact', entityId: subjectRef(maryam.contactId), centreId: 'thira' });
    // The audit entry of the urgent conversation stays (append-only); it names only a conversation id.
    expect(await db.prisma.auditLog.count({ where: { action: 'conversation.urgent', entityId: maryam.conversationId } })).toBe(1);

    // Somebody else can book the seat the erased citizen held.
    const seat = maryam.futureAppointment;
    await expect(
      db.prisma.appointment.create({ data: { ...seat, endsAt: new Date(seat.startsAt.getTime() + 30 * 60_000), contactId: other.contactId } }),
    ).resolves.toMatchObject({ seat: 1 });

    // The other citizen is untouched.
    expect(await cellsContaining(db, needles(other))).toEqual(expect.arrayContaining(['Contact.name', 'ContactInbox.sourceId', 'Message.text', 'Case.intake', 'Appointment.phone']));
    // Erasing again is a no-op.
    expect(await eraseContact(db, maryam.contactId, { type: 'cli' })).toBeNull();
  });

  it('from Telegram: the citizen confirms, gets "your data is being deleted", and only after it went out is everything erased', async () => {
    const content = await shippedContent();
    const inbox = await telegramInbox(db);
    const core = new ConversationCore(db, content, { services: (identity) => ({ identity, privacy: createPrivacyPort(db, identity) }) });
    const userId = 'tg-55501';
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId, centreId: 'thira', language: 'fr' });
    let n = 0;
    const press = (value: string) => core.handle({ inboxId: inbox, activity: { type: 'message', id: `tg-update-${++n}`, from: { id: userId }, text: value, value } });
    await press('cmd:menu');
    await press('menu:privacy');
    const explain = await press('privacy:delete');
    const t = translator('fr');
    expect(explain.status === 'processed' && explain.replies[0]!.text).toBe(t('privacy:erase.explain'));
    const done = await press('privacy:erase-yes');
    expect(done.status === 'processed' && done.replies.map((r) => r.text)).toEqual([t('privacy:erase.done')]);
    const contactId = (await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).contactId;

    // Pressing "yes" twice queues one erasure.
    await press('privacy:erase-yes');
    const jobs = await db.prisma.job.findMany({ where: { kind: ERASE_JOB, payload: { contains: contactId } } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.runAt.getTime()).toBeGreaterThan(Date.now() + ERASE_DELAY_MS / 2);

    // A retry is due ten minutes later (the default backoff starts at a second).
    const worker = new JobWorker(db, quiet, { backoff: { baseMs: 10 * 60_000, capMs: 10 * 60_000 } });
    worker.register(ERASE_JOB, eraseHandler(db));
    const later = new Date(Date.now() + 2 * ERASE_DELAY_MS);
    // The confirmation still waits in the outbox (Telegram did not take it yet): nothing is erased.
    await worker.runDue(later);
    expect(await db.prisma.contact.count({ where: { id: contactId } })).toBe(1);
    const confirmation = await db.prisma.message.findFirstOrThrow({ where: { conversationId, text: t('privacy:erase.done') }, include: { outbox: true } });
    expect(confirmation.outbox?.status).toBe('pending');

    // The outbox worker delivers it; the next run of the job erases.
    await db.prisma.outboxMessage.updateMany({ where: { conversationId }, data: { status: 'sent', sentAt: new Date() } });
    await worker.runDue(new Date(Date.now() + 30 * 60_000));
    expect(await db.prisma.contact.count({ where: { id: contactId } })).toBe(0);
    expect(await cellsContaining(db, [contactId, userId, conversationId])).toEqual([]);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'privacy.erase', entityId: subjectRef(contactId) } });
    expect(audit.actorType).toBe('contact');
    for (const value of Object.values(JSON.parse(audit.details ?? '{}') as Record<string, unknown>)) expect(typeof value).toBe('number');
  });
});
