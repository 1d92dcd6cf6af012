import type { Content } from '../content/load.js';
import type { Prisma } from '../db/client.js';
import { ELIGIBILITY_RESULT_ACTION } from '../dialogs/flows/eligibility/port.js';
import type { MonthRange } from './month.js';
import { openMinutesBetween } from './opening-time.js';
import { isNotUnderstood, NOT_UNDERSTOOD_WHERE } from './understood.js';

/** How many intents the report lists. */
export const TOP_INTENTS = 10;

export type Counts = Record<string, number>;

/** A month's indicators of one centre (or all), as exact numbers: suppression comes after. */
export interface MonthlyIndicators {
  /** A centre id, or "all". */
  centre: string;
  month: string;
  contacts: { new: number; returning: number };
  /** Conversations with at least one message from the citizen in the month. */
  conversations: { total: number; byChannel: Counts; byLanguage: Counts };
  /** Conversations put in the staff queue (the status machine's `conversation.queue`). */
  handoffs: {
    total: number;
    byReason: Counts;
    /** Handoffs a staff member answered (a public staff message after the handoff). */
    answered: number;
    /** Opening-hours minutes from the handoff to the first staff message, sorted. */
    firstResponseMinutes: number[];
  };
  eligibility: { total: number; byProgramme: Record<string, Counts> };
  appointments: { booked: number; attended: number; noShow: number; cancelled: number };
  referrals: { total: number; byService: Counts };
  emergencies: number;
  /** Top intents count understood messages only (see understood.ts). */
  messages: { incoming: number; notUnderstood: number; topIntents: { intent: string; count: number }[] };
}

const add = (counts: Counts, key: string, n = 1): void => {
  counts[key] = (counts[key] ?? 0) + n;
};

function details(raw: string | null): Record<string, unknown> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Computes the indicators of `centreId` (undefined = every centre) for a month. Reads ids,
 * codes, statuses and times only: no name, phone or message text is selected.
 */
export async function computeIndicators(prisma: Prisma, content: Content, range: MonthRange, centreId?: string): Promise<MonthlyIndicators> {
  const inMonth = { gte: range.start, lt: range.end };
  const centre = centreId === undefined ? {} : { centreId };

  // Activity: the citizen wrote in the month.
  const incoming = await prisma.message.findMany({
    where: { type: 'incoming', createdAt: inMonth, conversation: centre },
    select: { conversationId: true, intent: true, intentScore: true },
  });
  const conversationIds = [...new Set(incoming.map((m) => m.conversationId))];
  const conversations = await prisma.conversation.findMany({
    where: { id: { in: conversationIds } },
    select: { language: true, contactId: true, inbox: { select: { channel: true } }, contact: { select: { createdAt: true } } },
  });
  const byChannel: Counts = {};
  const byLanguage: Counts = {};
  const contacts = new Map<string, Date>();
  for (const c of conversations) {
    add(byChannel, c.inbox.channel);
    add(byLanguage, c.language ?? 'unknown');
    contacts.set(c.contactId, c.contact.createdAt);
  }
  const firstSeen = [...contacts.values()];
  const newContacts = firstSeen.filter((d) => d >= range.start).length;

  const intents: Counts = {};
  for (const m of incoming) if (m.intent && !isNotUnderstood(m)) add(intents, m.intent);
  const notUnderstood = await prisma.message.count({ where: { type: 'incoming', createdAt: inMonth, conversation: centre, ...NOT_UNDERSTOOD_WHERE } });

  return {
    centre: centreId ?? 'all',
    month: range.month,
    contacts: { new: newContacts, returning: firstSeen.length - newContacts },
    conversations: { total: conversations.length, byChannel, byLanguage },
    handoffs: await handoffs(prisma, content, range, centre),
    eligibility: await eligibility(prisma, range, centre),
    appointments: await appointments(prisma, range, centre),
    referrals: await referrals(prisma, range, centre),
    emergencies: await prisma.auditLog.count({ where: { ...centre, action: 'conversation.urgent', createdAt: inMonth } }),
    messages: {
      incoming: incoming.length,
      notUnderstood,
      topIntents: Object.entries(intents)
        .map(([intent, count]) => ({ intent, count }))
        .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent))
        .slice(0, TOP_INTENTS),
    },
  };
}

type CentreWhere = { centreId?: string };

async function handoffs(prisma: Prisma, content: Content, range: MonthRange, centre: CentreWhere): Promise<MonthlyIndicators['handoffs']> {
  const queued = await prisma.auditLog.findMany({
    where: { ...centre, action: 'conversation.queue', createdAt: { gte: range.start, lt: range.end } },
    select: { centreId: true, entityId: true, details: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
  const byReason: Counts = {};
  for (const q of queued) add(byReason, typeof details(q.details).reason === 'string' ? (details(q.details).reason as string) : 'other');
  const ids = [...new Set(queued.flatMap((q) => (q.entityId ? [q.entityId] : [])))];
  const staffMessages = await prisma.message.findMany({
    where: { conversationId: { in: ids }, senderType: 'staff', type: 'outgoing', private: false, createdAt: { gte: range.start } },
    select: { conversationId: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
  const minutes: number[] = [];
  for (const q of queued) {
    const first = staffMessages.find((m) => m.conversationId === q.entityId && m.createdAt >= q.createdAt);
    const hours = q.centreId ? content.centres.get(q.centreId) : undefined;
    if (!first || !hours) continue;
    minutes.push(openMinutesBetween(hours, q.createdAt, first.createdAt));
  }
  return { total: queued.length, byReason, answered: minutes.length, firstResponseMinutes: minutes.sort((a, b) => a - b) };
}

async function eligibility(prisma: Prisma, range: MonthRange, centre: CentreWhere): Promise<MonthlyIndicators['eligibility']> {
  const rows = await prisma.auditLog.findMany({ where: { ...centre, action: ELIGIBILITY_RESULT_ACTION, createdAt: { gte: range.start, lt: range.end } }, select: { details: true } });
  const byProgramme: Record<string, Counts> = {};
  for (const row of rows) {
    const d = details(row.details);
    const programme = typeof d.programme === 'string' ? d.programme : 'unknown';
    add((byProgramme[programme] ??= {}), typeof d.result === 'string' ? d.result : 'unknown');
  }
  return { total: rows.length, byProgramme };
}

/**
 * Booked: appointments made in the month (any status since). Attended, no-show, cancelled:
 * appointments that were due in the month, by their status now.
 */
async function appointments(prisma: Prisma, range: MonthRange, centre: CentreWhere): Promise<MonthlyIndicators['appointments']> {
  const inMonth = { gte: range.start, lt: range.end };
  const booked = await prisma.appointment.count({ where: { ...centre, createdAt: inMonth } });
  const due = await prisma.appointment.groupBy({ by: ['status'], where: { ...centre, startsAt: inMonth }, _count: { _all: true } });
  const of = (status: string): number => due.find((d) => d.status === status)?._count._all ?? 0;
  return { booked, attended: of('attended'), noShow: of('no_show'), cancelled: of('cancelled') };
}

async function referrals(prisma: Prisma, range: MonthRange, centre: CentreWhere): Promise<MonthlyIndicators['referrals']> {
  const rows = await prisma.referral.findMany({ where: { ...centre, createdAt: { gte: range.start, lt: range.end } }, select: { service: { select: { key: true } } } });
  const byService: Counts = {};
  for (const r of rows) add(byService, r.service.key);
  return { total: rows.length, byService };
}
