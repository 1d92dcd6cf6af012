import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
// Types only: the client of the other provider is never loaded (~13 MB of RSS, see openDb).
import type { PrismaClient as SqliteClient } from '../../generated/sqlite/client.js';
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
  /**
   * SQLite only: the better-sqlite3 connection Prisma's adapter itself uses (undefined before it
   * connects, and on PostgreSQL). The message hot path (src/bot/core/sqlite-turn.ts) runs its few
   * statements on it directly, prepared once, in synchronous transactions; they can never
   * interleave with one of Prisma's, as it checks `inTransaction` first.
   */
  readonly sqlite?: SqliteDatabase | undefined;
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
 * mode with synchronous=FULL: a commit is on disk before it returns, so a message kentro has
 * acknowledged (a web chat post, a Telegram webhook) survives a power cut too, not only a process
 * crash (NORMAL's promise). The fsync this costs (~0.25 ms here) is shared by every turn of a
 * group commit (src/bot/core/sqlite-turn.ts), so throughput under load did not change. A busy
 * timeout makes a second process wait instead of failing.
 */
export async function openDb(url: string, options: { poolSize?: number; onStatement?: (sql: string) => void } = {}): Promise<Db> {
  const provider = providerOf(url);
  const description = describeDatabaseUrl(url);
  let prisma: Prisma;
  let sqlite: SqliteDatabase | undefined;
  if (provider === 'sqlite') {
    let path: string;
    try {
      path = sqlitePath(url);
    } catch (err) {
      throw new StartupError(`Cannot open the database (${description}): ${(err as Error).message}`);
    }
    // Loaded on demand: a process needs one provider's client and adapter, not both.
    const [{ PrismaBetterSqlite3 }, { PrismaClient }] = await Promise.all([import('@prisma/adapter-better-sqlite3'), import('../../generated/sqlite/client.js')]);
    const adapter = new PrismaBetterSqlite3({ url: path, timeout: 10_000 });
    const connect = adapter.connect.bind(adapter);
    adapter.connect = async () => {
      const connection = await connect();
      sqlite = (connection as unknown as { client: SqliteDatabase }).client;
      reusePreparedStatements(sqlite);
      return connection;
    };
    prisma = new PrismaClient({ adapter, ...queryLog(options.onStatement) }) as Prisma;
  } else {
    const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([import('@prisma/adapter-pg'), import('../../generated/postgresql/client.js')]);
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
    // Same data model, other provider: see the Prisma type above.
    prisma = new PostgresClient({ adapter, ...queryLog(options.onStatement) }) as unknown as Prisma;
  }
  if (options.onStatement) {
    const onStatement = options.onStatement;
    (prisma as unknown as { $on(event: 'query', fn: (e: { query: string }) => void): void }).$on('query', (e) => onStatement(e.query));
  }
  try {
    if (provider === 'sqlite') {
      await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
      await prisma.$executeRawUnsafe('PRAGMA synchronous = FULL');
      await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    } else {
      await prisma.$queryRawUnsafe('SELECT 1');
    }
  } catch (err) {
    await prisma.$disconnect().catch(() => undefined);
    throw new StartupError(`Cannot reach the database (${description}): ${reason(err)}`);
  }
  return {
    prisma,
    provider,
    description,
    url,
    get sqlite() {
      return sqlite?.open ? sqlite : undefined;
    },
    close: () => prisma.$disconnect(),
  };
}

/**
 * Prisma's better-sqlite3 adapter prepares every statement anew (`prepare(sql).bind(args)`),
 * which cost about a sixth of a message's CPU. This keeps the prepared statements by SQL text
 * (at most 500) and hands the adapter a light object that binds the arguments per call.
 */
function reusePreparedStatements(database: SqliteDatabase): void {
  const prepare = database.prepare.bind(database);
  ownPrepare.set(database, prepare);
  const cache = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = cache.get(sql);
    if (statement) return statement;
    statement = prepare(sql);
    if (cache.size >= 500) cache.delete(cache.keys().next().value!);
    cache.set(sql, statement);
    return statement;
  };
  (database as { prepare: unknown }).prepare = (sql: string) => new ReusedStatement(prepared(sql), []);
}

const ownPrepare = new WeakMap<SqliteDatabase, (sql: string) => Statement>();

/**
 * A real better-sqlite3 statement on Db.sqlite (its `prepare` hands out the adapter's light
 * wrappers). Integers come back as numbers, whatever the adapter set as the connection default
 * (it reads them as BigInt).
 */
export function prepareOnConnection(database: SqliteDatabase, sql: string): Statement {
  const statement = (ownPrepare.get(database) ?? database.prepare.bind(database))(sql);
  return statement.reader ? statement.safeIntegers(false) : statement;
}

/** What the adapter calls on a statement: reader, bind(args), run(), columns(), raw().all(). */
class ReusedStatement {
  constructor(
    private readonly statement: Statement,
    private readonly args: unknown[],
  ) {}
  get reader(): boolean {
    return this.statement.reader;
  }
  get source(): string {
    return this.statement.source;
  }
  bind(args: unknown[] = []): ReusedStatement {
    return new ReusedStatement(this.statement, args);
  }
  run(...args: unknown[]) {
    return this.statement.run(...(args.length ? args : this.args));
  }
  get(...args: unknown[]): unknown {
    return this.statement.raw(false).get(...(args.length ? args : this.args));
  }
  all(...args: unknown[]): unknown[] {
    return this.statement.raw(false).all(...(args.length ? args : this.args));
  }
  columns() {
    return this.statement.columns();
  }
  raw(toggle = true) {
    const statement = this.statement.raw(toggle);
    return { all: (...args: unknown[]) => statement.all(...(args.length ? args : this.args)), get: (...args: unknown[]) => statement.get(...(args.length ? args : this.args)) };
  }
}

/** Statement counting (bench/statements.ts): Prisma emits every SQL statement as a query event. */
function queryLog(onStatement: ((sql: string) => void) | undefined): { log?: [{ emit: 'event'; level: 'query' }] } {
  return onStatement ? { log: [{ emit: 'event', level: 'query' }] } : {};
}

/** The shortest useful reason of a driver error, on one line. */
/** Prisma's own codes for a database it cannot reach, a closed connection or an exhausted pool. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** The driver adapters' kinds for the same. */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'SQLITE_BUSY']);

/**
 * The database is down, restarting or refusing connections: a temporary condition the caller
 * may retry (503), not a fault in the request or the program (500). PostgreSQL says so with
 * SQLSTATE class 08 (connection), 57P (shutdown, starting up), 53300 (too many connections) or
 * 55000 "not currently accepting connections"; Prisma wraps those in its own errors.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: unknown } }; cause?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(e.code) || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
  const cause = (e.meta?.driverAdapterError?.cause ?? e.cause) as { kind?: unknown; code?: unknown; message?: unknown } | undefined;
  if (!cause || typeof cause !== 'object') return false;
  if (typeof cause.kind === 'string' && UNAVAILABLE_KINDS.has(cause.kind)) return true;
  const code = typeof cause.code === 'string' ? cause.code : '';
  if (code.startsWith('08') || code.startsWith('57P') || code === '53300' || UNAVAILABLE_NODE_CODES.has(code)) return true;
  return code === '55000' && /not currently accepting connections/.test(String(cause.message));
}

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
