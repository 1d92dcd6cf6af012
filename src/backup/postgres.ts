import { spawn } from 'node:child_process';
import { chmodSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { StartupError } from '../config/errors.js';
import { outputFolderExists } from './kind.js';

/** Query parameters libpq understands; others (Prisma's, pg's) would make pg_dump refuse the URL. */
const LIBPQ_PARAMS = new Set([
  'host', 'hostaddr', 'port', 'dbname', 'user', 'passfile', 'channel_binding', 'connect_timeout', 'options', 'application_name',
  'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'sslmode', 'sslcert', 'sslkey',
  'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'gssencmode', 'target_session_attrs', 'service',
]);

/**
 * How pg_dump and pg_restore reach DATABASE_URL: the URL without its password (so it is never on
 * a command line that `ps` shows) and the password in PGPASSWORD.
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StartupError('DATABASE_URL is not a valid postgresql:// URL');
  }
  const password = decodeURIComponent(u.password);
  u.password = '';
  for (const key of [...u.searchParams.keys()]) if (!LIBPQ_PARAMS.has(key)) u.searchParams.delete(key);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: u.toString(), env };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const INSTALL_HINT = 'install the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client), of the server’s major version or newer';

/** Runs a PostgreSQL client tool; a missing tool is an operator error with what to install. */
function run(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new StartupError(`${tool} is not installed (or not on PATH): ${INSTALL_HINT}`) : err);
    });
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** The tool's own complaint, shortened to what an operator needs (it never holds the password). */
function complaint(tool: string, result: Run): string {
  const lines = result.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const text = lines.slice(0, 3).join(' / ') || `exit code ${String(result.code)}`;
  const hint = /version mismatch/i.test(result.stderr) ? ` (${INSTALL_HINT})` : '';
  return `${tool} failed: ${text}${hint}`;
}

/** Lists an archive's contents: proves it is a complete pg_dump custom-format archive. */
async function listArchive(file: string): Promise<number> {
  const result = await run('pg_restore', ['--list', file], process.env);
  if (result.code !== 0) throw new StartupError(`${file} is not a readable pg_dump archive: ${complaint('pg_restore', result)}`);
  return result.stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith(';')).length;
}

export interface PostgresBackup {
  bytes: number;
  /** Entries in the archive's table of contents. */
  entries: number;
}

/**
 * pg_dump in custom format (compressed, restorable table by table, consistent while kentro
 * runs), written next to `out` and renamed into place once pg_restore can read it back.
 */
export async function backupPostgres(url: string, out: string): Promise<PostgresBackup> {
  const { dbname, env } = libpqConnection(url);
  outputFolderExists(out);
  const target = resolve(out);
  const temp = `${target}.partial-${process.pid}`;
  try {
    const result = await run('pg_dump', ['--format=custom', '--no-owner', `--file=${temp}`, `--dbname=${dbname}`], env);
    if (result.code !== 0) throw new StartupError(complaint('pg_dump', result));
    const entries = await listArchive(temp);
    // Citizens' messages: readable by the owner only, whatever the umask.
    chmodSync(temp, 0o600);
    renameSync(temp, target);
    return { bytes: statSync(target).size, entries };
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Other sessions on the database (a running kentro holds its pool open). */
async function otherSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    return Number(rows[0]?.n ?? 0);
  } catch (err) {
    throw new StartupError(`cannot reach the database: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface PostgresRestore {
  entries: number;
  /** Migrations recorded in the restored database. */
  migrations: number;
  forced: boolean;
}

/**
 * pg_restore --clean into the DATABASE_URL database (it must exist: createdb first for a new
 * one), in one transaction, so a failed restore changes nothing. Refuses while other sessions
 * use the database, unless `force`.
 */
export async function restorePostgres(url: string, from: string, opts: { force?: boolean } = {}): Promise<PostgresRestore> {
  const file = resolve(from);
  const entries = await listArchive(file);
  const sessions = await otherSessions(url);
  if (sessions > 0 && !opts.force) {
    throw new StartupError(`the database has ${sessions} other session(s) (is kentro running?): stop kentro first, or pass --force and restart it right after`);
  }
  const { dbname, env } = libpqConnection(url);
  const result = await run(
    'pg_restore',
    ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file],
    env,
  );
  if (result.code !== 0) throw new StartupError(complaint('pg_restore', result));
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT COUNT(*) AS n FROM "_kentro_migrations"');
    return { entries, migrations: Number(rows[0]?.n ?? 0), forced: sessions > 0 };
  } finally {
    await client.end().catch(() => undefined);
  }
}
