import { SignJWT, jwtVerify } from 'jose';
import type { Prisma } from '../db/client.js';
import { getOrCreateSetting, newSecret } from '../db/settings.js';

const ISSUER = 'kentro';
const AUDIENCE = 'kentro:privacy-export';
/** A download link works for 15 minutes: long enough to tap it, short enough to leak little. */
export const EXPORT_LINK_TTL_SECONDS = 15 * 60;
export const EXPORT_PATH = '/privacy/export';

/**
 * The key that signs download links: created once and kept in the database (Setting
 * `privacy.exportKey`), so the chat that makes a link and the replica that serves it agree,
 * and it is separate from the web chat's token key.
 */
export async function exportKey(prisma: Prisma): Promise<Uint8Array> {
  return new Uint8Array(Buffer.from(await getOrCreateSetting(prisma, 'privacy.exportKey', newSecret), 'base64url'));
}

/** A signed token naming the contact whose data it downloads (HS256, 15 minutes). */
export async function exportToken(key: Uint8Array, contactId: string, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(contactId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + EXPORT_LINK_TTL_SECONDS)
    .sign(key);
}

/** The contact id of a valid, unexpired token, or null. */
export async function verifyExportToken(key: Uint8Array, token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    return typeof payload.sub === 'string' ? payload.sub : null;
  } catch {
    return null;
  }
}

/** The absolute link, under the public address of the service. */
export function exportUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${EXPORT_PATH}?t=${token}`;
}
