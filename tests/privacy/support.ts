import { Prisma as Generated } from '../../generated/sqlite/client.js';
import type { Db } from '../../src/db/client.js';
import { inboxId } from '../../src/db/sync-content.js';
import { statusMachine } from '../../src/handoff/status.js';

/** A Telegram inbox shared by every centre (the channel's own plugin makes the same kind). */
export async function telegramInbox(db: Db): Promise<string> {
  const id = 'telegram';
  await db.prisma.inbox.upsert({ where: { id }, create: { id, channel: 'telegram', name: 'kentro · telegram' }, update: {} });
  return id;
}

export interface SeededCitizen {
  contactId: string;
  conversationId: string;
  sourceId: string;
  name: string;
  phone: string;
  text: string;
  futureAppointment: { centreId: string; location: string; startsAt: Date; seat: number };
}

/**
 * A citizen with a row in every table that can hold something about them: identities on two
 * channels, a conversation with messages and an outbox row, consent, a case with intake,
 * a referral, a past and a future appointment with its reminder job, a training example made
 * from their words and an audit entry about their conversation.
 */
export async function seedCitizen(db: Db, tag: string, options: { at?: Date; day?: number } = {}): Promise<SeededCitizen> {
  const at = options.at ?? new Date();
  const day = options.day ?? 10;
  const { prisma } = db;
  const centreId = 'thira';
  const telegram = await telegramInbox(db);
  const name = `Maryam ${tag} Ahmadi`;
  const phone = `+30690${String(Math.abs(hash(tag))).padStart(7, '0').slice(0, 7)}`;
  const text = `my landlord throws me out ${tag}`;
  const sourceId = `tg-${tag}-4242`;
  const contact = await prisma.contact.create({ data: { centreId, name, phone, email: `${tag}@example.org`, language: 'fa', lastSeenAt: at } });
  const identity = await prisma.contactInbox.create({ data: { contactId: contact.id, inboxId: telegram, sourceId } });
  await prisma.contactInbox.create({ data: { contactId: contact.id, inboxId: inboxId('webchat', centreId), sourceId: `dl_${tag}_web` } });
  const conversation = await prisma.conversation.create({
    data: { inboxId: telegram, contactId: contact.id, contactInboxId: identity.id, centreId, language: 'fa', lastSeq: 2, lastActivityAt: at, state: JSON.stringify({ note: text }) },
  });
  await prisma.message.create({ data: { conversationId: conversation.id, inboxId: telegram, seq: 1, type: 'incoming', senderType: 'contact', text, sourceId: `${sourceId}-m1`, createdAt: at } });
  const reply = await prisma.message.create({
    data: { conversationId: conversation.id, inboxId: telegram, seq: 2, type: 'outgoing', senderType: 'bot', text: `We heard you, ${name}`, deliveryStatus: 'sent', createdAt: at },
  });
  await prisma.outboxMessage.create({ data: { messageId: reply.id, conversationId: conversation.id, inboxId: telegram, status: 'sent', sentAt: at, createdAt: at } });
  await prisma.consent.create({ data: { contactId: contact.id, kind: 'privacy', noticeVersion: '2026-11', granted: true, channel: 'telegram', language: 'fa', createdAt: at } });
  const kase = await prisma.case.create({
    data: { contactId: contact.id, centreId, conversationId: conversation.id, intake: JSON.stringify({ v: 1, name, phone, area: 'Fira', household: { adults: 1, children: 2 } }), needs: 'housing,papers', createdAt: at },
  });
  const service = await prisma.serviceDirectoryEntry.findFirstOrThrow({ where: { centreId } });
  await prisma.referral.create({ data: { centreId, contactId: contact.id, caseId: kase.id, serviceId: service.id, note: `${name} needs a lawyer`, createdAt: at } });
  const futureStart = new Date(Date.now() + day * 24 * 3600_000);
  futureStart.setUTCHours(8, 0, 0, 0);
  const future = await prisma.appointment.create({
    data: { centreId, contactId: contact.id, conversationId: conversation.id, startsAt: futureStart, endsAt: new Date(futureStart.getTime() + 30 * 60_000), seat: 1, phone, reason: text, language: 'fa' },
  });
  const pastStart = new Date(Date.now() - day * 24 * 3600_000);
  pastStart.setUTCHours(8, 0, 0, 0);
  await prisma.appointment.create({ data: { centreId, contactId: contact.id, startsAt: pastStart, endsAt: new Date(pastStart.getTime() + 30 * 60_000), seat: 1, status: 'attended', phone } });
  await prisma.job.create({ data: { kind: 'appointment.reminder', payload: JSON.stringify({ appointmentId: future.id }), uniqueKey: `reminder:${future.id}:day-before`, runAt: new Date(futureStart.getTime() - 24 * 3600_000) } });
  await prisma.nluExample.create({ data: { language: 'en', text, intent: 'housing_benefit' } });
  await prisma.auditLog.create({ data: { centreId, actorType: 'system', action: 'conversation.urgent', entityType: 'Conversation', entityId: conversation.id } });
  // The citizen asked for a person: the status machine audits it with the citizen as actor.
  await statusMachine(db).change(conversation.id, 'queue', { actor: { type: 'citizen', id: contact.id } });
  return { contactId: contact.id, conversationId: conversation.id, sourceId, name, phone, text, futureAppointment: { centreId, location: 'centre', startsAt: futureStart, seat: 1 } };
}

function hash(s: string): number {
  let h = 7;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}

/** Every table of the database with its columns (whatever the models are today). */
export async function tablesAndColumns(db: Db): Promise<Map<string, string[]>> {
  const tables = new Map<string, string[]>();
  if (db.provider === 'sqlite') {
    const rows = await db.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
    for (const { name } of rows) {
      const columns = await db.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM pragma_table_info('${name}')`);
      tables.set(name, columns.map((c) => c.name));
    }
  } else {
    const rows = await db.prisma.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
    for (const r of rows) tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r.column_name]);
  }
  return tables;
}

/** The model names of the data model: a table missing from the database would escape the check. */
export const MODELS: string[] = Object.values(Generated.ModelName);

/** Every table.column holding a value that contains one of the needles, in any table of the database. */
export async function cellsContaining(db: Db, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  const param = (i: number) => (db.provider === 'sqlite' ? '?' : `$${i + 1}`);
  for (const [table, columns] of await tablesAndColumns(db)) {
    for (const column of columns) {
      const where = needles.map((_, i) => `CAST("${column}" AS TEXT) LIKE ${param(i)}`).join(' OR ');
      const rows = await db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`, ...needles.map((n) => `%${n}%`));
      if (Number(rows[0]?.n ?? 0) > 0) found.push(`${table}.${column}`);
    }
  }
  return found;
}
