import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { directorySchema, referralSchema } from '../schemas.js';
import { writeAudit } from '../../db/audit.js';
import { notFound } from '../problems.js';
import { scope } from '../scope.js';
import { referralView } from './conversations.js';

export const REFERRAL_STATUSES = ['suggested', 'sent', 'accepted', 'completed', 'declined'] as const;

/** The centre's directory of local services (content/centres/<id>.yaml) and referrals to them. */
export const referralRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.db;

  app.get('/directory', { schema: { tags: ['referrals'], summary: 'The centre’s directory of local services', response: { 200: directorySchema } } }, async (req) => {
    const s = scope(req, prisma);
    const rows = await prisma.serviceDirectoryEntry.findMany({ where: s.where, orderBy: { name: 'asc' } });
    return { entries: rows.map((e) => ({ key: e.key, name: e.name, nameEn: e.nameEn, category: e.category, phone: e.phone, email: e.email, address: e.address, url: e.url, notes: e.notes })) };
  });

  app.post(
    '/conversations/:id/referrals',
    {
      schema: {
        tags: ['referrals'],
        summary: 'Refer the citizen to a service of the directory',
        params: z.object({ id: z.string().min(1).max(100) }),
        body: z.object({ serviceKey: z.string().min(1).max(100), note: z.string().trim().max(2000).optional() }),
        response: { 201: referralSchema },
      },
    },
    async (req, reply) => {
      const s = scope(req, prisma);
      const conversation = await s.conversation(req.params.id);
      const service = await prisma.serviceDirectoryEntry.findFirst({ where: { ...s.where, key: req.body.serviceKey } });
      if (!service) throw notFound('service in the directory');
      const latestCase = await prisma.case.findFirst({ where: { ...s.where, contactId: conversation.contactId }, orderBy: { createdAt: 'desc' }, select: { id: true } });
      const row = await prisma.referral.create({
        data: { centreId: s.centreId, contactId: conversation.contactId, caseId: latestCase?.id ?? null, serviceId: service.id, note: req.body.note ?? null, createdById: s.staff.id },
        include: { service: true },
      });
      await writeAudit(prisma, { centreId: s.centreId, actorType: 'staff', actorId: s.staff.id, action: 'referral.create', entityType: 'Referral', entityId: row.id, details: { service: service.key } });
      return reply.code(201).send(referralView(row));
    },
  );

  app.patch(
    '/referrals/:id',
    {
      schema: {
        tags: ['referrals'],
        summary: 'Change a referral’s status',
        params: z.object({ id: z.string().min(1).max(100) }),
        body: z.object({ status: z.enum(REFERRAL_STATUSES) }),
        response: { 200: referralSchema },
      },
    },
    async (req) => {
      const s = scope(req, prisma);
      const referral = await s.referral(req.params.id);
      const row = await prisma.referral.update({ where: { id: referral.id }, data: { status: req.body.status }, include: { service: true } });
      await writeAudit(prisma, { centreId: s.centreId, actorType: 'staff', actorId: s.staff.id, action: 'referral.status', entityType: 'Referral', entityId: row.id, details: { from: referral.status, to: row.status } });
      return referralView(row);
    },
  );
};
