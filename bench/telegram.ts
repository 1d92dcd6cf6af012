/**
 * Telegram benchmark (npm run bench:telegram): the whole path of a Telegram message — an update
 * POSTed to /webhooks/telegram, through the core and the outbox, until the reply's sendMessage
 * reaches the Bot API test double — against the floor (a bare fastify route inserting one row
 * into SQLite), same client, same concurrency, same run.
 * Method: ../shared/BENCHMARKS.md — closed loop for throughput, open loop for latency.
 *
 *   npm run bench:telegram -- [--chats 100] [--seconds 5] [--rate 300] [--repeat 3] [--db sqlite]
 *
 * Telegram's own limits (30 messages/s overall, 1/s per chat) are off (TELEGRAM_MAX_RATE=0):
 * with them on, the figure would be Telegram's limit, not kentro's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TelegramCitizen, TelegramDouble, TELEGRAM_SECRET } from '../tests/support/telegram-double.js';
import { postJson } from './lib/http.js';
import { closedLoop, floorRun, fmt, openLoop } from './lib/loops.js';
import { buildForStart, NPM_START_ENTRY, startServer, type Server } from './lib/process.js';

const { values: args } = parseArgs({
  options: {
    chats: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '300' },
    repeat: { type: 'string', default: '3' },
    db: { type: 'string', default: 'sqlite' },
  },
});
const N = Number(args.chats);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const REPEAT = Number(args.repeat);

/** kentro's stderr, shown when something goes wrong. */
let kentroLog = '';
/** Webhook posts that did not get a 200, by reason (reported, not fatal). */
const failures = new Map<string, number>();
/** Webhook posts still waiting for their HTTP answer. */
const posting = new Set<Promise<void>>();

interface Chat {
  citizen: TelegramCitizen;
  url: string;
  /** Resolvers waiting for the bot's next message to this chat. */
  waiters: ((at: number) => void)[];
  next: 'menu' | '3';
}

/** '3' opens the hours submenu and 'menu' goes back: one reply each, as in bench/pipeline.ts. */
function post(chat: Chat): Promise<number> {
  const reply = new Promise<number>((resolve) => chat.waiters.push(resolve));
  const text = chat.next;
  chat.next = chat.next === '3' ? 'menu' : '3';
  // The same client as bench/pipeline.ts (node:http keep-alive), with Telegram's secret header.
  const request: Promise<void> = postJson(`${chat.url}/webhooks/telegram`, chat.citizen.messageUpdate({ text }), { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET })
    .then(
      (r) => {
        if (r.status !== 200) failures.set(`HTTP ${r.status}`, (failures.get(`HTTP ${r.status}`) ?? 0) + 1);
      },
      (err: unknown) => {
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? String(err);
        failures.set(cause, (failures.get(cause) ?? 0) + 1);
      },
    )
    .finally(() => posting.delete(request));
  posting.add(request);
  return reply;
}

async function openChats(telegram: TelegramDouble, url: string, round: number): Promise<Chat[]> {
  const chats = Array.from({ length: N }, (_, i): Chat => ({ citizen: new TelegramCitizen(telegram, url, 10_000_000 + round * N + i, 'en'), url, waiters: [], next: '3' }));
  const byId = new Map(chats.map((c) => [String(c.citizen.chatId), c]));
  const welcomed = new Map<string, number>();
  let ready!: () => void;
  const allReady = new Promise<void>((r) => (ready = r));
  telegram.onMessage((m) => {
    const chat = byId.get(m.chatId);
    if (!chat) return;
    const seen = (welcomed.get(m.chatId) ?? 0) + 1;
    welcomed.set(m.chatId, seen);
    if (seen === 2 && [...welcomed.values()].filter((n) => n >= 2).length === N) ready(); // disclosure + menu
    else if (seen > 2) chat.waiters.shift()?.(performance.now());
  });
  await Promise.all(chats.map((c) => c.citizen.say('/start thira')));
  await allReady;
  return chats;
}

