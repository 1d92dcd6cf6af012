import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { loadEnv } from '../config/env.js';
import { StartupError } from '../config/errors.js';
import { openDb, type Db } from '../db/client.js';
import { eraseContact } from './erase.js';
import { exportContact } from './export.js';
import { countsOf, planPurge, purge, type PurgePlan } from './purge.js';
import { retentionFromEnv } from './retention.js';

/**
 * `kentro privacy …`: requests that reach the centre by other routes (a letter, a visit, an
 * email to the data protection officer), and the retention purge by hand. Every export,
 * erasure and purge is written to the audit log.
 */
export function registerPrivacyCommands(program: Command): void {
  const privacy = program.command('privacy').description("a citizen's data: export, erasure, and the retention purge");

  privacy
    .command('export')
    .description('everything stored about a contact, as JSON on stdout (audited)')
    .requiredOption('--contact <id>', 'the contact id')
    .action(async (opts: { contact: string }) => {
      await withDb(async (db) => {
        const data = await exportContact(db, opts.contact, { type: 'cli' });
        if (!data) throw new StartupError(`no contact with id ${opts.contact}`);
        process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      });
    });

  privacy
    .command('erase')
    .description('erases a contact and everything about them; only an audit entry without personal data stays')
    .requiredOption('--contact <id>', 'the contact id')
    .option('--yes', 'do not ask for confirmation')
    .action(async (opts: { contact: string; yes?: boolean }) => {
      await withDb(async (db) => {
        if (!(await db.prisma.contact.findUnique({ where: { id: opts.contact }, select: { id: true } }))) throw new StartupError(`no contact with id ${opts.contact}`);
        if (!opts.yes) {
          if (!process.stdin.isTTY) throw new StartupError('erasure cannot be undone: confirm on a terminal, or pass --yes');
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          const answer = await rl.question(`Erase contact ${opts.contact} and all their data? This cannot be undone. Type "yes": `);
          rl.close();
          if (answer.trim().toLowerCase() !== 'yes') {
            console.error('Nothing was erased.');
            return;
          }
        }
        const result = await eraseContact(db, opts.contact, { type: 'cli' });
        if (!result) throw new StartupError(`no contact with id ${opts.contact}`);
        const counts = Object.entries(result.counts).map(([k, v]) => `${k} ${v}`).join(', ');
        console.log(`Erased contact ${opts.contact}: ${counts}. Audit reference ${result.subject}.`);
      });
    });

  privacy
    .command('purge')
    .description('removes what the retention periods say must go (RETENTION_* settings); --dry-run only lists it')
    .option('--dry-run', 'list what would be removed (counts per kind and ids) and remove nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      const env = cliEnv();
      await withDb(async (db) => {
        const settings = retentionFromEnv(env);
        const plan = opts.dryRun ? await planPurge(db, settings) : await purge(db, settings, { actorType: 'cli' });
        printPlan(plan, opts.dryRun === true);
      });
    });
}

function printPlan(plan: PurgePlan, dryRun: boolean): void {
  const counts = countsOf(plan);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(dryRun ? `Would remove ${total} rows (dry run: nothing was removed):` : `Removed ${total} rows:`);
  for (const [kind, ids] of Object.entries(plan) as [keyof PurgePlan, string[]][]) {
    console.log(`${kind}\t${counts[kind]}${ids.length ? `\t${ids.join(' ')}` : ''}`);
  }
}

function cliEnv() {
  return loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
}

async function withDb(fn: (db: Db) => Promise<void>): Promise<void> {
  const db = await openDb(cliEnv().DATABASE_URL);
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}
