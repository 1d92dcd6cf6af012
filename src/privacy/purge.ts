import type { Db } from '../db/client.js';
import { writeAudit } from '../db/audit.js';
import { cutoffs, type RetentionSettings } from './retention.js';

/** What a purge removes, by kind, with the ids (the dry run lists them). */
export interface PurgePlan {
  conversations: string[];
  closedCases: string[];
  appointments: string[];
  outbox: string[];
  jobs: string[];
  /** Contacts left with nothing once the rest is gone (their identities and consents go too). */
  contacts: string[];
}

export type PurgeCounts = { [K in keyof PurgePlan]: number };

export function countsOf(plan: PurgePlan): PurgeCounts {
  return Object.fromEntries(Object.entries(plan).map(([k, v]) => [k, (v as string[]).length])) as PurgeCounts;
}

const FINISHED_JOBS = ['done', 'dead', 'cancelled'];
const FINISHED_OUTBOX = ['dead', 'skipped'];

/**
 * Finds what the retention periods say must go at `now`:
 * - conversations whose last activity is older than the conversation period (messages and
 *   outbox rows go with them);
 * - cases `closed` and unchanged for the closed-case period;
 * - appointments whose time is older than the appointment period;
 * - dead or skipped outbox rows, and finished jobs, older than their periods;
 * - contacts that have nothing else left: no conversation, case, referral or appointment that
 *   stays, and created before the conversation period (never a citizen who just arrived).
 * The audit log is never purged: it holds no personal data, and it is the record of the purges.
 */
export async function planPurge(db: Pick<Db, 'prisma'>, settings: RetentionSettings, now = new Date()): Promise<PurgePlan> {
  const { prisma } = db;
  const cut = cutoffs(settings, now);
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
  const expiredConversation = { lastActivityAt: { lt: cut.conversation } };
  const expiredCase = { status: 'closed', updatedAt: { lt: cut.closedCase } };
  const expiredAppointment = { startsAt: { lt: cut.appointment } };
  const [conversations, closedCases, appointments, outbox, jobs, contacts] = await Promise.all([
    prisma.conversation.findMany({ where: expiredConversation, select: { id: true }, orderBy: { lastActivityAt: 'asc' } }),
    prisma.case.findMany({ where: expiredCase, select: { id: true }, orderBy: { updatedAt: 'asc' } }),
    prisma.appointment.findMany({ where: expiredAppointment, select: { id: true }, orderBy: { startsAt: 'asc' } }),
    prisma.outboxMessage.findMany({ where: { status: { in: FINISHED_OUTBOX }, createdAt: { lt: cut.outbox } }, select: { id: true }, orderBy: { createdAt: 'asc' } }),
    prisma.job.findMany({ where: { status: { in: FINISHED_JOBS }, finishedAt: { lt: cut.job } }, select: { id: true }, orderBy: { finishedAt: 'asc' } }),
    prisma.contact.findMany({
      where: {
        createdAt: { lt: cut.conversation },
        conversations: { every: expiredConversation },
        cases: { every: expiredCase },
        referrals: { none: {} },
        appointments: { every: expiredAppointment },
      },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  return { conversations: ids(conversations), closedCases: ids(closedCases), appointments: ids(appointments), outbox: ids(outbox), jobs: ids(jobs), contacts: ids(contacts) };
}

/**
 * Deletes what `planPurge` found, in one transaction, and writes a `privacy.purge` audit entry
 * with the counts. Deleting by the plan's ids makes the purge remove exactly what the dry run
 * listed at the same moment.
 */
export async function purge(db: Pick<Db, 'prisma'>, settings: RetentionSettings, options: { now?: Date; actorType?: string } = {}): Promise<PurgePlan> {
  const now = options.now ?? new Date();
  const plan = await planPurge(db, settings, now);
  const cut = cutoffs(settings, now);
  await db.prisma.$transaction(
    async (tx) => {
      const chunks = (list: string[]) => Array.from({ length: Math.ceil(list.length / 500) }, (_, i) => list.slice(i * 500, i * 500 + 500));
      for (const c of chunks(plan.jobs)) await tx.job.deleteMany({ where: { id: { in: c } } });
      for (const c of chunks(plan.outbox)) await tx.outboxMessage.deleteMany({ where: { id: { in: c } } });
      for (const c of chunks(plan.appointments)) await tx.appointment.deleteMany({ where: { id: { in: c } } });
      // Each delete re-checks its rule: a citizen who came back between the plan and now keeps everything.
      for (const c of chunks(plan.closedCases)) await tx.case.deleteMany({ where: { id: { in: c }, status: 'closed', updatedAt: { lt: cut.closedCase } } });
      // Messages and their outbox rows go with the conversation (ON DELETE CASCADE).
      for (const c of chunks(plan.conversations)) await tx.conversation.deleteMany({ where: { id: { in: c }, lastActivityAt: { lt: cut.conversation } } });
      // Identities and consents go with the contact.
      for (const c of chunks(plan.contacts)) {
        await tx.contact.deleteMany({ where: { id: { in: c }, conversations: { none: {} }, cases: { none: {} }, referrals: { none: {} }, appointments: { none: { startsAt: { gte: cut.appointment } } } } });
      }
      await writeAudit(tx, { actorType: options.actorType ?? 'system', action: 'privacy.purge', entityType: 'Retention', details: { ...countsOf(plan), at: now.toISOString() } });
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return plan;
}
