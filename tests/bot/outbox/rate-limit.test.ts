import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/bot/outbox/rate-limit.js';

/** Runs `take` calls and returns when each was let through (ms from the start). */
async function schedule(limiter: RateLimiter, chats: string[]): Promise<number[]> {
  const start = performance.now();
  return Promise.all(chats.map(async (chat) => (await limiter.take(chat), performance.now() - start)));
}

describe("Telegram's rate limits", () => {
  it('lets a short burst to one chat through at once, then one message per second', async () => {
    const limiter = new RateLimiter({ perSecond: 30, perChatPerSecond: 10, chatBurst: 3 }); // 10/s per chat keeps the test short
    const times = await schedule(limiter, ['a', 'a', 'a', 'a', 'a']);
    expect(times.slice(0, 3).every((t) => t < 50)).toBe(true);
    expect(times[3]!).toBeGreaterThanOrEqual(90);
    expect(times[4]!).toBeGreaterThanOrEqual(190);
  });

  it('holds everyone to the overall rate, without a waiting chat holding up the others', async () => {
    const limiter = new RateLimiter({ perSecond: 20, perChatPerSecond: 1, chatBurst: 1 });
    const times = await schedule(limiter, ['slow', 'slow', ...Array.from({ length: 30 }, (_, i) => `c${i}`)]);
    // 20 at once, the other 10 spread over the next half second; the second message to "slow" a second later.
    const others = times.slice(2).sort((x, y) => x - y);
    expect(others.filter((t) => t < 50)).toHaveLength(19);
    expect(others.at(-1)!).toBeGreaterThanOrEqual(450);
    expect(others.at(-1)!).toBeLessThan(900);
    expect(times[1]!).toBeGreaterThanOrEqual(990);
  });

  it('is off with a rate of 0 (a local Bot API server or a test double)', async () => {
    const limiter = new RateLimiter({ perSecond: 0, perChatPerSecond: 1, chatBurst: 1 });
    const times = await schedule(limiter, Array.from({ length: 100 }, () => 'a'));
    expect(Math.max(...times)).toBeLessThan(50);
  });
});
