import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { reason } from '../db/client.js';

export interface ListenerOptions {
  /** First wait before reconnecting (ms); doubles up to `maxBackoffMs`, with jitter. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface ListenerHandlers {
  onNotification(payload: string | undefined): void;
  /** Called each time LISTEN is in place; `resumed` is true after a lost connection. */
  onListening(resumed: boolean): void;
}

/** How the listener's connection shows in pg_stat_activity (tests find it there). */
export const LISTENER_APPLICATION_NAME = 'kentro-listener';

/**
 * A dedicated PostgreSQL connection that LISTENs on one channel (a pooled connection cannot:
 * the pool hands it to others). When the connection drops (PostgreSQL restarted, network) it
 * reconnects with exponential backoff until closed.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private closed = false;
  private attempt = 0;
  /** Set when a connection was lost or an attempt failed: notifications may have been missed. */
  private missed = false;
  private timer: NodeJS.Timeout | null = null;
  /** Settles when the first connection attempt has finished, either way. */
  readonly firstAttempt: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: ListenerHandlers,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'info'>,
    private readonly options: ListenerOptions = {},
  ) {
    this.firstAttempt = this.connect();
  }

  /** Why the last connection was lost or the last attempt failed (null while listening). */
  lastError: string | null = null;

  /** True while LISTEN is in place. */
  get listening(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000, keepAlive: true, application_name: LISTENER_APPLICATION_NAME });
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      this.missed = true;
      this.lastError = err ? reason(err) : 'connection ended';
      if (this.client === client) this.client = null;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.log.warn({ reason: err ? reason(err) : 'connection ended' }, 'realtime: lost the PostgreSQL listener connection; reconnecting');
      this.retry();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      if (msg.channel === this.channel) this.handlers.onNotification(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    if (this.closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.lastError = null;
    this.attempt = 0;
    const resumed = this.missed;
    this.missed = false;
    if (resumed) this.log.info('realtime: listening again');
    this.handlers.onListening(resumed);
  }

  private retry(): void {
    const min = this.options.minBackoffMs ?? 200;
    const max = this.options.maxBackoffMs ?? 5_000;
    const wait = Math.min(max, min * 2 ** this.attempt++);
    // Jitter, so replicas do not all knock at once when PostgreSQL comes back.
    this.timer = setTimeout(() => void this.connect(), wait / 2 + Math.random() * (wait / 2));
    this.timer.unref();
  }
}
