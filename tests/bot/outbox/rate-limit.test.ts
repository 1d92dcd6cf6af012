import { describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../../src/bot/outbox/rate-limit.js';

/**
 * Runs `take` calls and returns when each was let through (ms from the start), on a fake
 * clock: the schedule is exact whatever else the machine is doing.
 */
async function schedule(settings: ConstructorParameters<typeof RateLimiter>[0], chats: string[]): Promise<number[]> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
  try {
    const limiter = new RateLimiter(settings);
    const start = performance.now();
    const done = Promise.all(chats.map(async (chat) => (await limiter.take(chat), performance.now() - start)));
    await vi.runAllTimersAsync();
    return await done;
  } finally {
    vi.useRealTimers();
  }
}

describe("Telegram's rate limits", () => {
  it('lets a short burst to one chat through at once, then one message per second', async () => {
    const settings = { perSecond: 30, perChatPerSecond: 10, chatBurst: 3 }; // 10/s per chat keeps the test short
    const times = await schedule(settings, ['a', 'a', 'a', 'a', 'a']);
    expect(times.slice(0, 3).every((t) => t < 50)).toBe(true);
    expect(times[3]!).toBeGreaterThanOrEqual(90);
    expect(times[4]!).toBeGreaterThanOrEqual(190);
  });

  it('holds everyone to the overall rate, without a waiting chat holding up the others', async () => {
    const settings = { perSecond: 20, perChatPerSecond: 1, chatBurst: 1 };
    const times = await schedule(settings, ['slow', 'slow', ...Array.from({ length: 30 }, (_, i) => `c${i}`)]);
    // 20 at once, the other 10 spread over the next half second; the second message to "slow" a second later.
    const others = times.slice(2).sort((x, y) => x - y);
    expect(others.filter((t) => t < 50)).toHaveLength(19);
    expect(others.at(-1)!).toBeGreaterThanOrEqual(450);
    expect(others.at(-1)!).toBeLessThan(900);
    expect(times[1]!).toBeGreaterThanOrEqual(990);
  });

  it('is off with a rate of 0 (a local Bot API server or a test double)', async () => {
    const settings = { perSecond: 0, perChatPerSecond: 1, chatBurst: 1 };
    const times = await schedule(settings, Array.from({ length: 100 }, () => 'a'));
    expect(Math.max(...times)).toBeLessThan(50);
  });
});
