/**
 * One turn at a time per key (a conversation) inside this process: each caller waits for the
 * previous one, in arrival order, so two quick messages never interleave. Across processes the
 * conversation's stateVersion check in the database is the guard (see repository.ts).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // Forget the key when nobody queued behind us (keeps the map small).
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
