import { hkdfSync } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import type { Prisma } from '../../../db/client.js';
import { getOrCreateSetting, newSecret } from '../../../db/settings.js';
import { Problem } from './problems.js';

/**
 * What a token may be used for. A conversation token authorises the REST calls of one
 * conversation; a stream token only opens its WebSocket. Stream tokens travel in the stream
 * URL's query string (browsers cannot set headers on a WebSocket), where proxies and logs may
 * see them, so they live for two minutes and cannot be used for anything else.
 */
export type TokenUse = 'conversation' | 'stream';

export interface TokenClaims {
  conversationId: string;
  userId: string;
}

export interface IssuedToken {
  token: string;
  /** Seconds until it expires (Direct Line's `expires_in`). */
  expiresIn: number;
}

const ISSUER = 'kentro';
const AUDIENCE = 'kentro:directline';
const STREAM_TTL_SECONDS = 120;
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

/** Signs and checks Direct Line tokens (HS256 JWTs scoped to one conversation). */
export class TokenService {
  constructor(
    private readonly key: Uint8Array,
    readonly ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS,
  ) {}

  async issue(claims: TokenClaims, options: { use?: TokenUse; ttlSeconds?: number } = {}): Promise<IssuedToken> {
    const use = options.use ?? 'conversation';
    const expiresIn = options.ttlSeconds ?? (use === 'stream' ? STREAM_TTL_SECONDS : this.ttlSeconds);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ cid: claims.conversationId, use })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(claims.userId)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .sign(this.key);
    return { token, expiresIn };
  }

  /** The claims of a valid token of that use; a Problem (403) otherwise. */
  async verify(token: string, use: TokenUse = 'conversation'): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (payload.use !== use || typeof payload.cid !== 'string' || typeof payload.sub !== 'string') {
        throw new Problem('invalid-token', `This is not a ${use} token.`);
      }
      return { conversationId: payload.cid, userId: payload.sub };
    } catch (err) {
      if (err instanceof Problem) throw err;
      if (err instanceof errors.JWTExpired) throw new Problem('expired-token', 'Start a new conversation or refresh the token before it expires.');
      throw new Problem('invalid-token');
    }
  }
}

/**
 * The signing key. With KENTRO_SECRET it is derived from it (HKDF, so the same master secret
 * can feed other keys without reuse); without, a random secret is created once and kept in the
 * database, so tokens survive restarts and every replica signs with the same key.
 */
export async function tokenKey(prisma: Prisma, masterSecret?: string): Promise<Uint8Array> {
  if (masterSecret) return new Uint8Array(hkdfSync('sha256', masterSecret, 'kentro', 'webchat.tokenSecret', 32));
  const stored = await getOrCreateSetting(prisma, 'webchat.tokenSecret', newSecret);
  return new Uint8Array(Buffer.from(stored, 'base64url'));
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1]! : null;
}
