// The load shapes every benchmark shares (../shared/BENCHMARKS.md): a closed loop for
// throughput, an open loop on a schedule for latency, and the floor driven the same way.
import { postJson } from './http.js';
import { median, percentile } from './process.js';

/** Sends one message from a client; resolves with performance.now() when the bot's reply arrived. */
export type Send<C> = (client: C) => Promise<number>;

/** Each client sends, waits for the reply, sends again, for `seconds`. */
export async function closedLoop<C>(clients: C[], send: Send<C>, seconds: number): Promise<{ count: number; rate: number; p50: number; p99: number; max: number }> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        latencies.push((await send(c)) - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1)! };
}

/**
 * Messages on a fixed schedule (`rate` per second over all clients, spread evenly) whatever the
 * replies do; each latency counts from the scheduled time (no coordinated omission). Replies
 * missing 10 s after the last send are unanswered.
 */
export async function openLoop<C>(clients: C[], send: Send<C>, seconds: number, rate: number): Promise<{ offered: number; answered: number; unanswered: number; p50: number; p99: number; max: number }> {
  const interval = (clients.length / rate) * 1000;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let offered = 0;
  await Promise.all(
    clients.map(async (c, i) => {
      for (let k = 0; ; k++) {
        const scheduled = start + (i / clients.length) * interval + k * interval;
        if (scheduled > start + seconds * 1000) break;
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        offered++;
        pending.push(send(c).then((at) => void latencies.push(at - scheduled)));
      }
    }),
  );
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 10_000))]);
  latencies.sort((a, b) => a - b);
  return { offered, answered: latencies.length, unanswered: offered - latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1)! };
}

/** The floor (bench/floor-server.ts) in a closed loop of `clients`: requests per second. */
export async function floorRun(base: string, clients: number, seconds: number): Promise<number> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (performance.now() < end) {
        const res = await postJson(`${base}/floor`, { conversation: `c${i}`, text: '3' });
        if (res.status !== 200) throw new Error(`floor: ${res.status} ${res.body}`);
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

/** "median (min–max)" of the runs. */
export const fmt = (values: number[], digits = 0): string =>
  values.length === 0 || values.some(Number.isNaN) ? 'not measured' : `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
