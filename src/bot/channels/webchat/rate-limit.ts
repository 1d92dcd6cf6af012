import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Problem } from './problems.js';

export interface RateLimitSettings {
  max: number;
  windowMs: number;
}

/** A flood from one client: 20 messages in 10 seconds is far beyond anyone typing or tapping. */
export const MESSAGE_RATE: RateLimitSettings = { max: 20, windowMs: 10_000 };
/** Polls and reconnects per conversation: Web Chat polls once a second at most; this keeps a loop off the database. */
export const READ_RATE: RateLimitSettings = { max: 100, windowMs: 10_000 };
/** New conversations per client address (an office behind one NAT still fits). */
export const START_RATE: RateLimitSettings = { max: 30, windowMs: 60_000 };

export type Limiter = (req: FastifyRequest, key: string) => Promise<{ limited: false } | { limited: true; retryAfterSeconds: number; firstInWindow: boolean }>;

/**
 * Fixed-window limits from @fastify/rate-limit, applied by the handlers after the token check
 * (so the key is a conversation the caller owns, not a guessable id). `firstInWindow` is true
 * once per window: the conversation gets ONE polite message, not one per rejected request.
 * The counters live in this process; with several replicas each one limits on its own.
 */
export async function createLimiter(app: FastifyInstance, settings: RateLimitSettings): Promise<Limiter> {
  if (!app.hasDecorator('createRateLimit')) await app.register(rateLimit, { global: false });
  const keyOf = new WeakMap<FastifyRequest, string>();
  const check = app.createRateLimit({ max: settings.max, timeWindow: settings.windowMs, keyGenerator: (req) => keyOf.get(req) ?? req.ip });
  const noticedUntil = new Map<string, number>();
  return async (req, key) => {
    keyOf.set(req, key);
    const result = await check(req);
    if (result.isAllowed || !result.isExceeded) return { limited: false };
    const now = Date.now();
    const firstInWindow = (noticedUntil.get(key) ?? 0) <= now;
    if (firstInWindow) {
      noticedUntil.set(key, now + result.ttl);
      // Keep the map from growing with conversations that stopped flooding.
      if (noticedUntil.size > 10_000) for (const [k, until] of noticedUntil) if (until <= now) noticedUntil.delete(k);
    }
    return { limited: true, retryAfterSeconds: Math.max(1, result.ttlInSeconds), firstInWindow };
  };
}

export function rateLimited(retryAfterSeconds: number): Problem {
  return new Problem('rate-limited', `Wait ${retryAfterSeconds} s and try again.`, { retryAfter: retryAfterSeconds });
}
