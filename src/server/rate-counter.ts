import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/client.js';

/**
 * Fixed-window counting for rate limits. A key's window starts at its first hit and lasts
 * `windowMs`; every hit in it raises the count (also past the limit), the first hit after it
 * starts a new window at 1. So `count === max + 1` happens once per window, wherever it is
 * counted: the one request that gets the polite "slow down" message.
 */
export interface RateCounter {
  /** Counts one hit of `key`; returns the count in its window and when the window ends (epoch ms). */
  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
}

/** How often stale windows are swept (ms). */
const SWEEP_MS = 60_000;

/** In this process: one replica on SQLite (no database round trip per message). */
export class MemoryRateCounter implements RateCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return Promise.resolve({ count: window.count, resetAt: window.resetAt });
  }

  /** Keys of conversations that stopped writing go away. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_MS;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/**
 * In the table `RateCounter`, shared by every replica on the same database: one atomic
 * upsert per hit (`INSERT … ON CONFLICT DO UPDATE … RETURNING`, the same SQL on PostgreSQL and
 * SQLite), so a flood spread over replicas meets one limit. Windows that ended are deleted at
 * most once a minute per replica (an index range on `resetAt`); a stale row that is hit again
 * before that is simply restarted by the upsert.
 */
export class DatabaseRateCounter implements RateCounter {
  private nextSweep = 0;

  constructor(
    private readonly db: Pick<Db, 'prisma'>,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetAt: number }> {
    const now = this.now();
    this.sweep(now);
    const at = BigInt(now);
    const end = BigInt(now + windowMs);
    const rows = await this.db.prisma.$queryRaw<{ count: number | bigint; resetAt: number | bigint }[]>`
      INSERT INTO "RateCounter" ("key", "count", "resetAt") VALUES (${key}, 1, ${end})
      ON CONFLICT ("key") DO UPDATE SET
        "count" = CASE WHEN "RateCounter"."resetAt" <= ${at} THEN 1 ELSE "RateCounter"."count" + 1 END,
        "resetAt" = CASE WHEN "RateCounter"."resetAt" <= ${at} THEN excluded."resetAt" ELSE "RateCounter"."resetAt" END
      RETURNING "count", "resetAt"`;
    const row = rows[0]!;
    return { count: Number(row.count), resetAt: Number(row.resetAt) };
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_MS;
    const before = BigInt(now);
    // Best effort: a failed sweep is retried a minute later, and never fails the request.
    this.db.prisma.$executeRaw`DELETE FROM "RateCounter" WHERE "resetAt" <= ${before}`.catch(() => undefined);
  }
}

/**
 * The counter for an app's rate limits, chosen by the database: PostgreSQL (any number of
 * replicas) counts in the database, SQLite (always one process) in memory.
 */
export function createRateCounter(db: Pick<Db, 'prisma' | 'provider'>): RateCounter {
  return db.provider === 'postgresql' ? new DatabaseRateCounter(db) : new MemoryRateCounter();
}

/**
 * A @fastify/rate-limit `store` counting with `counter` (the staff login limit). Keys are
 * prefixed with `namespace` and the route, so limits of different routes never share a count.
 */
export function rateLimitStore(counter: RateCounter, namespace: string): FastifyRateLimitStoreCtor {
  class CounterStore implements FastifyRateLimitStore {
    constructor(private readonly prefix: string = namespace) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow?: number): void {
      counter.hit(`${this.prefix}:${key}`, timeWindow ?? 60_000).then(
        ({ count, resetAt }) => callback(null, { current: count, ttl: Math.max(0, resetAt - Date.now()) }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    /** Called with the route's merged limit options; `routeInfo` is the route (empty for createRateLimit). */
    child(routeOptions: object): FastifyRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      const name = route && typeof route.url === 'string' ? `${String(route.method)} ${route.url}` : 'limit';
      return new CounterStore(`${namespace}:${name}`);
    }
  }
  return CounterStore as unknown as FastifyRateLimitStoreCtor;
}
