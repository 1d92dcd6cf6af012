import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultContentDir } from '../../src/content/load.js';
import { openDb } from '../../src/db/client.js';
import { listMigrations } from '../../src/db/migrate.js';
import { runKentro, startKentro } from '../support/cli.js';
import { emptyDatabase } from '../support/db.js';
import { inject } from 'vitest';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kentro-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('kentro serve, as a newcomer runs it', () => {
  it('starts with no configuration, creates data/kentro.db with the five centres, and keeps data across a restart', { timeout: 120_000 }, async () => {
    const cwd = tempDir();
    const first = await startKentro({}, cwd);
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(existsSync(join(cwd, 'data', 'kentro.db'))).toBe(true);

    const created = await runKentro(['staff', 'create', '--email', 'maria@thira.gr', '--name', 'Μαρία', '--role', 'worker', '--centre', 'thira'], {}, 'a long enough password\n', cwd);
    expect(created.code).toBe(0);

    const second = await startKentro({}, cwd);
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    expect(await second.stop('SIGINT')).toBe(0);

    const db = await openDb(`file:${join(cwd, 'data', 'kentro.db')}`);
    try {
      expect((await db.prisma.centre.findMany({ orderBy: { id: 'asc' } })).map((c) => c.id)).toEqual(['nikaia-rentis', 'samos', 'souli', 'syros-ermoupoli', 'thira']);
      const staff = await db.prisma.staff.findUniqueOrThrow({ where: { email: 'maria@thira.gr' } });
      expect(staff.passwordHash).toMatch(/^\$2[aby]\$12\$/);
      expect(staff.passwordHash).not.toContain('a long enough password');
    } finally {
      await db.close();
    }
  });
});

describe('kentro refuses to start with one clear line and exit code 1', () => {
  it('on bad content, naming file, path and reason', async () => {
    const contentDir = tempDir();
    cpSync(defaultContentDir(), contentDir, { recursive: true });
    const file = join(contentDir, 'centres', 'souli.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/open: "0?8:00"/, 'open: "8 o\'clock"'));
    const result = await runKentro(['serve'], { CONTENT_DIR: contentDir, DATABASE_URL: `file:${join(tempDir(), 'k.db')}` });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^kentro: \S*centres\/souli\.yaml: openingHours\.\w+\[0\]\.open: .+$/);
    const validate = await runKentro(['content', 'validate', '--dir', contentDir], {});
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('souli.yaml');
  });

  it('on a bad environment variable', async () => {
    const result = await runKentro(['serve'], { PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('kentro: Invalid environment variable PORT: Invalid input: expected number, received NaN');
  });

  it('on an unreachable database, without printing its password', async () => {
    const result = await runKentro(['serve'], { DATABASE_URL: 'postgresql://kentro:s3cret@127.0.0.1:1/kentro' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('Cannot reach the database (PostgreSQL 127.0.0.1:1/kentro)');
    expect(result.stderr).not.toContain('s3cret');
  });
});

describe('kentro staff create', () => {
  it('rejects a short password, an unknown centre and a bad role, creating nothing', async () => {
    const env = { DATABASE_URL: `file:${join(tempDir(), 'k.db')}` };
    const args = ['staff', 'create', '--email', 'nikos@example.gr', '--name', 'Νίκος', '--role', 'admin'];
    const short = await runKentro([...args, '--centre', 'samos'], env, 'short\n');
    expect([short.code, short.stderr.trim()]).toEqual([1, 'kentro: the password must have at least 10 characters']);
    const unknown = await runKentro([...args, '--centre', 'atlantis'], env, 'long enough password\n');
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'kentro: Unknown centre "atlantis"']);
    const role = await runKentro(['staff', 'create', '--email', 'a@b.gr', '--name', 'A', '--role', 'boss', '--centre', 'samos'], env, 'long enough password\n');
    expect(role.code).toBe(1);
    expect(role.stderr).toContain("Allowed choices are admin, worker");
  });
});

describe.runIf(inject('postgres'))('kentro serve on PostgreSQL', () => {
  it('two processes started at the same moment on an empty database both come up and migrate once', { timeout: 120_000 }, async () => {
    const database = await emptyDatabase('postgresql');
    try {
      const env = { DATABASE_URL: database.url };
      const [a, b] = await Promise.all([startKentro(env), startKentro(env)]);
      const [ra, rb] = await Promise.all([fetch(`${a.url}/readyz`), fetch(`${b.url}/readyz`)]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
      const db = await database.open();
      try {
        const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "_kentro_migrations"`);
        expect(rows.map((r) => r.id)).toEqual(listMigrations('postgresql').map((m) => m.id));
        expect(await db.prisma.centre.count()).toBe(5);
      } finally {
        await db.close();
      }
    } finally {
      await database.drop();
    }
  });
});
