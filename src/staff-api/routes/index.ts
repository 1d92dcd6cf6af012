import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appointmentRoutes } from './appointments.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { cannedResponseRoutes } from './canned-responses.js';
import { conversationRoutes } from './conversations.js';
import { eventRoutes } from './events.js';
import { nluRoutes } from './nlu.js';
import { referralRoutes } from './referrals.js';
import { reportRoutes } from './reports.js';
import { staffMemberRoutes } from './staff.js';

/**
 * A route file of the staff API: registered under /api behind the session check, so
 * `me(req)` and `scope(req, prisma)` (src/staff-api/scope.ts) work in every handler.
 */
export type StaffRoutes = FastifyPluginAsyncZod;

/** Every authenticated route file of the staff API. Add yours with one line. */
export const staffRoutes: StaffRoutes[] = [
  authRoutes,
  conversationRoutes,
  cannedResponseRoutes,
  staffMemberRoutes,
  referralRoutes,
  eventRoutes,
  auditRoutes,
  appointmentRoutes,
  reportRoutes,
  nluRoutes,
];
