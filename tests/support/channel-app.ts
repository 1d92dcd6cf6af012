import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadEnv, type Env } from '../../src/config/env.js';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import type { Db, Provider } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { syncContent } from '../../src/db/sync-content.js';
import type { OutboxOptions } from '../../src/bot/outbox/worker.js';
import { buildApp } from '../../src/server/app.js';
import { emptyDatabase, type TestDatabase } from './db.js';

/** Outbox timings for tests: retries within milliseconds instead of seconds. */
export const FAST_OUTBOX: OutboxOptions = { pollMs: 50, leaseMs: 3_000, maxAttempts: 100, backoff: { baseMs: 20, capMs: 200 } };

/** A migrated database with the demo centres, for apps that come and go (restarts). */
export async function channelDatabase(provider: Provider): Promise<TestDatabase> {
  const database = await emptyDatabase(provider);
  const db = await database.open();
  try {
    await migrate(db);
    await syncContent(db.prisma, await loadContent(defaultContentDir()));
  } finally {
    await db.close();
  }
  return database;
}

export interface ChannelApp {
  app: FastifyInstance;
  db: Db;
  url: string;
  /** Stops the app as SIGTERM would (sends in flight finish) and closes its connection. */
  close(): Promise<void>;
}

/**
 * The whole app (buildApp) on its own connection to `database`, listening on 127.0.0.1. The NLU
 * background retrain is off unless `env` turns it on (NLU_RETRAIN: tests/improve).
 */
export async function startChannelApp(
  database: TestDatabase,
  env: Record<string, string>,
  outbox: OutboxOptions = FAST_OUTBOX,
  /** Registers more on the app before it listens (a channel set up the way a test needs it). */
  extend?: (app: FastifyInstance, env: Env) => Promise<unknown>,
): Promise<ChannelApp> {
  const db = await database.open();
  const parsedEnv = loadEnv({ LOG_LEVEL: 'silent', NLU_RETRAIN: 'off', ...env }, '/nonexistent/.env');
  const app = await buildApp({ env: parsedEnv, db, content: await loadContent(defaultContentDir()), outbox });
  if (extend) await extend(app, parsedEnv);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    db,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/**
 * An outgoing message queued for a conversation as a staff reply or a reminder will be: the
 * message and its outbox row in one transaction, after the conversation's last message.
 */
export async function queueReply(db: Db, conversationId: string, text: string, buttons: { title: string; value: string }[] = []): Promise<string> {
  const id = randomUUID();
  await db.prisma.$transaction(async (tx) => {
    const c = await tx.conversation.update({ where: { id: conversationId }, data: { lastSeq: { increment: 1 } }, select: { lastSeq: true, inboxId: true } });
    await tx.message.create({
      data: { id, conversationId, inboxId: c.inboxId, seq: c.lastSeq, type: 'outgoing', senderType: 'staff', text, payload: buttons.length ? JSON.stringify({ buttons }) : null, deliveryStatus: 'pending' },
    });
    await tx.outboxMessage.create({ data: { messageId: id, conversationId, inboxId: c.inboxId, nextAttemptAt: new Date() } });
  });
  return id;
}

/** The conversation of a channel identity. */
export async function conversationOf(db: Db, inboxId: string, sourceId: string): Promise<string> {
  const c = await db.prisma.conversation.findFirstOrThrow({ where: { inboxId, contactInbox: { sourceId } }, orderBy: { createdAt: 'desc' }, select: { id: true } });
  return c.id;
}

/** Waits until `check` is true (polling the database, say). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000, what = 'a condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
