import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loginResponseSchema } from '../schemas.js';
import { writeAudit } from '../../db/audit.js';
import { verifyPassword } from '../auth/password.js';
import { createSession, SESSION_COOKIE } from '../auth/sessions.js';
import { problem } from '../problems.js';
import { meView } from './auth.js';

export interface LoginRateLimit {
  max: number;
  /** Milliseconds. */
  timeWindow: number;
}

// Compared against when the email is unknown, so both failures take as long (bcrypt cost 12).
const DUMMY_HASH = '$2b$12$qQ.QOpFhMF/nQNUlsbMJlO/hNUMhy0HPL2aO7SkQmwC63RPhyZQs6';

export const loginBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200) });

/** POST /api/auth/login: the one route without a session. */
export const loginRoutes: FastifyPluginAsyncZod<{ rate: LoginRateLimit }> = async (app, { rate }) => {
  app.post(
    '/auth/login',
    {
      config: {
        public: true,
        rateLimit: {
          max: rate.max,
          timeWindow: rate.timeWindow,
          // Per client address and account: a guesser is slowed down, colleagues behind one NAT are not.
          keyGenerator: (req) => {
            const body = req.body as { email?: unknown } | undefined;
            return `${req.ip}|${typeof body?.email === 'string' ? body.email.trim().toLowerCase() : ''}`;
          },
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in: a token (also set as an httpOnly cookie)',
        body: loginBody,
        response: { 200: loginResponseSchema },
      },
    },
    async (req, reply) => {
      const email = req.body.email.toLowerCase();
      const staff = await app.db.prisma.staff.findUnique({ where: { email } });
      const ok = await verifyPassword(req.body.password, staff?.passwordHash ?? DUMMY_HASH);
      if (!staff || !ok || !staff.active) {
        await writeAudit(app.db.prisma, { centreId: staff?.centreId ?? null, actorType: 'staff', actorId: staff?.id ?? null, action: 'auth.login_failed', entityType: 'Staff', entityId: staff?.id ?? null });
        throw problem(401, 'invalid-credentials', 'wrong email or password');
      }
      const session = await createSession(app.db.prisma, staff.id);
      await app.db.prisma.staff.update({ where: { id: staff.id }, data: { lastLoginAt: new Date() } });
      await writeAudit(app.db.prisma, { centreId: staff.centreId, actorType: 'staff', actorId: staff.id, action: 'auth.login', entityType: 'Staff', entityId: staff.id });
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        path: '/api',
        expires: session.expiresAt,
      });
      const centre = await app.db.prisma.centre.findUnique({ where: { id: staff.centreId }, select: { name: true } });
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), staff: meView(staff, centre?.name ?? null) };
    },
  );
};
