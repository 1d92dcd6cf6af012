import bcrypt from 'bcryptjs';

/** bcrypt cost: ~250 ms per hash on this class of machine, slow enough for offline guessing. */
const COST = 12;
export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** A reason the password is not acceptable, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 72) return 'the password must have at most 72 characters (bcrypt limit)';
  return null;
}
