import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eraseContact } from '../../privacy/erase.js';
import { exportContact } from '../../privacy/export.js';
import { notFound, problem } from '../problems.js';
import { requireAdmin } from '../scope.js';

const PAGE = 50;

function parseDetails(raw: string | null): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * The centre administrator's view of the audit log (newest first, a page at a time), and the
 * data-rights requests a citizen makes at the desk: a copy of their data, their erasure. The
 * audit log has no route that changes or deletes an entry: it is append-only.
 */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.db;

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log of my centre, newest first (admin)',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(PAGE),
          /** The `next` of the previous page. */
          before: z.string().min(1).max(100).optional(),
          action: z.string().min(1).max(100).optional(),
          /** e.g. a contact's `subj_…` reference: its exports and erasure. */
          entityId: z.string().min(1).max(100).optional(),
        }),
      },
    },
    async (req) => {
      const admin = requireAdmin(req);
      const where = { centreId: admin.centreId, ...(req.query.action ? { action: req.query.action } : {}), ...(req.query.entityId ? { entityId: req.query.entityId } : {}) };
      if (req.query.before && !(await prisma.auditLog.findFirst({ where: { id: req.query.before, centreId: admin.centreId }, select: { id: true } }))) {
        throw problem(400, 'invalid-request', 'unknown page cursor');
      }
      const rows = await prisma.auditLog.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: req.query.limit + 1,
        ...(req.query.before ? { cursor: { id: req.query.before }, skip: 1 } : {}),
      });
      const page = rows.slice(0, req.query.limit);
      const actorIds = [...new Set(page.filter((r) => r.actorType === 'staff' && r.actorId).map((r) => r.actorId!))];
      const names = new Map((await prisma.staff.findMany({ where: { id: { in: actorIds }, centreId: admin.centreId }, select: { id: true, name: true } })).map((s) => [s.id, s.name]));
      return {
        entries: page.map((r) => ({
          id: r.id,
          at: r.createdAt.toISOString(),
          actorType: r.actorType,
          actorId: r.actorId,
          actorName: r.actorId ? (names.get(r.actorId) ?? null) : null,
          action: r.action,
          entityType: r.entityType,
          entityId: r.entityId,
          details: parseDetails(r.details),
        })),
        next: rows.length > req.query.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },
  );

  const contactParams = z.object({ id: z.string().min(1).max(100) });

  /** The contact, only when it belongs to the administrator's centre. */
  async function contactOf(id: string, centreId: string): Promise<string> {
    const row = await prisma.contact.findFirst({ where: { id, centreId }, select: { id: true } });
    if (!row) throw notFound('contact');
    return row.id;
  }

  app.get(
    '/contacts/:id/export',
    { schema: { tags: ['privacy'], summary: 'Everything stored about a contact of my centre, as JSON (admin; audited)', params: contactParams } },
    async (req, reply) => {
      const admin = requireAdmin(req);
      const data = await exportContact(app.db, await contactOf(req.params.id, admin.centreId), { type: 'staff', id: admin.id });
      if (!data) throw notFound('contact');
      return reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="contact-data.json"').send(data);
    },
  );

  app.post(
    '/contacts/:id/erase',
    { schema: { tags: ['privacy'], summary: 'Erase a contact of my centre and all their data (admin; audited, cannot be undone)', params: contactParams } },
    async (req) => {
      const admin = requireAdmin(req);
      const result = await eraseContact(app.db, await contactOf(req.params.id, admin.centreId), { type: 'staff', id: admin.id });
      if (!result) throw notFound('contact');
      return { erased: true, auditReference: result.subject, counts: result.counts };
    },
  );
};
