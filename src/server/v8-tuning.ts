import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for the long-running server (`kentro serve`), applied before the database client
 * loads. Both trade a little CPU for a peak RSS that stays near the live heap (~90 MB) instead of
 * climbing to 500–650 MB under load (`npm run bench`):
 * - `--heap-growing-percent=30`: the next full collection starts when the old generation has grown
 *   30% over what survived the last one. V8's own factor (up to 4x) let hundreds of MB of garbage
 *   pile up between collections. A soft target, not a cap: a heap that needs more still gets it.
 * - `--liftoff-only` (SQLite only): Prisma's query compiler is WebAssembly; V8's optimising tier
 *   re-compiles its hot functions and kept ~70 MB for that code. On SQLite a turn's statements run
 *   on better-sqlite3 directly (src/bot/core/sqlite-turn.ts), so Prisma's speed matters little;
 *   on PostgreSQL every turn goes through Prisma, so the optimising tier stays.
 * Both flags are read when V8 uses them (compiling WebAssembly, sizing the heap after a
 * collection), so setting them at start-up works; Node keeps flags writable after start.
 */
export function tuneV8ForServer(databaseUrl: string): void {
  setFlagsFromString('--heap-growing-percent=30');
  if (databaseUrl.startsWith('file:')) setFlagsFromString('--liftoff-only');
}
