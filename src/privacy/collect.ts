import type { Prisma } from '../db/client.js';

/**
 * Everything kentro stores about one contact, as the citizen may receive it (GDPR art. 15 and
 * 20): the JSON download, `kentro privacy export` and the chat summary all read this.
 */
export interface ContactData {
  exportedAt: string;
  contact: { id: string; centreId: string | null; name: string | null; phone: string | null; email: string | null; language: string | null; createdAt: string; lastSeenAt: string | null };
  /** `address`: what a channel gave us to write back (Azure Bot Service: the conversation reference, with the display name). */
  identities: { channel: string; sourceId: string; since: string; address?: unknown }[];
  consents: { kind: string; noticeVersion: string; granted: boolean; channel: string; language: string; at: string; withdrawnAt: string | null }[];
  cases: { id: string; centreId: string; status: string; needs: string[]; intake: unknown; createdAt: string; updatedAt: string }[];
  referrals: { id: string; service: string; status: string; note: string | null; createdAt: string }[];
  appointments: { id: string; centreId: string; location: string; startsAt: string; endsAt: string; status: string; reason: string | null; phone: string | null; createdAt: string }[];
  conversations: {
    id: string;
    channel: string;
    centreId: string | null;
    status: string;
    language: string | null;
    createdAt: string;
    lastActivityAt: string;
    /** What the citizen and the bot or staff wrote; staff-only notes are not part of it. */
    messages: { at: string; from: string; text: string | null }[];
  }[];
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** The contact's data, or null when there is no such contact. */
export async function collectContactData(prisma: Prisma, contactId: string, now = new Date()): Promise<ContactData | null> {
  const contact = await prisma.contact.findUnique({ where: { id: contactId } });
  if (!contact) return null;
  const [identities, consents, cases, referrals, appointments, conversations] = await Promise.all([
    prisma.contactInbox.findMany({ where: { contactId }, include: { inbox: { select: { channel: true } } }, orderBy: { createdAt: 'asc' } }),
    prisma.consent.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' } }),
    prisma.case.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' } }),
    prisma.referral.findMany({ where: { contactId }, include: { service: { select: { name: true } } }, orderBy: { createdAt: 'asc' } }),
    prisma.appointment.findMany({ where: { contactId }, orderBy: { startsAt: 'asc' } }),
    prisma.conversation.findMany({
      where: { contactId },
      include: {
        inbox: { select: { channel: true } },
        messages: { where: { private: false, type: { not: 'note' } }, orderBy: { seq: 'asc' }, select: { createdAt: true, senderType: true, text: true } },
      },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  return {
    exportedAt: iso(now),
    contact: {
      id: contact.id,
      centreId: contact.centreId,
      name: contact.name,
      phone: contact.phone,
      email: contact.email,
      language: contact.language,
      createdAt: iso(contact.createdAt),
      lastSeenAt: isoOrNull(contact.lastSeenAt),
    },
    identities: identities.map((i) => ({ channel: i.inbox.channel, sourceId: i.sourceId, since: iso(i.createdAt), ...(i.reference ? { address: parseJson(i.reference) } : {}) })),
    consents: consents.map((c) => ({ kind: c.kind, noticeVersion: c.noticeVersion, granted: c.granted, channel: c.channel, language: c.language, at: iso(c.createdAt), withdrawnAt: isoOrNull(c.withdrawnAt) })),
    cases: cases.map((c) => ({
      id: c.id,
      centreId: c.centreId,
      status: c.status,
      needs: c.needs.split(',').filter((n) => n !== ''),
      intake: parseJson(c.intake),
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
    })),
    referrals: referrals.map((r) => ({ id: r.id, service: r.service.name, status: r.status, note: r.note, createdAt: iso(r.createdAt) })),
    appointments: appointments.map((a) => ({
      id: a.id,
      centreId: a.centreId,
      location: a.location,
      startsAt: iso(a.startsAt),
      endsAt: iso(a.endsAt),
      status: a.status,
      reason: a.reason,
      phone: a.phone,
      createdAt: iso(a.createdAt),
    })),
    conversations: conversations.map((c) => ({
      id: c.id,
      channel: c.inbox.channel,
      centreId: c.centreId,
      status: c.status,
      language: c.language,
      createdAt: iso(c.createdAt),
      lastActivityAt: iso(c.lastActivityAt),
      messages: c.messages.map((m) => ({ at: iso(m.createdAt), from: m.senderType, text: m.text })),
    })),
  };
}
