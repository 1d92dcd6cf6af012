export interface BackoffSettings {
  /** Delay after the first failed attempt (ms). */
  baseMs: number;
  /** Longest delay between two attempts (ms). */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 1_000, capMs: 15 * 60_000 };

/**
 * Delay before the next attempt: exponential (base · 2^(attempt-1), capped) with "equal jitter"
 * (half fixed, half random), so many messages that failed together do not retry together.
 * A channel's own retry_after wins when it is longer; a little jitter spreads those retries too.
 */
export function nextDelay(attempt: number, settings: BackoffSettings, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponential = Math.min(settings.capMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  if (retryAfterMs === undefined) return Math.round(jittered);
  return Math.round(retryAfterMs + random() * Math.min(1_000, retryAfterMs * 0.1));
}
