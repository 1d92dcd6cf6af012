import type { Db } from '../db/client.js';
import { writeAudit } from '../db/audit.js';
import { collectContactData, type ContactData } from './collect.js';
import type { PrivacyActor } from './erase.js';
import { subjectRef } from './subject.js';

/**
 * A copy of the contact's data for them (JSON download, `kentro privacy export`), audited as
 * `privacy.export` with the opaque subject reference. Null when there is no such contact.
 */
export async function exportContact(db: Pick<Db, 'prisma'>, contactId: string, actor: PrivacyActor, now = new Date()): Promise<ContactData | null> {
  const data = await collectContactData(db.prisma, contactId, now);
  if (!data) return null;
  await writeAudit(db.prisma, {
    centreId: data.contact.centreId,
    actorType: actor.type,
    actorId: actor.type === 'staff' ? actor.id : null,
    action: 'privacy.export',
    entityType: 'Contact',
    entityId: subjectRef(contactId),
    details: { conversations: data.conversations.length, cases: data.cases.length, appointments: data.appointments.length },
  });
  return data;
}
