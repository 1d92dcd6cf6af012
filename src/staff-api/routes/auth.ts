import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { meSchema } from '../schemas.js';
import { writeAudit } from '../../db/audit.js';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password.js';
import { endSession, SESSION_COOKIE } from '../auth/sessions.js';
import { problem } from '../problems.js';
import { me } from '../scope.js';

export function meView(staff: { id: string; email: string; name: string; role: string; centreId: string }, centreName: string | null) {
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, centreId: staff.centreId, centreName };
}

/** Logout, password change and "who am I" (with a session). */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.db;

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'End this session (and its event streams)' } }, async (req, reply) => {
    const staff = me(req);
    await endSession(prisma, staff.sessionId);
    app.inboxEvents.closeSession(staff.sessionId);
    await writeAudit(prisma, { centreId: staff.centreId, actorType: 'staff', actorId: staff.id, action: 'auth.logout', entityType: 'Staff', entityId: staff.id });
    reply.clearCookie(SESSION_COOKIE, { path: '/api' });
    return reply.code(204).send();
  });

  app.post(
    '/auth/password',
    { schema: { tags: ['auth'], summary: 'Change my password (other sessions end)', body: z.object({ current: z.string().min(1).max(200), new: z.string().min(1).max(200) }) } },
    async (req, reply) => {
      const staff = me(req);
      const row = await prisma.staff.findUniqueOrThrow({ where: { id: staff.id } });
      if (!(await verifyPassword(req.body.current, row.passwordHash))) throw problem(401, 'invalid-credentials', 'the current password is wrong');
      const reason = passwordProblem(req.body.new);
      if (reason) throw problem(400, 'invalid-request', reason);
      await prisma.staff.update({ where: { id: staff.id }, data: { passwordHash: await hashPassword(req.body.new) } });
      await prisma.staffSession.deleteMany({ where: { staffId: staff.id, id: { not: staff.sessionId } } });
      await writeAudit(prisma, { centreId: staff.centreId, actorType: 'staff', actorId: staff.id, action: 'auth.password_changed', entityType: 'Staff', entityId: staff.id });
      return reply.code(204).send();
    },
  );

  app.get('/me', { schema: { tags: ['auth'], summary: 'The logged-in staff member', response: { 200: meSchema } } }, async (req) => {
    const staff = me(req);
    const centre = await prisma.centre.findUnique({ where: { id: staff.centreId }, select: { name: true } });
    return meView(staff, centre?.name ?? null);
  });
};
