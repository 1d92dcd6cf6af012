import type { Db, Prisma } from '../db/client.js';
import { writeAudit } from '../db/audit.js';
import { subjectRef } from './subject.js';

/** Who asked: the citizen from the chat, an operator with the CLI, or a staff member. */
export type PrivacyActor = { type: 'contact' } | { type: 'cli' } | { type: 'staff'; id: string } | { type: 'system' };

export interface ErasureCounts {
  conversations: number;
  messages: number;
  identities: number;
  consents: number;
  cases: number;
  referrals: number;
  appointments: number;
  /** Of `appointments`, those still to come: their seats are free again. */
  futureAppointments: number;
  jobs: number;
  trainingExamples: number;
}

export interface ErasureResult {
  /** The opaque reference the audit entry carries (src/privacy/subject.ts). */
  subject: string;
  counts: ErasureCounts;
}

type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];

/**
 * Erases a contact (GDPR art. 17): its channel identities, conversations with every message and
 * outbox row, consents, cases with their intake, referrals, appointments (those to come are
 * deleted, so their seats are free again) and every job that names any of them (reminders, the
 * erasure job itself). What stays is one audit entry `privacy.erase` with counts and an opaque
 * reference, no personal data. Staff training examples copied from the citizen's messages go
 * too. Idempotent: a contact already gone returns null.
 *
 * Rows are deleted rather than anonymised: a row with its personal columns blanked is one new
 * column away from leaking again. Reports lose the erased citizen's past appointments and cases.
 */
export async function eraseContact(db: Pick<Db, 'prisma'>, contactId: string, actor: PrivacyActor, now = new Date()): Promise<ErasureResult | null> {
  return db.prisma.$transaction(
    async (tx) => {
      const contact = await tx.contact.findUnique({ where: { id: contactId }, select: { id: true, centreId: true } });
      if (!contact) return null;
      const conversations = (await tx.conversation.findMany({ where: { contactId }, select: { id: true } })).map((c) => c.id);
      const identities = (await tx.contactInbox.findMany({ where: { contactId }, select: { id: true } })).map((i) => i.id);
      const appointments = await tx.appointment.findMany({
        where: { OR: [{ contactId }, ...(conversations.length ? [{ conversationId: { in: conversations } }] : [])] },
        select: { id: true, startsAt: true, status: true },
      });
      const cases = (await tx.case.findMany({ where: { contactId }, select: { id: true } })).map((c) => c.id);
      const ids = [contactId, ...conversations, ...identities, ...cases, ...appointments.map((a) => a.id)];

      const jobs = await deleteJobsNaming(tx, ids);
      const trainingExamples = await deleteTrainingCopies(tx, conversations);
      const messages = conversations.length ? await tx.message.count({ where: { conversationId: { in: conversations } } }) : 0;
      const counts: ErasureCounts = {
        conversations: conversations.length,
        messages,
        identities: identities.length,
        consents: (await tx.consent.deleteMany({ where: { contactId } })).count,
        referrals: (await tx.referral.deleteMany({ where: { contactId } })).count,
        cases: (await tx.case.deleteMany({ where: { contactId } })).count,
        appointments: (await tx.appointment.deleteMany({ where: { id: { in: appointments.map((a) => a.id) } } })).count,
        futureAppointments: appointments.filter((a) => a.startsAt > now && a.status !== 'cancelled').length,
        jobs,
        trainingExamples,
      };
      // Messages and outbox rows go with their conversations (ON DELETE CASCADE), identities with the contact.
      await tx.conversation.deleteMany({ where: { contactId } });
      await tx.contact.delete({ where: { id: contactId } });
      const subject = subjectRef(contactId);
      await writeAudit(tx, {
        centreId: contact.centreId,
        actorType: actor.type,
        actorId: actor.type === 'staff' ? actor.id : null,
        action: 'privacy.erase',
        entityType: 'Contact',
        entityId: subject,
        details: { ...counts },
      });
      return { subject, counts };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** Jobs whose payload or unique key names one of the ids (appointment reminders, pending erasures). */
async function deleteJobsNaming(tx: Tx, ids: string[]): Promise<number> {
  let count = 0;
  // A few ids per statement keeps the OR list small on contacts with long histories.
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const { count: n } = await tx.job.deleteMany({ where: { OR: chunk.flatMap((id) => [{ payload: { contains: id } }, { uniqueKey: { contains: id } }]) } });
    count += n;
  }
  return count;
}

/** Training examples staff made from this citizen's messages hold their words. */
async function deleteTrainingCopies(tx: Tx, conversations: string[]): Promise<number> {
  if (conversations.length === 0) return 0;
  const texts = await tx.message.findMany({ where: { conversationId: { in: conversations }, type: 'incoming', text: { not: null } }, select: { text: true }, distinct: ['text'] });
  const words = texts.map((t) => t.text!).filter((t) => t.trim() !== '');
  let count = 0;
  for (let i = 0; i < words.length; i += 200) {
    count += (await tx.nluExample.deleteMany({ where: { text: { in: words.slice(i, i + 200) } } })).count;
  }
  return count;
}

/**
 * Outgoing messages of the contact still waiting to go out (Telegram, Viber). The erasure job
 * waits for them, so the citizen gets "your data is being deleted" before the rows vanish.
 */
export async function pendingDeliveries(prisma: Prisma, contactId: string): Promise<number> {
  return prisma.outboxMessage.count({ where: { status: 'pending', conversation: { contactId } } });
}
