import type { Db } from '../../src/db/client.js';

/**
 * March 2026 at Thira, with known numbers (Europe/Athens: UTC+2 until 29 March, then UTC+3),
 * plus rows just outside the month and rows of Samos that Thira's report must not count.
 * The expected indicators are in EXPECTED_THIRA (exact, before suppression).
 */
export const MONTH = '2026-03';

export const EXPECTED_THIRA = {
  contacts: { new: 3, returning: 1 },
  conversations: { total: 4, byChannel: { webchat: 2, telegram: 1, terminal: 1 }, byLanguage: { el: 1, en: 1, ar: 1, unknown: 1 } },
  handoffs: { total: 7, byReason: { citizen: 4, fallback: 2, emergency: 1 }, answered: 6, firstResponseMinutes: [5, 20, 30, 40, 75, 240] },
  eligibility: { total: 4, byProgramme: { gmi: { likely_eligible: 2, likely_not_eligible: 1 }, child_benefit: { unknown: 1 } } },
  appointments: { booked: 3, attended: 2, noShow: 1, cancelled: 1 },
  referrals: { total: 3, byService: { social_service: 2, kep: 1 } },
  emergencies: 1,
  messages: { incoming: 6, notUnderstood: 2, topIntents: [{ intent: 'centre_hours', count: 2 }, { intent: 'appointment_book', count: 1 }] },
};

const at = (iso: string): Date => new Date(iso);

interface Said {
  at: string;
  intent?: string;
  score?: number;
}

