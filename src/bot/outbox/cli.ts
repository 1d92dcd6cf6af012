import type { Command } from 'commander';
import { loadEnv } from '../../config/env.js';
import { StartupError } from '../../config/errors.js';
import { openDb } from '../../db/client.js';
import { listOutbox } from './list.js';
import { requeueDead } from './status.js';

/** `kentro outbox …`: what is waiting or dead, and sending dead messages again. */
export function registerOutboxCommands(program: Command): void {
  const outbox = program.command('outbox').description('messages waiting to go out to Telegram and Viber, and dead ones');

  outbox
    .command('list')
    .description('messages waiting or dead (oldest first); no message text is shown')
    .option('--dead', 'only dead messages (given up after every attempt, or refused by the channel)')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (opts: { dead?: boolean; limit: string }) => {
      await withDb(async (prisma) => {
        const rows = await listOutbox(prisma, { ...(opts.dead ? { status: 'dead' as const } : {}), limit: Number(opts.limit) || 100 });
        if (rows.length === 0) return console.log(opts.dead ? 'No dead messages.' : 'The outbox is empty.');
        for (const r of rows) {
          const when = r.status === 'pending' ? `next ${r.nextAttemptAt.toISOString()}` : `since ${r.createdAt.toISOString()}`;
          console.log([r.id, r.channel, r.status, `attempts ${r.attempts}`, when, `conversation ${r.conversationId}`, r.lastError ?? ''].join('\t').trimEnd());
        }
      });
    });

  outbox
    .command('retry')
    .description('send dead messages again (a running kentro picks them up within a second)')
    .argument('[id]', 'the outbox id from `kentro outbox list --dead`')
    .option('--all-dead', 'every dead message')
    .action(async (id: string | undefined, opts: { allDead?: boolean }) => {
      if (!id && !opts.allDead) throw new StartupError('give an outbox id, or --all-dead');
      await withDb(async (prisma) => {
        const count = await requeueDead(prisma, opts.allDead ? { all: true } : { ids: [id!] });
        if (count === 0 && id) throw new StartupError(`no dead message with id ${id}`);
        console.log(`${count} message${count === 1 ? '' : 's'} queued again`);
      });
    });
}

async function withDb(fn: (prisma: Awaited<ReturnType<typeof openDb>>['prisma']) => Promise<void>): Promise<void> {
  const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const db = await openDb(env.DATABASE_URL);
  try {
    await fn(db.prisma);
  } finally {
    await db.close();
  }
}
