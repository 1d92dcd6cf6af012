import { createHash, randomBytes } from 'node:crypto';
import type { Prisma } from '../../db/client.js';

/** How long a login lasts. */
export const SESSION_HOURS = 12;
export const SESSION_COOKIE = 'kentro_staff';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session for a staff member: the token is returned once, only its hash is stored. */
export async function createSession(prisma: Prisma, staffId: string, now = new Date()): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  const session = await prisma.staffSession.create({ data: { staffId, tokenHash: hashToken(token), expiresAt } });
  return { token, sessionId: session.id, expiresAt };
}

/** The logged-in staff member of a session. */
export interface StaffPrincipal {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'worker';
  centreId: string;
  sessionId: string;
}

/** The staff member behind a token, when the session exists, has not expired and the account is active. */
export async function findSession(prisma: Prisma, token: string, now = new Date()): Promise<StaffPrincipal | null> {
  const session = await prisma.staffSession.findUnique({ where: { tokenHash: hashToken(token) }, include: { staff: true } });
  if (!session || session.expiresAt <= now || !session.staff.active) return null;
  const { staff } = session;
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role === 'admin' ? 'admin' : 'worker', centreId: staff.centreId, sessionId: session.id };
}

export async function endSession(prisma: Prisma, sessionId: string): Promise<void> {
  await prisma.staffSession.deleteMany({ where: { id: sessionId } });
}
