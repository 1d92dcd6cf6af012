/**
 * Pipeline benchmark (npm run bench): the whole path through Direct Line — POST an activity,
 * the bot's reply arrives on the conversation's WebSocket — against the floor (a bare fastify
 * route inserting one row into SQLite), same client, same concurrency, same run.
 * Method: ../shared/BENCHMARKS.md — closed loop for throughput, open loop for latency.
 *
 *   npm run bench -- [--conversations 100] [--seconds 5] [--rate 300] [--repeat 3]
 *                    [--db sqlite|postgres] [--replicas 1|2] [--entry bin/kentro.js]
 *                    [--profile DIR] [--skip-floor]
 *
 * With --db postgres it creates a scratch database on BENCH_POSTGRES_URL's server (default
 * postgresql://postgres@127.0.0.1:5432/postgres), starts --replicas kentro processes on it and
 * spreads the conversations over them (each conversation stays on one replica, as behind a load
 * balancer with sticky WebSockets), and drops the database at the end. It also reports messages
 * per CPU-second of the kentro processes (closed loop), the figure that carries to bigger machines.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import { closedLoop, floorRun, fmt, openLoop } from './lib/loops.js';
import { buildForStart, NPM_START_ENTRY, startServer, type Server } from './lib/process.js';
import { postJson } from './lib/http.js';

const { values: args } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '300' },
    repeat: { type: 'string', default: '3' },
    db: { type: 'string', default: 'sqlite' },
    replicas: { type: 'string', default: '1' },
    // Writes a V8 CPU profile of each kentro process into this folder (node --cpu-prof).
    profile: { type: 'string' },
    // The kentro entry point to start: by default what `npm start` runs (the compiled CLI in
    // dist/, built first); bin/kentro.js runs the TypeScript through tsx (~60–100 MB more RSS).
    entry: { type: 'string', default: NPM_START_ENTRY },
    // Skips the floor (profiling runs only: a figure without its floor means little).
    'skip-floor': { type: 'boolean', default: false },
  },
});
const N = Number(args.conversations);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const REPEAT = Number(args.repeat);
const REPLICAS = Number(args.replicas);
if (args.db !== 'sqlite' && args.db !== 'postgres') throw new Error('--db is sqlite or postgres');
if (!Number.isInteger(REPLICAS) || REPLICAS < 1) throw new Error('--replicas is a whole number from 1');
if (args.db === 'sqlite' && REPLICAS > 1) throw new Error('SQLite is one process: --replicas > 1 needs --db postgres');
const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}


interface Conversation {
  /** The replica this conversation talks to. */
  base: string;
  id: string;
  token: string;
  ws: WebSocket;
  /** Resolvers waiting for the next bot message. */
  waiters: ((at: number) => void)[];
  next: 'menu' | '3';
  sent: number;
}

