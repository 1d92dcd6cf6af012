import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/client.js';
import { channelDatabase, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { runKentro } from '../support/cli.js';
import { emptyDatabase, providers, type TestDatabase } from '../support/db.js';
import { DirectLine, TEST_SECRET } from '../support/directline.js';

/** pg_dump and pg_restore are on this machine (the PostgreSQL half needs them). */
function postgresToolsInstalled(): boolean {
  try {
    execFileSync('pg_dump', ['--version']);
    execFileSync('pg_restore', ['--version']);
    return true;
  } catch {
    return false;
  }
}

const TEXT = 'Θέλω να κλείσω ραντεβού για το επίδομα';

/** Whether the database at `url` holds the citizen's message. */
async function holdsMessage(url: string): Promise<boolean> {
  const db = await openDb(url);
  try {
    return (await db.prisma.message.count({ where: { text: TEXT, type: 'incoming' } })) === 1;
  } finally {
    await db.close();
  }
}

const withTools = providers().filter((p) => p === 'sqlite' || postgresToolsInstalled());

describe.each(withTools)('kentro backup and restore on %s, while kentro serves', (provider) => {
  let database: TestDatabase;
  let kentro: ChannelApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kentro-backup-'));
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, { KENTRO_SECRET: TEST_SECRET });
    const directLine = new DirectLine(kentro.url);
    const conversation = await directLine.start();
    expect((await directLine.post(conversation, { text: TEXT })).status).toBe(200);
  });

  afterAll(async () => {
    await kentro?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the live database and restores it elsewhere with the citizen’s message in it', async () => {
    const file = join(dir, provider === 'sqlite' ? 'kentro-backup.db' : 'kentro.dump');
    const backup = await runKentro(['backup', '--out', file], { DATABASE_URL: database.url });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up .* to .*kentro/);
    // It holds citizens' messages: the owner alone may read it.
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const target = provider === 'sqlite' ? null : await emptyDatabase('postgresql');
    const targetUrl = target?.url ?? `file:${join(dir, 'restored', 'kentro.db')}`;
    try {
      const restore = await runKentro(['restore', '--from', file], { DATABASE_URL: targetUrl });
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(/^Restored .* migrations/);
      expect(await holdsMessage(targetUrl)).toBe(true);
      // The service it was taken from kept serving all along.
      expect((await fetch(`${kentro.url}/readyz`)).status).toBe(200);
    } finally {
      await target?.drop();
    }
  });

  it('refuses to restore over the database kentro is using, and leaves it alone', async () => {
    const file = join(dir, provider === 'sqlite' ? 'refused.db' : 'refused.dump');
    expect((await runKentro(['backup', '--out', file], { DATABASE_URL: database.url })).code).toBe(0);
    const restore = await runKentro(['restore', '--from', file], { DATABASE_URL: database.url });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/is kentro running\?.*--force/);
    expect(await holdsMessage(database.url)).toBe(true);
    expect((await fetch(`${kentro.url}/readyz`)).status).toBe(200);
  });

  it('refuses a file that is not a backup, and a backup of the other kind of database', async () => {
    const junk = join(dir, 'notes.txt');
    writeFileSync(junk, 'not a backup');
    const restore = await runKentro(['restore', '--from', junk], { DATABASE_URL: database.url });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain('neither a SQLite database nor a pg_dump custom-format archive');

    if (provider === 'postgresql') {
      const sqliteBackup = join(dir, 'from-sqlite.db');
      const sqlite = await channelDatabase('sqlite');
      try {
        expect((await runKentro(['backup', '--out', sqliteBackup], { DATABASE_URL: sqlite.url })).code).toBe(0);
      } finally {
        await sqlite.drop();
      }
      const mixed = await runKentro(['restore', '--from', sqliteBackup], { DATABASE_URL: database.url });
      expect(mixed.code).toBe(1);
      expect(mixed.stderr).toContain('is a SQLite backup but DATABASE_URL is PostgreSQL');
    }
  });
});

describe('kentro restore of SQLite when nothing runs', () => {
  it('keeps the database it replaces next to it, and names a mistyped backup folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kentro-backup-'));
    const database = await channelDatabase('sqlite');
    try {
      const file = join(dir, 'backup.db');
      expect((await runKentro(['backup', '--out', file], { DATABASE_URL: database.url })).code).toBe(0);
      const restore = await runKentro(['restore', '--from', file], { DATABASE_URL: database.url });
      expect(restore.code).toBe(0);
      expect(restore.stdout).toMatch(/The database it replaced is kept as .*kentro\.db\.before-restore-/);
      const mistyped = await runKentro(['backup', '--out', join(dir, 'no-such-folder', 'b.db')], { DATABASE_URL: database.url });
      expect(mistyped.code).toBe(1);
      expect(mistyped.stderr).toMatch(/^kentro: the folder .*no-such-folder does not exist\n$/);
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('kentro backup of PostgreSQL without the client tools', () => {
  it('says what to install, without the password', async () => {
    const result = await runKentro(['backup', '--out', join(tmpdir(), 'never.dump')], {
      DATABASE_URL: 'postgresql://kentro:s3cret-pw@127.0.0.1:5432/kentro',
      PATH: '/nonexistent',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pg_dump is not installed');
    expect(result.stderr).toContain('postgresql-client');
    expect(result.stderr + result.stdout).not.toContain('s3cret-pw');
  });
});
