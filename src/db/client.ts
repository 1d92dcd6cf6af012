import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../../generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../../generated/postgresql/client.js';
import { describeDatabaseUrl } from '../config/redact.js';
import { StartupError } from '../config/errors.js';

/**
 * The one client type the code uses. Both generated clients come from the same data model
 * (scripts/prisma-generate.mjs), so their APIs are identical; the SQLite one names the type.
 */
export type Prisma = SqliteClient;
export type Provider = 'sqlite' | 'postgresql';

export interface Db {
  readonly prisma: Prisma;
  readonly provider: Provider;
  /** Where the database is, without credentials (for logs and errors). */
  readonly description: string;
  /** DATABASE_URL itself, credentials included (the live-events listener opens its own connection); never log it. */
  readonly url: string;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  return url.startsWith('file:') ? 'sqlite' : 'postgresql';
}

/** Resolves `file:./data/kentro.db` against the working directory and creates the folder. */
function sqlitePath(url: string): string {
  const path = url.slice('file:'.length);
  if (path === ':memory:') return path;
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return absolute;
}

/**
 * Opens the database named by DATABASE_URL and checks that it answers. SQLite runs in WAL
 * mode with synchronous=NORMAL (durable across process crashes, ~4x faster commits) and a
 * busy timeout so a second process waits instead of failing.
 */
export async function openDb(url: string, options: { poolSize?: number } = {}): Promise<Db> {
  const provider = providerOf(url);
  const description = describeDatabaseUrl(url);
  let prisma: Prisma;
  if (provider === 'sqlite') {
    let path: string;
    try {
      path = sqlitePath(url);
    } catch (err) {
      throw new StartupError(`Cannot open the database (${description}): ${(err as Error).message}`);
    }
    prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: path, timeout: 10_000 }) });
  } else {
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
    // Same data model, other provider: see the Prisma type above.
    prisma = new PostgresClient({ adapter }) as unknown as Prisma;
  }
  try {
    if (provider === 'sqlite') {
      await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
      await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
      await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    } else {
      await prisma.$queryRawUnsafe('SELECT 1');
    }
  } catch (err) {
    await prisma.$disconnect().catch(() => undefined);
    throw new StartupError(`Cannot reach the database (${description}): ${reason(err)}`);
  }
  return { prisma, provider, description, url, close: () => prisma.$disconnect() };
}

/** The shortest useful reason of a driver error, on one line. */
export function reason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // Prisma wraps driver errors: "Invalid `prisma.x()` invocation: … Message: `Can't reach …`".
  const wrapped = /Message: `([^`]+)`/.exec(err.message);
  if (wrapped) return wrapped[1]!;
  const lines = err.message.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('Invalid `'));
  const code = (err as { code?: unknown }).code;
  const first = lines[0] ?? err.name;
  return typeof code === 'string' && !first.includes(code) ? `${first} (${code})` : first;
}
