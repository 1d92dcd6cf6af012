import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StartupError } from '../config/errors.js';
import { outputFolderExists } from './kind.js';

/** The file of a `file:…` DATABASE_URL, resolved against the working directory (as openDb does). */
export function sqliteFile(url: string): string {
  const path = url.slice('file:'.length);
  if (path === '' || path === ':memory:') throw new StartupError(`DATABASE_URL ${url} is not a file: there is nothing to back up or restore`);
  return resolve(path);
}

/**
 * After the first step, copy the rest in one: SQLite restarts a step-wise backup whenever
 * another process writes in between, which on a busy database could go on for ever. One
 * step holds a read lock only, and readers never block writers in WAL mode.
 */
const ALL_AT_ONCE = () => 2 ** 30;

export interface CheckedDatabase {
  /** Migrations recorded in `_kentro_migrations`. */
  migrations: number;
  bytes: number;
}

/**
 * Backs up a SQLite database with SQLite's online backup API: a consistent copy (WAL content
 * included) while kentro keeps serving. Written next to `out` and renamed into place once it
 * is checked, so a crash never leaves a half backup under the final name. The copy is switched
 * to a rollback journal: one self-contained file.
 */
export async function backupSqlite(path: string, out: string): Promise<CheckedDatabase> {
  if (!existsSync(path)) throw new StartupError(`no database at ${path}`);
  if (resolve(out) === path) throw new StartupError('--out must not be the database itself');
  outputFolderExists(out);
  const temp = `${resolve(out)}.partial-${process.pid}`;
  const source = new Database(path, { fileMustExist: true, timeout: 10_000 });
  try {
    await source.backup(temp, { progress: ALL_AT_ONCE });
  } catch (err) {
    rmSync(temp, { force: true });
    throw new StartupError(`backup of ${path} failed: ${(err as Error).message}`);
  } finally {
    source.close();
  }
  try {
    const copy = new Database(temp, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    const checked = checkSqlite(temp);
    // Citizens' messages: readable by the owner only, whatever the umask.
    chmodSync(temp, 0o600);
    renameSync(temp, resolve(out));
    return checked;
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Opens a file read-only and checks it is an intact kentro database. */
export function checkSqlite(file: string): CheckedDatabase {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StartupError(`${file} cannot be opened as a SQLite database: ${(err as Error).message}`);
  }
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new StartupError(`${file} is damaged (integrity_check: ${String(result)})`);
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_kentro_migrations'").get();
    if (!table) throw new StartupError(`${file} is a SQLite database but not kentro's (no _kentro_migrations table)`);
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM _kentro_migrations').get() as { n: number };
    return { migrations: n, bytes: statSync(file).size };
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError(`${file} cannot be read as a SQLite database: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Whether another connection (a running kentro) has the database open. A connection that has
 * read a WAL database holds a shared lock, so an exclusive lock cannot be had at once.
 */
export function sqliteInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const probe = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
    return false;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return true;
    throw new StartupError(`cannot check whether ${path} is in use: ${(err as Error).message}`);
  } finally {
    probe.close();
  }
}

export interface SqliteRestore extends CheckedDatabase {
  /** Where the database that was replaced was moved (with its -wal and -shm), if there was one. */
  previous: string | null;
  /** The database was in use and --force replaced it anyway. */
  forced: boolean;
}

/**
 * Restores a backup to `path`: checks it, copies it next to the target, moves the current
 * database (and its -wal/-shm, which belong to it) aside, and renames the copy into place.
 * Refuses while kentro has the database open, unless `force`.
 */
export async function restoreSqlite(from: string, path: string, opts: { force?: boolean; now?: Date } = {}): Promise<SqliteRestore> {
  const source = resolve(from);
  if (!existsSync(source)) throw new StartupError(`no backup at ${source}`);
  if (source === path) throw new StartupError('--from is the database itself: nothing to restore');
  const checked = checkSqlite(source);
  const inUse = sqliteInUse(path);
  if (inUse && !opts.force) {
    throw new StartupError(`${path} is in use (is kentro running?): stop kentro first, or pass --force and restart it right after`);
  }
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.restoring-${process.pid}`;
  const reader = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await reader.backup(temp, { progress: ALL_AT_ONCE });
  } catch (err) {
    rmSync(temp, { force: true });
    throw new StartupError(`copying ${source} failed: ${(err as Error).message}`);
  } finally {
    reader.close();
  }
  let previous: string | null = null;
  if (existsSync(path)) {
    const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    previous = `${path}.before-restore-${stamp}`;
    renameSync(path, previous);
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, previous + suffix);
  }
  renameSync(temp, path);
  return { ...checked, bytes: statSync(path).size, previous, forced: inUse };
}
