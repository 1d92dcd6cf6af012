import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffSchema } from '../schemas.js';
import { StartupError } from '../../config/errors.js';
import { writeAudit } from '../../db/audit.js';
import { problem } from '../problems.js';
import { requireAdmin, scope } from '../scope.js';
import { createStaff, STAFF_ROLES } from '../staff.js';

function staffView(s: { id: string; email: string; name: string; role: string; active: boolean; lastLoginAt: Date | null }) {
  return { id: s.id, email: s.email, name: s.name, role: s.role, active: s.active, lastLoginAt: s.lastLoginAt?.toISOString() ?? null };
}

/** The centre's staff: everyone sees them (to assign); administrators add and change them. */
export const staffMemberRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.db;

  app.get('/staff', { schema: { tags: ['staff'], summary: 'Staff of my centre', response: { 200: z.object({ staff: z.array(staffSchema) }) } } }, async (req) => {
    const s = scope(req, prisma);
    const rows = await prisma.staff.findMany({ where: s.where, orderBy: { name: 'asc' } });
    return { staff: rows.map(staffView) };
  });

  app.post(
    '/staff',
    {
      schema: {
        tags: ['staff'],
        summary: 'Add a staff member to my centre (admin)',
        body: z.object({ email: z.email().max(320), name: z.string().trim().min(1).max(200), role: z.enum(STAFF_ROLES), password: z.string().min(1).max(200) }),
        response: { 201: staffSchema },
      },
    },
    async (req, reply) => {
      const admin = requireAdmin(req);
      try {
        const created = await createStaff(prisma, { email: req.body.email.toLowerCase(), name: req.body.name, role: req.body.role, centreId: admin.centreId }, req.body.password, 'staff');
        return reply.code(201).send(staffView(created));
      } catch (err) {
        if (err instanceof StartupError) throw problem(err.message.includes('already exists') ? 409 : 400, err.message.includes('already exists') ? 'conflict' : 'invalid-request', err.message);
        throw err;
      }
    },
  );

  app.patch(
    '/staff/:id',
    {
      schema: {
        tags: ['staff'],
        summary: 'Change a staff member’s role or deactivate them (admin; audited)',
        params: z.object({ id: z.string().min(1).max(100) }),
        body: z.object({ role: z.enum(STAFF_ROLES).optional(), active: z.boolean().optional() }),
        response: { 200: staffSchema },
      },
    },
    async (req) => {
      const admin = requireAdmin(req);
      const target = await scope(req, prisma).staffMember(req.params.id);
      if (target.id === admin.id && (req.body.role === 'worker' || req.body.active === false)) throw problem(409, 'conflict', 'you cannot demote or deactivate yourself');
      const updated = await prisma.staff.update({ where: { id: target.id }, data: { ...(req.body.role ? { role: req.body.role } : {}), ...(req.body.active !== undefined ? { active: req.body.active } : {}) } });
      if (req.body.active === false) await prisma.staffSession.deleteMany({ where: { staffId: target.id } });
      await writeAudit(prisma, {
        centreId: admin.centreId,
        actorType: 'staff',
        actorId: admin.id,
        action: 'staff.update',
        entityType: 'Staff',
        entityId: target.id,
        details: { fromRole: target.role, toRole: updated.role, active: updated.active },
      });
      return staffView(updated);
    },
  );
};