async function main() {
  console.log(`telegram benchmark: ${N} chats, ${SECONDS}s per run, ${REPEAT} runs, open loop at ${RATE} msg/s, database ${args.db}`);
  const floor = await startServer(['--import', 'tsx', 'bench/floor-server.ts'], {}, '/healthz');
  const floorRates: number[] = [];
  for (let r = 0; r < REPEAT; r++) floorRates.push(await floorRun(floor.url, N, SECONDS));
  await floor.stop();

  const telegram = await TelegramDouble.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'kentro-bench-'));
  const databaseUrl = args.db === 'sqlite' ? `file:${join(dataDir, 'kentro.db')}` : String(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/kentro_bench');
  buildForStart();
  const kentro: Server = await startServer([NPM_START_ENTRY, 'serve'], { DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...telegram.env() }, '/readyz');
  kentro.child.stderr?.on('data', (d: Buffer) => (kentroLog += d.toString()));
  kentro.child.on('exit', (code, signal) => {
    console.error(`kentro exited (${code ?? signal}) during the run:\n${kentroLog.slice(-2000)}`);
    process.exit(1);
  });
  const closed = { rate: [] as number[], p50: [] as number[], p99: [] as number[] };
  const open = { p50: [] as number[], p99: [] as number[], max: [] as number[], unanswered: [] as number[], offered: [] as number[] };
  // Never leave a kentro process behind, whatever happens to this one.
  process.once('exit', () => kentro.child.kill('SIGKILL'));
  for (let r = 0; r < REPEAT; r++) {
    const chats = await openChats(telegram, kentro.url, r);
    // Warm-up: one message each.
    await Promise.all(chats.map((c) => post(c)));
    const c = await closedLoop(chats, post, SECONDS);
    closed.rate.push(c.rate);
    closed.p50.push(c.p50);
    closed.p99.push(c.p99);
    const o = await openLoop(chats, post, SECONDS, RATE);
    open.p50.push(o.p50);
    open.p99.push(o.p99);
    open.max.push(o.max);
    open.unanswered.push(o.unanswered);
    open.offered.push(o.offered);
  }
  // Every webhook post answered before kentro stops (an answer cut off by the stop is not kentro's fault).
  await Promise.race([Promise.allSettled([...posting]), new Promise((r) => setTimeout(r, 30_000))]);
  const peak = kentro.peakRssMb();
  kentro.child.removeAllListeners('exit');
  await kentro.stop();
  await telegram.close();
  if (args.db === 'sqlite') rmSync(dataDir, { recursive: true, force: true });

  const ratio = closed.rate.map((r, i) => r / floorRates[i]!);
  const rows: [string, string][] = [
    ['floor (bare fastify + 1 SQLite insert), req/s', fmt(floorRates)],
    ['telegram closed loop, messages/s', fmt(closed.rate)],
    ['telegram / floor', fmt(ratio, 2)],
    ['closed loop latency p50 / p99, ms', `${fmt(closed.p50, 1)} / ${fmt(closed.p99, 1)}`],
    [`open loop at ${RATE} msg/s: p50, ms`, fmt(open.p50, 1)],
    [`open loop at ${RATE} msg/s: p99, ms`, fmt(open.p99, 1)],
    [`open loop at ${RATE} msg/s: max, ms`, fmt(open.max, 1)],
    ['open loop unanswered / offered', `${open.unanswered.reduce((a, b) => a + b, 0)} / ${open.offered.reduce((a, b) => a + b, 0)}`],
    ['kentro peak RSS, MB', peak.toFixed(0)],
    ['webhook posts without a 200', failures.size ? [...failures].map(([k, n]) => `${n} × ${k}`).join(', ') : '0'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\nmedian (min–max) of ' + REPEAT + ' runs');
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/telegram.json', JSON.stringify({ at: new Date().toISOString(), chats: N, seconds: SECONDS, rate: RATE, db: args.db, floorRates, closed, open, ratio, peakRssMb: peak }, null, 2));
  console.log('\nwritten to bench/results/telegram.json');
}

await main();
