import type { Command } from 'commander';
import { loadEnv } from '../config/env.js';
import { describeDatabaseUrl } from '../config/redact.js';
import { StartupError } from '../config/errors.js';
import { providerOf } from '../db/client.js';
import { backupKind } from './kind.js';
import { backupPostgres, restorePostgres } from './postgres.js';
import { backupSqlite, restoreSqlite, sqliteFile } from './sqlite.js';

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

/**
 * `kentro backup --out FILE` and `kentro restore --from FILE`, for the database DATABASE_URL
 * names: SQLite through its online backup API, PostgreSQL through pg_dump / pg_restore.
 */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('back up DATABASE_URL to a file while kentro runs (SQLite: online backup API; PostgreSQL: pg_dump custom format)')
    .requiredOption('--out <file>', 'the backup file to write (replaced if it exists, only once the new backup is complete)')
    .action(async (opts: { out: string }) => {
      const url = loadEnv().DATABASE_URL;
      const where = describeDatabaseUrl(url);
      if (providerOf(url) === 'sqlite') {
        const done = await backupSqlite(sqliteFile(url), opts.out);
        console.log(`Backed up ${where} to ${opts.out} (${size(done.bytes)}, ${done.migrations} migrations, integrity checked)`);
      } else {
        const done = await backupPostgres(url, opts.out);
        console.log(`Backed up ${where} to ${opts.out} (${size(done.bytes)}, ${done.entries} archive entries, pg_dump custom format)`);
      }
    });

  program
    .command('restore')
    .description('replace the DATABASE_URL database with a backup (stop kentro first); migrations newer than the backup run at the next start')
    .requiredOption('--from <file>', 'a file written by kentro backup')
    .option('--force', 'restore even though the database is in use (restart kentro right after)')
    .action(async (opts: { from: string; force?: boolean }) => {
      const url = loadEnv().DATABASE_URL;
      const where = describeDatabaseUrl(url);
      const provider = providerOf(url);
      const kind = backupKind(opts.from);
      if (kind !== provider) {
        throw new StartupError(`${opts.from} is a ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} backup but DATABASE_URL is ${provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: restore it into the same kind of database`);
      }
      if (provider === 'sqlite') {
        const done = await restoreSqlite(opts.from, sqliteFile(url), { force: opts.force === true });
        console.log(`Restored ${opts.from} to ${where} (${size(done.bytes)}, ${done.migrations} migrations, integrity checked)`);
        if (done.previous) console.log(`The database it replaced is kept as ${done.previous}`);
        if (done.forced) console.log('kentro had the old database open: restart it now');
      } else {
        const done = await restorePostgres(url, opts.from, { force: opts.force === true });
        console.log(`Restored ${opts.from} to ${where} (${done.entries} archive entries, ${done.migrations} migrations)`);
        if (done.forced) console.log('Other sessions had the database open: restart kentro now');
      }
    });
}
