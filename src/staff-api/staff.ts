import { z } from 'zod';
import type { Prisma } from '../db/client.js';
import { hashPassword, passwordProblem } from './auth/password.js';
import { StartupError } from '../config/errors.js';
import { writeAudit } from '../db/audit.js';

export const STAFF_ROLES = ['admin', 'worker'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const newStaffSchema = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  role: z.enum(STAFF_ROLES),
  centreId: z.string().min(1),
});
export type NewStaff = z.infer<typeof newStaffSchema>;

/** Creates a staff account. Errors are one-line messages an operator can act on. */
export async function createStaff(prisma: Prisma, input: NewStaff, password: string, actor = 'cli') {
  const problem = passwordProblem(password);
  if (problem) throw new StartupError(problem);
  const centre = await prisma.centre.findUnique({ where: { id: input.centreId } });
  if (!centre) throw new StartupError(`Unknown centre "${input.centreId}"`);
  const existing = await prisma.staff.findUnique({ where: { email: input.email } });
  if (existing) throw new StartupError(`A staff account with the email ${input.email} already exists`);
  const staff = await prisma.staff.create({
    data: { email: input.email, name: input.name, role: input.role, centreId: input.centreId, passwordHash: await hashPassword(password) },
  });
  await writeAudit(prisma, { centreId: staff.centreId, actorType: actor, action: 'staff.create', entityType: 'Staff', entityId: staff.id, details: { role: staff.role } });
  return staff;
}
