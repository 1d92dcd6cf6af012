/**
 * Pipeline benchmark (npm run bench): the whole path through Direct Line — POST an activity,
 * the bot's reply arrives on the conversation's WebSocket — against the floor (a bare fastify
 * route inserting one row into SQLite), same client, same concurrency, same run.
 * Method: ../shared/BENCHMARKS.md — closed loop for throughput, open loop for latency.
 *
 *   npm run bench -- [--conversations 100] [--seconds 5] [--rate 300] [--repeat 3]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { median, percentile, startServer, type Server } from './lib/process.js';
import { postJson } from './lib/http.js';

const { values: args } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '300' },
    repeat: { type: 'string', default: '3' },
    db: { type: 'string', default: 'sqlite' },
  },
});
const N = Number(args.conversations);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const REPEAT = Number(args.repeat);


interface Conversation {
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
  const conversation: Conversation = { id: body.conversationId, token: body.token, ws, waiters: [], next: '3', sent: 0 };
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
function post(base: string, c: Conversation): Promise<number> {
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

async function closedLoop(base: string, conversations: Conversation[]): Promise<{ rate: number; p50: number; p99: number; max: number }> {
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    conversations.map(async (c) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const at = await post(base, c);
        latencies.push(at - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1)! };
}

/** Messages on a fixed schedule whatever the replies do; latency from the scheduled time. */
async function openLoop(base: string, conversations: Conversation[]): Promise<{ offered: number; answered: number; unanswered: number; p50: number; p99: number; max: number }> {
  const interval = (conversations.length / RATE) * 1000;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let offered = 0;
  await Promise.all(
    conversations.map(async (c, i) => {
      let k = 0;
      for (;;) {
        const scheduled = start + (i / conversations.length) * interval + k * interval;
        if (scheduled > start + SECONDS * 1000) break;
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        offered++;
        pending.push(post(base, c).then((at) => void latencies.push(at - scheduled)));
        k++;
      }
    }),
  );
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 10_000))]);
  latencies.sort((a, b) => a - b);
  return { offered, answered: latencies.length, unanswered: offered - latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1)! };
}

async function floorRun(base: string): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: N }, async (_, i) => {
      while (performance.now() < end) {
        await postJson(`${base}/floor`, { conversation: `c${i}`, text: '3' });
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

const fmt = (values: number[], digits = 0) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

async function main() {
  console.log(`pipeline benchmark: ${N} conversations, ${SECONDS}s per run, ${REPEAT} runs, open loop at ${RATE} msg/s, database ${args.db}`);
  const floor = await startServer(['--import', 'tsx', 'bench/floor-server.ts'], {}, '/healthz');
  const floorRates: number[] = [];
  for (let r = 0; r < REPEAT; r++) floorRates.push(await floorRun(floor.url));
  await floor.stop();
  console.log(`floor: ${floorRates.map((x) => x.toFixed(0)).join(', ')} req/s`);

  const dataDir = mkdtempSync(join(tmpdir(), 'kentro-bench-'));
  const databaseUrl = args.db === 'sqlite' ? `file:${join(dataDir, 'kentro.db')}` : String(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kentro_bench');
  const kentro: Server = await startServer(['bin/kentro.js', 'serve'], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', WEBCHAT_RATE_MESSAGES: '1000000', WEBCHAT_RATE_STARTS: '1000000' }, '/readyz');
  const closed = { rate: [] as number[], p50: [] as number[], p99: [] as number[] };
  const open = { p50: [] as number[], p99: [] as number[], max: [] as number[], unanswered: [] as number[], offered: [] as number[] };
  for (let r = 0; r < REPEAT; r++) {
    const conversations: Conversation[] = [];
    // Start conversations a few at a time, as citizens arrive (not all in one instant).
    for (let i = 0; i < N; i += 10) conversations.push(...(await Promise.all(Array.from({ length: Math.min(10, N - i) }, (_, k) => openConversation(kentro.url, r * N + i + k)))));
    console.log(`run ${r + 1}: ${conversations.length} conversations open`);
    // Warm-up: one message each.
    await Promise.all(conversations.map((c) => post(kentro.url, c)));
    const c = await closedLoop(kentro.url, conversations);
    closed.rate.push(c.rate);
    closed.p50.push(c.p50);
    closed.p99.push(c.p99);
    const o = await openLoop(kentro.url, conversations);
    open.p50.push(o.p50);
    open.p99.push(o.p99);
    open.max.push(o.max);
    open.unanswered.push(o.unanswered);
    open.offered.push(o.offered);
    conversations.forEach((x) => x.ws.close());
  }
  const peak = kentro.peakRssMb();
  await kentro.stop();

  const ratio = closed.rate.map((r, i) => r / floorRates[i]!);
  const rows: [string, string][] = [
    ['floor (bare fastify + 1 SQLite insert), req/s', fmt(floorRates)],
    ['kentro closed loop, messages/s', fmt(closed.rate)],
    ['kentro / floor', fmt(ratio, 2)],
    ['closed loop latency p50 / p99, ms', `${fmt(closed.p50, 1)} / ${fmt(closed.p99, 1)}`],
    [`open loop at ${RATE} msg/s: p50, ms`, fmt(open.p50, 1)],
    [`open loop at ${RATE} msg/s: p99, ms`, fmt(open.p99, 1)],
    [`open loop at ${RATE} msg/s: max, ms`, fmt(open.max, 1)],
    ['open loop unanswered / offered', `${open.unanswered.reduce((a, b) => a + b, 0)} / ${open.offered.reduce((a, b) => a + b, 0)}`],
    ['kentro peak RSS, MB', peak.toFixed(0)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\nmedian (min–max) of ' + REPEAT + ' runs');
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/pipeline.json', JSON.stringify({ at: new Date().toISOString(), conversations: N, seconds: SECONDS, rate: RATE, db: args.db, floorRates, closed, open, ratio, peakRssMb: peak }, null, 2));
  console.log('\nwritten to bench/results/pipeline.json');
}

await main();
