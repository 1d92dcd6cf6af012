import type { FastifyRequest } from 'fastify';
import type { Prisma } from '../db/client.js';
import type { StaffPrincipal } from './auth/sessions.js';
import { notFound, problem } from './problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in staff member (set by the authentication hook of the /api routes). */
    staffPrincipal: StaffPrincipal | null;
  }
}

/** The logged-in staff member; 401 when the route was reached without a session. */
export function me(req: FastifyRequest): StaffPrincipal {
  if (!req.staffPrincipal) throw problem(401, 'unauthenticated', 'log in first');
  return req.staffPrincipal;
}

/** Admin-only routes (manage the centre's staff). */
export function requireAdmin(req: FastifyRequest): StaffPrincipal {
  const staff = me(req);
  if (staff.role !== 'admin') throw problem(403, 'forbidden', 'only an administrator of the centre can do this');
  return staff;
}

/**
 * THE place where staff queries meet their centre: every lookup by id carries the staff
 * member's centre in its `where`, so another centre's conversation, staff member, referral or
 * canned response is "not found", exactly like one that does not exist.
 */
export function scope(req: FastifyRequest, prisma: Prisma) {
  const staff = me(req);
  const centreId = staff.centreId;
  return {
    staff,
    centreId,
    /** where-clause fragment for models with a centreId. */
    where: { centreId },
    async conversation(id: string) {
      const row = await prisma.conversation.findFirst({ where: { id, centreId } });
      if (!row) throw notFound('conversation');
      return row;
    },
    async staffMember(id: string) {
      const row = await prisma.staff.findFirst({ where: { id, centreId } });
      if (!row) throw notFound('staff member');
      return row;
    },
    async referral(id: string) {
      const row = await prisma.referral.findFirst({ where: { id, centreId } });
      if (!row) throw notFound('referral');
      return row;
    },
    /** Global canned responses (content/) and this centre's own. */
    cannedWhere: { OR: [{ centreId }, { centreId: null }] },
    async cannedResponse(id: string) {
      const row = await prisma.cannedResponse.findFirst({ where: { id, OR: [{ centreId }, { centreId: null }] } });
      if (!row) throw notFound('canned response');
      return row;
    },
  };
}
export type Scope = ReturnType<typeof scope>;
