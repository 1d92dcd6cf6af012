/**
 * SQL statements per message (npx tsx bench/statements.ts): the whole app in this process on a
 * scratch SQLite database, Direct Line requests through fastify's inject (no sockets), every
 * statement Prisma sends counted. Prints statements per conversation start and per message,
 * and the statements of one message turn.
 *
 *   npx tsx bench/statements.ts [--conversations 20] [--messages 10]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv } from '../src/config/env.js';
import { defaultContentDir, loadContent } from '../src/content/load.js';
import { openDb } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { syncContent } from '../src/db/sync-content.js';
import { buildApp } from '../src/server/app.js';
import { statementTap } from '../src/bot/core/sqlite-turn.js';

const { values: args } = parseArgs({ options: { conversations: { type: 'string', default: '20' }, messages: { type: 'string', default: '10' } } });
const N = Number(args.conversations);
const M = Number(args.messages);

let statements: string[] = [];
const url = `file:${join(mkdtempSync(join(tmpdir(), 'kentro-statements-')), 'kentro.db')}`;
const db = await openDb(url, { onStatement: (sql) => statements.push(sql) });
// The message hot path's own prepared statements (SQLite), counted alike and marked.
statementTap.onStatement = (sql) => statements.push(`[direct] ${sql}`);
await migrate(db);
const content = await loadContent(defaultContentDir());
await syncContent(db.prisma, content);
const env = loadEnv({ DATABASE_URL: url, LOG_LEVEL: 'silent', WEBCHAT_RATE_MESSAGES: '1000000', WEBCHAT_RATE_STARTS: '1000000', KENTRO_SECRET: randomBytes(32).toString('hex') }, '/nonexistent/.env');
const app = await buildApp({ env, db, content });
await app.ready();

statements = [];
const conversations: { id: string; token: string }[] = [];
for (let i = 0; i < N; i++) {
  const res = await app.inject({ method: 'POST', url: '/v3/directline/conversations', payload: { user: { id: `s-${i}` }, centre: 'thira', locale: 'en' } });
  const body = res.json<{ conversationId: string; token: string }>();
  conversations.push({ id: body.conversationId, token: body.token });
}
const perStart = statements.length / N;

let sample: string[] = [];
const send = (c: { id: string; token: string }, k: number) =>
  app.inject({
    method: 'POST',
    url: `/v3/directline/conversations/${c.id}/activities`,
    headers: { authorization: `Bearer ${c.token}` },
    payload: { type: 'message', from: { id: 'bench' }, text: k % 2 === 0 ? '3' : 'menu', channelData: { clientActivityID: `${c.id}-${k}` } },
  });
// One message at a time: every statement of a turn, nothing shared.
statements = [];
for (let k = 0; k < M; k++) {
  for (const c of conversations) {
    const before = statements.length;
    const res = await send(c, k);
    if (res.statusCode >= 300) throw new Error(`post: ${res.statusCode} ${res.body}`);
    if (k === M - 1 && sample.length === 0) sample = statements.slice(before);
  }
}
const perMessageAlone = statements.length / (N * M);
// All conversations at once, as under load: turns committed together share BEGIN/COMMIT.
statements = [];
for (let k = M; k < 2 * M; k++) {
  const results = await Promise.all(conversations.map((c) => send(c, k)));
  for (const res of results) if (res.statusCode >= 300) throw new Error(`post: ${res.statusCode} ${res.body}`);
}
const perMessageConcurrent = statements.length / (N * M);
await app.close();
await db.close();

console.log(`statements per conversation start:                 ${perStart.toFixed(1)}`);
console.log(`statements per message, one at a time:              ${perMessageAlone.toFixed(1)}`);
console.log(`statements per message, ${N} conversations at once: ${perMessageConcurrent.toFixed(1)}`);
console.log('\none message turn:');
for (const s of sample) console.log(`  ${s.length > 160 ? s.slice(0, 160) + '…' : s}`);
