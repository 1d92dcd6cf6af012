import type { Db } from '../db/client.js';
import type { TurnIdentity } from '../dialogs/engine/services.js';
import { INTAKE_VERSION, needsColumn, parseIntake, type IntakeRecord } from './answers.js';
import type { IntakePort } from './port.js';

/** Case statuses in which the citizen's own pre-intake may still change it. */
const OPEN = ['new', 'in_progress'];

/**
 * The pre-intake as the contact's open Case at the centre: created by the first intake, updated
 * by the next ones (staff always see one current picture). The name and phone also go on the
 * Contact, where the inbox shows them. Not written to the audit log: that log must keep nothing
 * about a citizen after an erasure.
 */
export function createIntakePort(db: Db, identity: TurnIdentity): IntakePort {
  const { prisma } = db;
  const { contactId, conversationId } = identity;
  const openCase = (centreId: string) =>
    prisma.case.findFirst({ where: { contactId, centreId, status: { in: OPEN } }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }] });

  return {
    async current(centreId) {
      const row = await openCase(centreId);
      return row ? { caseId: row.id, answers: parseIntake(row.intake) ?? {} } : null;
    },
    async save(answers, { centreId, language }) {
      const record: IntakeRecord = { v: INTAKE_VERSION, answers, language, channel: identity.channel, updatedAt: new Date().toISOString() };
      const data = { intake: JSON.stringify(record), needs: needsColumn(answers), conversationId };
      // Find-or-update is idempotent: a turn run again finds the case it created the first time.
      return prisma.$transaction(async (tx) => {
        const existing = await tx.case.findFirst({ where: { contactId, centreId, status: { in: OPEN } }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], select: { id: true } });
        const row = existing
          ? await tx.case.update({ where: { id: existing.id }, data, select: { id: true } })
          : await tx.case.create({ data: { ...data, contactId, centreId, status: 'new' }, select: { id: true } });
        // The contact shows what the citizen said last: a question skipped this time clears it.
        const contact: { name?: string | null; phone?: string | null } = {};
        if (answers.name !== undefined) contact.name = answers.name;
        if (answers.phone !== undefined) contact.phone = answers.phone;
        if (Object.keys(contact).length) await tx.contact.update({ where: { id: contactId }, data: contact });
        return { caseId: row.id, created: !existing };
      });
    },
  };
}
