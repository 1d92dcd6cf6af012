import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prisma as Generated } from '../../generated/sqlite/client.js';
import type { Db } from '../../src/db/client.js';
import { listMigrations, migrate, migrationsDir, pendingMigrations } from '../../src/db/migrate.js';
import { runKentro } from '../support/cli.js';
import { emptyDatabase, providers, type TestDatabase } from '../support/db.js';

async function columnsOf(db: Db, table: string): Promise<string[]> {
  const rows =
    db.provider === 'sqlite'
      ? await db.prisma.$queryRawUnsafe<{ name: string }[]>(`PRAGMA table_info("${table}")`)
      : await db.prisma.$queryRaw<{ name: string }[]>`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table}`;
  return rows.map((r) => r.name).sort();
}

describe.each(providers())('migrations on %s', (provider) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await emptyDatabase(provider);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('two processes migrating an empty database at the same moment apply each migration once', async () => {
    const env = { DATABASE_URL: database.url };
    const [a, b] = await Promise.all([runKentro(['migrate'], env), runKentro(['migrate'], env)]);
    expect([a.code, b.code, a.stderr + b.stderr]).toEqual([0, 0, '']);
    const all = listMigrations(provider).map((m) => m.id);
    // Each migration was applied by exactly one of them (they may take turns between migrations).
    const appliedBy = [a.stdout, b.stdout].flatMap((out) => /Applied (.+) to /.exec(out)?.[1]?.split(', ') ?? []);
    expect(appliedBy.sort()).toEqual([...all].sort());
    const db = await database.open();
    try {
      const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "_kentro_migrations"`);
      expect(rows.map((r) => r.id).sort()).toEqual(all.sort());
      expect(await pendingMigrations(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('creates a table for every model with exactly the columns Prisma expects', async () => {
    const db = await database.open();
    try {
      const fieldEnums = Generated as unknown as Record<string, Record<string, string>>;
      for (const model of Object.values(Generated.ModelName)) {
        const expected = Object.values(fieldEnums[`${model}ScalarFieldEnum`]!).sort();
        expect({ model, columns: await columnsOf(db, model) }).toEqual({ model, columns: expected });
      }
    } finally {
      await db.close();
    }
  });

  it('running again applies nothing', async () => {
    const db = await database.open();
    try {
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('refuses to start when an applied migration file was edited afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kentro-mig-'));
    for (const f of readdirSync(migrationsDir(provider))) {
      writeFileSync(join(dir, f), readFileSync(join(migrationsDir(provider), f), 'utf8') + '\n-- edited\n');
    }
    const db = await database.open();
    try {
      await expect(migrate(db, listMigrations(provider, dir))).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await db.close();
    }
  });
});
