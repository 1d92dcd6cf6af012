import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDb, type Db, type Provider } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { createDatabase, dropDatabase } from './postgres.js';
import { syncContent } from '../../src/db/sync-content.js';
import { shippedContent } from './transcript.js';

/** The databases every database test runs on: SQLite, and PostgreSQL when available. */
export function providers(): Provider[] {
  return inject('postgres') ? ['sqlite', 'postgresql'] : ['sqlite'];
}

export interface TestDatabase {
  url: string;
  provider: Provider;
  /** Opens a connection (several may be open at once, like several processes). */
  open(): Promise<Db>;
  /** Removes the database and everything in it. */
  drop(): Promise<void>;
}

/** An empty database of its own for one test file. */
export async function emptyDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'kentro-test-'));
    const url = `file:${join(dir, 'kentro.db')}`;
    return { url, provider, open: () => openDb(url), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `kentro_test_${randomBytes(6).toString('hex')}`;
  const url = await createDatabase(name);
  return { url, provider, open: () => openDb(url, { poolSize: 5 }), drop: () => dropDatabase(name) };
}

/** An empty database with all migrations applied, opened. */
export async function migratedDatabase(provider: Provider): Promise<{ db: Db; database: TestDatabase; cleanup(): Promise<void> }> {
  const database = await emptyDatabase(provider);
  const db = await database.open();
  await migrate(db);
  return {
    db,
    database,
    cleanup: async () => {
      await db.close();
      await database.drop();
    },
  };
}

/** A migrated database holding the shipped centres (inboxes, directory), opened: what most dialog and domain tests start from. */
export async function contentDatabase(provider: Provider): Promise<{ db: Db; database: TestDatabase; cleanup(): Promise<void> }> {
  const migrated = await migratedDatabase(provider);
  await syncContent(migrated.db.prisma, await shippedContent());
  return migrated;
}
