import { createHmac, timingSafeEqual } from 'node:crypto';

/** X-Viber-Content-Signature: HMAC-SHA256 of the raw request body with the auth token, in hex. */
export function sign(rawBody: Buffer | string, authToken: string): string {
  return createHmac('sha256', authToken).update(rawBody).digest('hex');
}

/** Compares in constant time; a missing or malformed header is simply not valid. */
export function verifySignature(rawBody: Buffer, header: string | string[] | undefined, authToken: string): boolean {
  if (typeof header !== 'string' || !/^[0-9a-f]{64}$/i.test(header)) return false;
  const expected = createHmac('sha256', authToken).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(header, 'hex'), expected);
}
