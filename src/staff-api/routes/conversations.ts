import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { detailSchema, listSchema, sentSchema, summarySchema } from '../schemas.js';
import { writeAudit } from '../../db/audit.js';
import { CONVERSATION_STATUSES, type Transition } from '../../handoff/status.js';
import { translator } from '../../i18n/index.js';
import { parseTexts, textFor } from '../canned.js';
import { problem } from '../problems.js';
import { scope } from '../scope.js';
import { cannedView, jsonOrNull, MESSAGE_INCLUDE, messageView, SUMMARY_INCLUDE, summaryOf, summaryView } from '../views.js';

const idParams = z.object({ id: z.string().min(1).max(100) });

/** Conversations of the staff member's centre: queues, transcript, and the handoff actions. */
export const conversationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.db;
  const { core } = app;

  app.get(
    '/conversations',
    {
      schema: {
        tags: ['conversations'],
        summary: 'A queue of the centre (urgent first) with the counts per status',
        querystring: z.object({ status: z.enum(CONVERSATION_STATUSES).default('pending'), mine: z.stringbool().optional() }),
        response: { 200: listSchema },
      },
    },
    async (req) => {
      const s = scope(req, prisma);
      const { status, mine } = req.query;
      const rows = await prisma.conversation.findMany({
        where: { ...s.where, status, ...(mine ? { assigneeId: s.staff.id } : {}) },
        include: SUMMARY_INCLUDE,
        orderBy: [{ urgent: 'desc' }, status === 'pending' ? { pendingSince: 'asc' } : { lastActivityAt: 'desc' }],
        take: 200,
      });
      const grouped = await prisma.conversation.groupBy({ by: ['status'], where: s.where, _count: { _all: true } });
      const counts = Object.fromEntries(CONVERSATION_STATUSES.map((st) => [st, grouped.find((g) => g.status === st)?._count._all ?? 0]));
      return { conversations: rows.map(summaryView), counts };
    },
  );

  app.get('/conversations/:id', { schema: { tags: ['conversations'], summary: 'Transcript (with internal notes), intake, appointments, consent', params: idParams, response: { 200: detailSchema } } }, async (req) => {
    const s = scope(req, prisma);
    const conversation = await s.conversation(req.params.id);
    const [summary, messages, cases, consents, referrals, appointments] = await Promise.all([
      summaryOf(prisma, conversation.id),
      prisma.message.findMany({ where: { conversationId: conversation.id }, orderBy: { seq: 'asc' }, include: MESSAGE_INCLUDE }),
      prisma.case.findMany({ where: { contactId: conversation.contactId, centreId: s.centreId }, orderBy: { createdAt: 'desc' } }),
      prisma.consent.findMany({ where: { contactId: conversation.contactId }, orderBy: { createdAt: 'desc' } }),
      prisma.referral.findMany({ where: { contactId: conversation.contactId, centreId: s.centreId }, include: { service: true }, orderBy: { createdAt: 'desc' } }),
      prisma.appointment.findMany({ where: { contactId: conversation.contactId, centreId: s.centreId }, orderBy: { startsAt: 'asc' } }),
    ]);
    // Every staff read of a conversation (and the case it shows) is in the audit log.
    await writeAudit(prisma, { centreId: s.centreId, actorType: 'staff', actorId: s.staff.id, action: 'conversation.read', entityType: 'Conversation', entityId: conversation.id, details: { cases: cases.length } });
    return {
      ...summary,
      // A staff member's free text to a citizen who does not read Greek is flagged (canned responses are translated).
      messages: messages.map((m) => {
        const view = messageView(m);
        return { ...view, languageMismatch: m.senderType === 'staff' && !view.private && !view.cannedResponseId && (conversation.language ?? 'el') !== 'el' };
      }),
      cases: cases.map((c) => ({ id: c.id, status: c.status, needs: c.needs ? c.needs.split(',').filter(Boolean) : [], intake: jsonOrNull(c.intake), createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() })),
      appointments: appointments.map((a) => ({ id: a.id, startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString(), status: a.status, location: a.location, reason: a.reason })),
      consents: consents.map((c) => ({ id: c.id, kind: c.kind, noticeVersion: c.noticeVersion, granted: c.granted, withdrawnAt: c.withdrawnAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString() })),
      referrals: referrals.map(referralView),
    };
  });

  /** Runs a transition as this staff member; 409 when the conversation is not in a status it starts from. */
  async function move(staff: { id: string }, conversationId: string, transition: Transition, assigneeId?: string) {
    const change = await core.statuses.change(conversationId, transition, { actor: { type: 'staff', id: staff.id }, keepOthers: transition === 'claim' && assigneeId === staff.id, ...(assigneeId ? { assigneeId } : {}) });
    if (!change) {
      const now = await prisma.conversation.findUnique({ where: { id: conversationId }, select: { status: true, assigneeId: true } });
      throw problem(409, 'conflict', now?.status === 'open' && now.assigneeId !== staff.id ? 'another staff member has this conversation' : `the conversation is ${now?.status ?? 'gone'}`, { conversationStatus: now?.status ?? null });
    }
    return change;
  }

  /** Tells the citizen, in their language, what just happened (through the core: stored, outbox, live). */
  async function tell(conversationId: string, key: string) {
    await core.say(conversationId, (lang) => [{ text: translator(lang)(key) }]);
  }

  app.post('/conversations/:id/claim', { schema: { tags: ['conversations'], summary: 'Take the conversation (pending → open, assigned to me)', params: idParams, response: { 200: summarySchema } } }, async (req) => {
    const s = scope(req, prisma);
    const conversation = await s.conversation(req.params.id);
    if (conversation.status === 'open' && conversation.assigneeId === s.staff.id) return summaryOf(prisma, conversation.id);
    const change = await move(s.staff, conversation.id, 'claim', s.staff.id);
    if (change.from !== 'open') await tell(conversation.id, 'handoff:claimed');
    return summaryOf(prisma, conversation.id);
  });

  app.post(
    '/conversations/:id/assign',
    { schema: { tags: ['conversations'], summary: 'Give the conversation to a staff member of the centre', params: idParams, body: z.object({ staffId: z.string().min(1).max(100) }), response: { 200: summarySchema } } },
    async (req) => {
      const s = scope(req, prisma);
      const conversation = await s.conversation(req.params.id);
      const assignee = await s.staffMember(req.body.staffId);
      if (!assignee.active) throw problem(409, 'conflict', 'this staff account is not active');
      const change = await move(s.staff, conversation.id, 'claim', assignee.id);
      if (change.from !== 'open') await tell(conversation.id, 'handoff:claimed');
      return summaryOf(prisma, conversation.id);
    },
  );

  app.post(
    '/conversations/:id/messages',
    {
      schema: {
        tags: ['conversations'],
        summary: 'Reply to the citizen (through their channel), or an internal note (private)',
        params: idParams,
        body: z
          .object({ text: z.string().trim().min(1).max(4000).optional(), private: z.boolean().default(false), cannedResponseId: z.string().min(1).max(100).optional() })
          .refine((b) => b.text !== undefined || b.cannedResponseId !== undefined, { message: 'text or cannedResponseId is required' }),
        response: { 201: sentSchema },
      },
    },
    async (req, reply) => {
      const s = scope(req, prisma);
      let conversation = await s.conversation(req.params.id);
      const canned = req.body.cannedResponseId ? await s.cannedResponse(req.body.cannedResponseId) : null;
      const citizenLanguage = conversation.language ?? 'el';
      let text = req.body.text ?? '';
      let payload: Record<string, unknown> | undefined;
      let language: string | null = req.body.private ? 'el' : null;
      if (canned && !req.body.private) {
        const texts = parseTexts(canned.texts);
        text = textFor(texts, citizenLanguage);
        language = citizenLanguage;
        payload = { cannedResponseId: canned.id, ...(citizenLanguage !== 'el' ? { original: { language: 'el', text: texts.el } } : {}) };
      } else if (canned) {
        text = parseTexts(canned.texts).el;
      }
      if (!req.body.private) {
        if (conversation.status === 'resolved') throw problem(409, 'conflict', 'the conversation is resolved', { conversationStatus: 'resolved' });
        // Writing to the citizen takes the conversation: the bot goes quiet.
        if (conversation.status !== 'open') {
          const change = await move(s.staff, conversation.id, 'claim', s.staff.id);
          if (change.from !== 'open') conversation = { ...conversation, status: 'open' };
        }
      }
      const sent = await core.sendAsStaff(conversation.id, { text, staffId: s.staff.id, private: req.body.private, ...(language ? { language } : {}), ...(payload ? { payload } : {}) });
      await writeAudit(prisma, { centreId: s.centreId, actorType: 'staff', actorId: s.staff.id, action: req.body.private ? 'conversation.note' : 'conversation.reply', entityType: 'Conversation', entityId: conversation.id, details: { messageId: sent.id, canned: canned?.id ?? null } });
      const row = await prisma.message.findUniqueOrThrow({ where: { id: sent.id }, include: MESSAGE_INCLUDE });
      // Free text to a citizen who does not read Greek: the inbox says so and offers canned responses.
      const languageMismatch = !req.body.private && !canned && citizenLanguage !== 'el';
      const suggestions = languageMismatch
        ? (await prisma.cannedResponse.findMany({ where: s.cannedWhere, orderBy: { shortCode: 'asc' }, take: 20 })).map((c) => cannedView(c, parseTexts(c.texts)))
        : [];
      return reply.code(201).send({ message: messageView(row), languageMismatch, suggestions });
    },
  );

  app.post('/conversations/:id/handback', { schema: { tags: ['conversations'], summary: 'Hand the conversation back to the bot', params: idParams, response: { 200: summarySchema } } }, async (req) => {
    const s = scope(req, prisma);
    const conversation = await s.conversation(req.params.id);
    await move(s.staff, conversation.id, 'handback');
    await tell(conversation.id, 'handoff:handedBack');
    return summaryOf(prisma, conversation.id);
  });

  app.post('/conversations/:id/resolve', { schema: { tags: ['conversations'], summary: 'Close the conversation', params: idParams, response: { 200: summarySchema } } }, async (req) => {
    const s = scope(req, prisma);
    const conversation = await s.conversation(req.params.id);
    const change = await move(s.staff, conversation.id, 'resolve');
    if (change.from === 'open') await tell(conversation.id, 'handoff:resolved');
    return summaryOf(prisma, conversation.id);
  });
};

export function referralView(r: { id: string; status: string; note: string | null; createdAt: Date; updatedAt: Date; service: { key: string; name: string } }) {
  return { id: r.id, serviceKey: r.service.key, serviceName: r.service.name, status: r.status, note: r.note, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}