export async function seedMonth(db: Db): Promise<void> {
  const { prisma } = db;
  await prisma.inbox.upsert({ where: { id: 'telegram-thira' }, create: { id: 'telegram-thira', centreId: 'thira', channel: 'telegram', name: 'Θήρα · telegram' }, update: {} });
  const staff = await prisma.staff.create({ data: { centreId: 'thira', email: `seed-${Math.random().toString(36).slice(2)}@thira.example.gr`, name: 'Seed', role: 'worker', passwordHash: 'x' } });
  let n = 0;

  async function conversation(centreId: string, inboxId: string, contactCreated: string, language: string | null, said: Said[]) {
    const contact = await prisma.contact.create({ data: { centreId, createdAt: at(contactCreated) } });
    const ci = await prisma.contactInbox.create({ data: { contactId: contact.id, inboxId, sourceId: `seed-${++n}` } });
    const c = await prisma.conversation.create({ data: { inboxId, contactId: contact.id, contactInboxId: ci.id, centreId, language } });
    let seq = 0;
    for (const s of said) {
      await prisma.message.create({
        data: { conversationId: c.id, inboxId, seq: ++seq, type: 'incoming', senderType: 'contact', text: 'seed', createdAt: at(s.at), intent: s.intent ?? null, intentScore: s.score ?? null },
      });
      // A bot reply: never counted.
      await prisma.message.create({ data: { conversationId: c.id, inboxId, seq: ++seq, type: 'outgoing', senderType: 'bot', text: 'reply', createdAt: at(s.at) } });
    }
    return {
      id: c.id,
      async staffSays(iso: string, isPrivate = false) {
        await prisma.message.create({
          data: { conversationId: c.id, inboxId, seq: ++seq, type: isPrivate ? 'note' : 'outgoing', private: isPrivate, senderType: 'staff', staffId: staff.id, text: 'staff', createdAt: at(iso) },
        });
      },
    };
  }
  const audit = (centreId: string, action: string, entityId: string | null, iso: string, details: Record<string, string>) =>
    prisma.auditLog.create({ data: { centreId, actorType: 'system', action, entityType: 'Conversation', entityId, details: JSON.stringify(details), createdAt: at(iso) } });

  // Returning (first seen in January); one understood message, one not.
  const c1 = await conversation('thira', 'webchat-thira', '2026-01-10T10:00:00Z', 'el', [
    { at: '2026-03-03T09:00:00Z', intent: 'centre_hours', score: 0.9 },
    { at: '2026-03-03T09:01:00Z', intent: 'None', score: 0.3 },
  ]);
  // New; a low-score reading counts as not understood (and not as its intent).
  const c2 = await conversation('thira', 'telegram-thira', '2026-03-05T10:00:00Z', 'en', [
    { at: '2026-03-05T10:00:00Z', intent: 'appointment_book', score: 0.8 },
    { at: '2026-03-05T10:01:00Z', intent: 'centre_hours', score: 0.55 },
  ]);
  // New: 28 Feb 22:30 UTC is 1 March 00:30 in Athens.
  const c3 = await conversation('thira', 'webchat-thira', '2026-02-28T22:30:00Z', 'ar', [{ at: '2026-02-28T22:31:00Z', intent: 'centre_hours', score: 0.95 }]);
  // Wrote in February and on 31 March 21:30 UTC = 1 April 00:30 in Athens: not active in March.
  await conversation('thira', 'webchat-thira', '2026-02-01T10:00:00Z', 'el', [
    { at: '2026-02-10T10:00:00Z', intent: 'greeting', score: 0.9 },
    { at: '2026-03-31T21:30:00Z', intent: 'greeting', score: 0.9 },
  ]);
  // New, pressed a button only (no intent), language never chosen.
  const c5 = await conversation('thira', 'terminal-thira', '2026-03-10T06:00:00Z', null, [{ at: '2026-03-10T06:00:00Z' }]);
  // Samos: never in Thira's numbers.
  const s1 = await conversation('samos', 'webchat-samos', '2026-03-02T10:00:00Z', 'el', [{ at: '2026-03-02T10:00:00Z', intent: 'centre_hours', score: 0.9 }]);

  // Handoffs. Thira is open Mon–Fri 08:00–15:30; 25 March is a public holiday.
  // Wed 4 Mar 10:00 → 10:30: 30 minutes.
  await audit('thira', 'conversation.queue', c1.id, '2026-03-04T08:00:00Z', { from: 'bot', to: 'pending', reason: 'citizen' });
  await c1.staffSays('2026-03-04T08:30:00Z');
  // Fri 6 Mar 15:00 → Mon 9 Mar 08:45: 30 + 45 = 75 minutes.
  await audit('thira', 'conversation.queue', c2.id, '2026-03-06T13:00:00Z', { reason: 'fallback' });
  await c2.staffSays('2026-03-09T06:45:00Z');
  // Tue 24 Mar 15:00 → Thu 26 Mar 08:10, over the 25 March holiday: 30 + 10 = 40 minutes.
  await audit('thira', 'conversation.queue', c3.id, '2026-03-24T13:00:00Z', { reason: 'emergency' });
  await audit('thira', 'conversation.urgent', c3.id, '2026-03-24T13:00:00Z', {});
  await c3.staffSays('2026-03-26T06:10:00Z');
  // Tue 10 Mar 09:00; an internal note at 09:05 is no answer, the reply at 09:20 is: 20 minutes.
  await audit('thira', 'conversation.queue', c5.id, '2026-03-10T07:00:00Z', { reason: 'citizen' });
  await c5.staffSays('2026-03-10T07:05:00Z', true);
  await c5.staffSays('2026-03-10T07:20:00Z');
  // Thu 12 Mar, never answered (c1's earlier reply is before it).
  await audit('thira', 'conversation.queue', c1.id, '2026-03-12T09:00:00Z', { reason: 'citizen' });
  // Mon 16 Mar 08:00 → 12:00: 240 minutes.
  await audit('thira', 'conversation.queue', c2.id, '2026-03-16T06:00:00Z', { reason: 'citizen' });
  await c2.staffSays('2026-03-16T10:00:00Z');
  // Sat 28 Mar 10:00 → Mon 30 Mar 08:05 (summer time since Sunday, UTC+3): 5 minutes.
  await audit('thira', 'conversation.queue', c3.id, '2026-03-28T08:00:00Z', { reason: 'fallback' });
  await c3.staffSays('2026-03-30T05:05:00Z');
  // 28 Feb 23:00 in Athens: February.
  await audit('thira', 'conversation.queue', c1.id, '2026-02-28T21:00:00Z', { reason: 'citizen' });
  await audit('samos', 'conversation.queue', s1.id, '2026-03-02T10:00:00Z', { reason: 'citizen' });
  await audit('samos', 'conversation.urgent', s1.id, '2026-03-02T10:00:00Z', {});

  // Eligibility results (as the screener's port records them).
  for (const [programme, result, iso] of [
    ['gmi', 'likely_eligible', '2026-03-03T10:00:00Z'],
    ['gmi', 'likely_eligible', '2026-03-13T10:00:00Z'],
    ['gmi', 'likely_not_eligible', '2026-03-20T10:00:00Z'],
    ['child_benefit', 'unknown', '2026-03-21T10:00:00Z'],
    ['gmi', 'likely_eligible', '2026-04-01T10:00:00Z'],
  ] as const) {
    await audit('thira', 'eligibility.result', c1.id, iso, { programme, result, turn: iso });
  }
  await audit('samos', 'eligibility.result', s1.id, '2026-03-03T10:00:00Z', { programme: 'gmi', result: 'unknown', turn: 'x' });

  // Appointments: booked = made in March; attended/no-show/cancelled = due in March.
  const appointment = (created: string, starts: string, status: string, seat: number | null = 1, centreId = 'thira') =>
    prisma.appointment.create({ data: { centreId, startsAt: at(starts), endsAt: new Date(at(starts).getTime() + 30 * 60_000), seat, status, createdAt: at(created) } });
  await appointment('2026-03-02T08:00:00Z', '2026-03-10T08:00:00Z', 'attended');
  await appointment('2026-03-03T08:00:00Z', '2026-03-11T08:00:00Z', 'no_show');
  await appointment('2026-02-20T08:00:00Z', '2026-03-12T08:00:00Z', 'cancelled', null);
  await appointment('2026-03-20T08:00:00Z', '2026-04-02T08:00:00Z', 'booked');
  await appointment('2026-02-10T08:00:00Z', '2026-03-13T08:00:00Z', 'attended');
  await appointment('2026-03-05T08:00:00Z', '2026-03-10T08:00:00Z', 'attended', 1, 'samos');

  // Referrals by service.
  const service = async (centreId: string, key: string) => (await prisma.serviceDirectoryEntry.findUniqueOrThrow({ where: { centreId_key: { centreId, key } } })).id;
  const contactOf = async (id: string) => (await prisma.conversation.findUniqueOrThrow({ where: { id } })).contactId;
  const referral = async (centreId: string, conversationId: string, key: string, iso: string) =>
    prisma.referral.create({ data: { centreId, contactId: await contactOf(conversationId), serviceId: await service(centreId, key), createdAt: at(iso) } });
  await referral('thira', c1.id, 'social_service', '2026-03-04T09:00:00Z');
  await referral('thira', c2.id, 'social_service', '2026-03-09T09:00:00Z');
  await referral('thira', c3.id, 'kep', '2026-03-26T09:00:00Z');
  await referral('thira', c3.id, 'kep', '2026-02-26T09:00:00Z');
  await referral('samos', s1.id, 'dypa', '2026-03-04T09:00:00Z');
}
