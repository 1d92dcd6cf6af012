import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createRateCounter, type RateCounter } from '../../../server/rate-counter.js';
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
 * Fixed-window limits, applied by the handlers after the token check (so the key is a
 * conversation the caller owns, not a guessable id). `firstInWindow` is true once per window:
 * the conversation gets ONE polite message, not one per rejected request. The counter is
 * chosen by the database (src/server/rate-counter.ts): on PostgreSQL the replicas count
 * together in the table RateCounter, so a flood spread over them meets the one limit and
 * still gets one message; on SQLite (one process) counting stays in memory.
 */
export async function createLimiter(app: FastifyInstance, settings: RateLimitSettings, counter: RateCounter = createRateCounter(app.db)): Promise<Limiter> {
  return async (_req, key) => {
    const { count, resetAt } = await counter.hit(`webchat:${key}`, settings.windowMs);
    if (count <= settings.max) return { limited: false };
    const retryAfterSeconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
    return { limited: true, retryAfterSeconds, firstInWindow: count === settings.max + 1 };
  };
}

export function rateLimited(retryAfterSeconds: number): Problem {
  return new Problem('rate-limited', `Wait ${retryAfterSeconds} s and try again.`, { retryAfter: retryAfterSeconds });
}
