import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StartupError } from '../config/errors.js';
import type { Provider } from '../db/client.js';

/** Which database a backup file is from, by its first bytes (SQLite header, pg_dump's "PGDMP"). */
export function backupKind(file: string): Provider {
  if (!existsSync(file)) throw new StartupError(`no backup at ${file}`);
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgresql';
  throw new StartupError(`${file} is neither a SQLite database nor a pg_dump custom-format archive`);
}

/** A clear line instead of SQLite's "unable to open database file" for a mistyped folder. */
export function outputFolderExists(out: string): void {
  const folder = dirname(resolve(out));
  if (!existsSync(folder)) throw new StartupError(`the folder ${folder} does not exist`);
}