async function openConversation(base: string, i: number): Promise<Conversation> {
  const res = await postJson(`${base}/v3/directline/conversations`, { user: { id: `bench-${i}-${Date.now()}` }, centre: 'thira', locale: 'en' });
  if (res.status !== 201) throw new Error(`start conversation: ${res.status} ${res.body}`);
  const body = JSON.parse(res.body) as { conversationId: string; token: string; streamUrl: string };
  const ws = new WebSocket(body.streamUrl, { headers: { authorization: `Bearer ${body.token}` } });
  const conversation: Conversation = { base, id: body.conversationId, token: body.token, ws, waiters: [], next: '3', sent: 0 };
  let botMessages = 0;
  const welcomed = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const text = data.toString();
      if (!text) return; // keep-alive frame
      const frame = JSON.parse(text) as { activities?: { type: string; from?: { role?: string } }[] };
      for (const a of frame.activities ?? []) {
        if (a.type !== 'message' || a.from?.role !== 'bot') continue;
        botMessages++;
        if (botMessages === 2) resolve(); // disclosure + menu
        else if (botMessages > 2) conversation.waiters.shift()?.(performance.now());
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await welcomed;
  return conversation;
}

/** Posts the next message ('3' opens a submenu, 'menu' goes back: one bot reply each). */
function post(c: Conversation): Promise<number> {
  const base = c.base;
  const reply = new Promise<number>((resolve) => c.waiters.push(resolve));
  const text = c.next;
  c.next = c.next === '3' ? 'menu' : '3';
  c.sent++;
  postJson(
    `${base}/v3/directline/conversations/${c.id}/activities`,
    { type: 'message', from: { id: 'bench' }, text, channelData: { clientActivityID: `${c.id}-${c.sent}` } },
    { authorization: `Bearer ${c.token}` },
  ).then(
    (r) => {
      if (r.status >= 300) console.error(`post: ${r.status} ${r.body}`);
    },
    (err: unknown) => console.error(`post failed: ${String(err)}`),
  );
  return reply;
}

async function main() {
  console.log(`pipeline benchmark: ${N} conversations, ${SECONDS}s per run, ${REPEAT} runs, open loop at ${RATE} msg/s, database ${args.db}, ${REPLICAS} replica(s)`);
  const floorRates: number[] = [];
  if (!args['skip-floor']) {
    const floor = await startServer(['--import', 'tsx', 'bench/floor-server.ts'], {}, '/healthz');
    for (let r = 0; r < REPEAT; r++) floorRates.push(await floorRun(floor.url, N, SECONDS));
    await floor.stop();
  }
  console.log(`floor: ${floorRates.map((x) => x.toFixed(0)).join(', ')} req/s`);

  const dataDir = mkdtempSync(join(tmpdir(), 'kentro-bench-'));
  let databaseUrl = `file:${join(dataDir, 'kentro.db')}`;
  let dropDatabase = async () => {};
  if (args.db === 'postgres') {
    const name = `kentro_bench_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE "${name}"`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  const env = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', WEBCHAT_RATE_MESSAGES: '1000000', WEBCHAT_RATE_STARTS: '1000000', KENTRO_SECRET: randomBytes(32).toString('hex') };
  // The first replica migrates and loads the content; the others start on a ready database.
  if (args.entry === NPM_START_ENTRY) buildForStart();
  const serve = [...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : []), args.entry, 'serve'];
  const replicas: Server[] = [await startServer(serve, env, '/readyz')];
  for (let i = 1; i < REPLICAS; i++) replicas.push(await startServer(serve, env, '/readyz'));
  const cpu = () => replicas.reduce((sum, x) => sum + x.cpuSeconds(), 0);
  const closed = { rate: [] as number[], p50: [] as number[], p99: [] as number[], perCpuSecond: [] as number[] };
  const open = { p50: [] as number[], p99: [] as number[], max: [] as number[], unanswered: [] as number[], offered: [] as number[] };
  for (let r = 0; r < REPEAT; r++) {
    const conversations: Conversation[] = [];
    // Start conversations a few at a time, as citizens arrive (not all in one instant).
    for (let i = 0; i < N; i += 10) conversations.push(...(await Promise.all(Array.from({ length: Math.min(10, N - i) }, (_, k) => openConversation(replicas[(i + k) % REPLICAS]!.url, r * N + i + k)))));
    console.log(`run ${r + 1}: ${conversations.length} conversations open`);
    // Warm-up: one message each.
    await Promise.all(conversations.map((c) => post(c)));
    const cpuBefore = cpu();
    const c = await closedLoop(conversations, post, SECONDS);
    closed.perCpuSecond.push(c.count / (cpu() - cpuBefore));
    closed.rate.push(c.rate);
    closed.p50.push(c.p50);
    closed.p99.push(c.p99);
    const o = await openLoop(conversations, post, SECONDS, RATE);
    open.p50.push(o.p50);
    open.p99.push(o.p99);
    open.max.push(o.max);
    open.unanswered.push(o.unanswered);
    open.offered.push(o.offered);
    conversations.forEach((x) => x.ws.close());
  }
  const peak = Math.max(...replicas.map((x) => x.peakRssMb()));
  await Promise.all(replicas.map((x) => x.stop()));
  await dropDatabase();

  const ratio = closed.rate.map((r, i) => r / floorRates[i]!);
  const rows: [string, string][] = [
    ['floor (bare fastify + 1 SQLite insert), req/s', fmt(floorRates)],
    [`kentro closed loop (${args.db}, ${REPLICAS} replica${REPLICAS > 1 ? 's' : ''}), messages/s`, fmt(closed.rate)],
    ['kentro closed loop, messages per CPU-second of kentro', fmt(closed.perCpuSecond)],
    ['kentro / floor', fmt(ratio, 2)],
    ['closed loop latency p50 / p99, ms', `${fmt(closed.p50, 1)} / ${fmt(closed.p99, 1)}`],
    [`open loop at ${RATE} msg/s: p50, ms`, fmt(open.p50, 1)],
    [`open loop at ${RATE} msg/s: p99, ms`, fmt(open.p99, 1)],
    [`open loop at ${RATE} msg/s: max, ms`, fmt(open.max, 1)],
    ['open loop unanswered / offered', `${open.unanswered.reduce((a, b) => a + b, 0)} / ${open.offered.reduce((a, b) => a + b, 0)}`],
    [REPLICAS > 1 ? 'kentro peak RSS (largest replica), MB' : 'kentro peak RSS, MB', peak.toFixed(0)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\nmedian (min–max) of ' + REPEAT + ' runs');
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  mkdirSync('bench/results', { recursive: true });
  const file = args.db === 'sqlite' ? 'bench/results/pipeline.json' : `bench/results/pipeline-${args.db}-${REPLICAS}.json`;
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), conversations: N, seconds: SECONDS, rate: RATE, db: args.db, replicas: REPLICAS, floorRates, closed, open, ratio, peakRssMb: peak }, null, 2));
  console.log(`\nwritten to ${file}`);
}

await main();
