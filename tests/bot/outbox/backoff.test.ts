import { describe, expect, it } from 'vitest';
import { nextDelay } from '../../../src/bot/outbox/backoff.js';

const settings = { baseMs: 1_000, capMs: 60_000 };

describe('backoff', () => {
  it('doubles with every attempt, half of it random, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => nextDelay(n, settings, undefined, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((n) => nextDelay(n, settings, undefined, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(nextDelay(30, settings, undefined, () => 1)).toBe(60_000);
  });

  it("waits at least as long as the channel's retry_after, with a little jitter", () => {
    expect(nextDelay(1, settings, 5_000, () => 0)).toBe(5_000);
    expect(nextDelay(1, settings, 5_000, () => 1)).toBe(5_500);
    expect(nextDelay(9, settings, 30_000, () => 1)).toBe(31_000);
  });
});
