import { randomBytes } from 'node:crypto';
import type { Prisma } from './client.js';

/**
 * Returns the setting, creating it with `create()` the first time. Concurrent first calls
 * (two replicas starting) agree on one value: the insert loses quietly and the row is re-read.
 */
export async function getOrCreateSetting(prisma: Prisma, key: string, create: () => string): Promise<string> {
  const existing = await prisma.setting.findUnique({ where: { key } });
  if (existing) return existing.value;
  try {
    return (await prisma.setting.create({ data: { key, value: create() } })).value;
  } catch {
    return (await prisma.setting.findUniqueOrThrow({ where: { key } })).value;
  }
}

/** A 256-bit random secret, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
