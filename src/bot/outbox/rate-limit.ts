export interface RateLimitSettings {
  /** Messages per second over all chats (0 = no limit at all). */
  perSecond: number;
  /** Sustained messages per second to one chat. */
  perChatPerSecond: number;
  /** Messages a chat may get at once before the per-chat rate applies. */
  chatBurst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets, one per chat and one over everything. A caller takes a token even when the
 * bucket is empty (it goes into debt) and sleeps until the debt is paid: callers are served in
 * arrival order without a queue, and a chat that waits never holds up another chat.
 */
export class RateLimiter {
  private readonly overall: Bucket;
  private readonly chats = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.overall = { tokens: settings.perSecond, at: now() };
  }

  get enabled(): boolean {
    return this.settings.perSecond > 0;
  }

  async take(chat: string): Promise<void> {
    if (!this.enabled) return;
    let bucket = this.chats.get(chat);
    if (!bucket) this.chats.set(chat, (bucket = { tokens: this.settings.chatBurst, at: this.now() }));
    await sleep(reserve(bucket, this.now(), this.settings.perChatPerSecond, this.settings.chatBurst));
    await sleep(reserve(this.overall, this.now(), this.settings.perSecond, this.settings.perSecond));
    if (this.chats.size > 1000) this.forgetIdle();
  }

  /** A chat whose bucket has refilled is as good as new: drop it. */
  private forgetIdle(): void {
    const t = this.now();
    for (const [chat, bucket] of this.chats) {
      if (bucket.tokens + ((t - bucket.at) / 1000) * this.settings.perChatPerSecond >= this.settings.chatBurst) this.chats.delete(chat);
    }
  }
}

/** Takes one token and returns how long to wait (ms) until it is really there. */
function reserve(bucket: Bucket, t: number, perSecond: number, capacity: number): number {
  bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
  bucket.at = t;
  bucket.tokens -= 1;
  return bucket.tokens >= 0 ? 0 : (-bucket.tokens / perSecond) * 1000;
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, Math.ceil(ms))) : Promise.resolve();
}
