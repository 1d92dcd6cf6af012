import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, Prisma, Provider } from './client.js';
import { projectPath } from '../config/paths.js';
import { StartupError } from '../config/errors.js';

export interface Migration {
  id: string;
  checksum: string;
  statements: string[];
}

/** Any fixed number: the key of the PostgreSQL advisory lock that serialises migrators. */
const MIGRATION_LOCK_KEY = 7_336_001;

export function migrationsDir(provider: Provider): string {
  return projectPath('prisma', 'migrations', provider);
}

/** Splits a migration file into statements (our DDL has no `;` inside statements). */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function listMigrations(provider: Provider, dir = migrationsDir(provider)): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return {
        id: file.replace(/\.sql$/, ''),
        checksum: createHash('sha256').update(sql).digest('hex'),
        statements: splitStatements(sql),
      };
    });
}

const createTable = `CREATE TABLE IF NOT EXISTS "_kentro_migrations" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "checksum" TEXT NOT NULL,
  "appliedAt" TEXT NOT NULL
)`;

type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];

/**
 * Takes the migration lock inside a transaction. PostgreSQL: an advisory lock, so two
 * processes starting at once apply each migration once. SQLite: a first write statement,
 * which takes the database's write lock (waiting up to the busy timeout) before anything is read.
 */
async function lock(tx: Tx, provider: Provider): Promise<void> {
  if (provider === 'postgresql') {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.$executeRawUnsafe(createTable);
  } else {
    await tx.$executeRawUnsafe(`DELETE FROM "_kentro_migrations" WHERE 0`);
  }
}

/**
 * Applies pending migrations, each in its own transaction with its bookkeeping row.
 * Returns the ids applied now. A migration changed after it was applied stops start-up.
 */
export async function migrate(db: Db, migrations = listMigrations(db.provider)): Promise<string[]> {
  const { prisma, provider } = db;
  if (provider === 'sqlite') await prisma.$executeRawUnsafe(createTable);
  const applied: string[] = [];
  for (const m of migrations) {
    const didApply = await prisma.$transaction(
      async (tx) => {
        await lock(tx, provider);
        const rows = await tx.$queryRaw<{ checksum: string }[]>`SELECT "checksum" FROM "_kentro_migrations" WHERE "id" = ${m.id}`;
        if (rows[0]) {
          if (rows[0].checksum !== m.checksum) {
            throw new StartupError(`Migration ${m.id} was changed after it was applied; restore the original file and add a new migration instead`);
          }
          return false;
        }
        for (const statement of m.statements) await tx.$executeRawUnsafe(statement);
        const now = new Date().toISOString();
        await tx.$executeRaw`INSERT INTO "_kentro_migrations" ("id", "checksum", "appliedAt") VALUES (${m.id}, ${m.checksum}, ${now})`;
        return true;
      },
      { timeout: 120_000, maxWait: 120_000 },
    );
    if (didApply) applied.push(m.id);
  }
  return applied;
}

/** Ids of migrations in prisma/ that the database has not applied yet. */
export async function pendingMigrations(db: Db, migrations = listMigrations(db.provider)): Promise<string[]> {
  let done: Set<string>;
  try {
    const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "_kentro_migrations"`);
    done = new Set(rows.map((r) => r.id));
  } catch (err) {
    // No table yet means nothing was applied; a database that does not answer at all is not
    // "every migration pending" (readyz would name the wrong cause during an outage).
    await db.prisma.$queryRawUnsafe('SELECT 1').catch(() => {
      throw err;
    });
    done = new Set();
  }
  return migrations.map((m) => m.id).filter((id) => !done.has(id));
}
