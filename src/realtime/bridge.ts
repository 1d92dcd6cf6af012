import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ConversationCore } from '../bot/core/core.js';
import { toTranscript } from '../bot/core/transcript.js';
import type { TranscriptMessage } from '../bot/core/types.js';
import { reason, type Db } from '../db/client.js';
import { CHANNEL, MAX_PAYLOAD_BYTES, parseNotification, type Notification } from './notification.js';
import { PgListener, type ListenerOptions } from './listener.js';

/** What the bridge needs of the core: its live feeds (the message bus and the status machine). */
export type BridgedCore = Pick<ConversationCore, 'bus' | 'statuses'>;

export type BridgeOptions = ListenerOptions;

/** Counters for tests and metrics. */
export interface BridgeStats {
  sent: number;
  received: number;
  /** Notifications of other replicas re-published here. */
  relayed: number;
  /** Times LISTEN came back after a lost connection. */
  resumed: number;
  /** Other replicas' new messages not read back because nobody here watches their conversation. */
  unwatched: number;
}

type Outgoing = Notification extends infer N ? (N extends Notification ? Omit<N, 'o'> : never) : never;

/**
 * Fans the core's live feeds out across replicas that share one PostgreSQL. Whatever this
 * replica publishes after a commit (new messages, status changes, inbox events) goes out as a
 * NOTIFY with ids only; what other replicas notify is read back from the database and
 * re-published on this replica's bus and status machine, where the web chat streams and the
 * staff event hub already listen. The bot's "typing" at the start of a web chat turn (never
 * stored) goes out the same way, so it reaches a citizen's socket held by another replica.
 * Its own notifications come back too and are skipped.
 */
export class BusBridge {
  /** This replica, in every notification it sends. */
  readonly origin = randomUUID();
  readonly stats: BridgeStats = { sent: 0, received: 0, relayed: 0, resumed: 0, unwatched: 0 };
  private readonly listener: PgListener;
  private readonly unsubscribe: (() => void)[];
  /** True while re-publishing a remote event: the local listeners below must not send it back. */
  private relaying = false;
  /** NOTIFYs go out one after another, in the order of the commits they follow. */
  private sending: Promise<void> = Promise.resolve();
  /** Remote events are handled one after another per conversation, so they keep their order. */
  private readonly receiving = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly core: BridgedCore,
    private readonly log: Pick<FastifyBaseLogger, 'warn' | 'info'>,
    options: BridgeOptions = {},
  ) {
    this.unsubscribe = [
      // It forwards this replica's messages; it never wants the ones it re-publishes itself.
      core.bus.subscribeAll((conversationId, messages) => this.onLocalMessages(conversationId, messages), () => false),
      core.statuses.onChange((change) => {
        if (!this.relaying) this.send({ k: 'status', change });
      }),
      core.statuses.onEvent((event) => {
        if (!this.relaying) this.send({ k: 'event', event });
      }),
      core.bus.onAnyTyping((conversationId) => {
        if (!this.relaying) this.send({ k: 'typing', c: conversationId });
      }),
    ];
    this.listener = new PgListener(
      db.url,
      CHANNEL,
      {
        onNotification: (payload) => this.onNotification(payload),
        onListening: (resumed) => {
          if (!resumed) return;
          this.stats.resumed++;
          // Events may have been missed meanwhile: the staff streams end (inboxes re-read on
          // reconnect); web chat streams re-read the transcript after their cursor by themselves.
          core.bus.resync();
        },
      },
      log,
      options,
    );
  }

  /** Resolves once the first LISTEN attempt finished (it retries in the background if it failed). */
  ready(): Promise<void> {
    return this.listener.firstAttempt;
  }

  get listening(): boolean {
    return this.listener.listening;
  }

  /** For /readyz: 'ok', or why other replicas' events do not reach this one right now. */
  get health(): { ok: boolean; detail: string } {
    if (this.listener.listening) return { ok: true, detail: 'ok' };
    return { ok: false, detail: `listener down: ${this.listener.lastError ?? 'not connected yet'} (reconnecting)` };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const off of this.unsubscribe) off();
    await this.sending;
    await this.listener.close();
    await Promise.all(this.receiving.values());
  }

  private onLocalMessages(conversationId: string, messages: TranscriptMessage[]): void {
    if (this.relaying || messages.length === 0) return;
    let from = Infinity;
    let to = -Infinity;
    for (const m of messages) {
      from = Math.min(from, m.seq);
      to = Math.max(to, m.seq);
    }
    this.send({ k: 'messages', c: conversationId, from, to });
  }

  private send(notification: Outgoing): void {
    if (this.closed) return;
    const payload = JSON.stringify({ o: this.origin, ...notification });
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      this.log.warn({ kind: notification.k }, 'realtime: notification too large; other replicas catch up by themselves');
      return;
    }
    this.sending = this.sending.then(async () => {
      try {
        await this.db.prisma.$executeRaw`SELECT pg_notify(${CHANNEL}, ${payload})`;
        this.stats.sent++;
      } catch (err) {
        // The commit stands; web chat streams catch up from the transcript, inboxes on reconnect.
        this.log.warn({ reason: reason(err) }, 'realtime: could not notify the other replicas');
      }
    });
  }

  private onNotification(payload: string | undefined): void {
    const notification = parseNotification(payload);
    if (!notification || notification.o === this.origin || this.closed) return;
    this.stats.received++;
    const key = notification.k === 'messages' || notification.k === 'typing' ? notification.c : notification.k === 'status' ? notification.change.conversationId : notification.event.conversationId;
    const previous = this.receiving.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.relay(notification));
    this.receiving.set(key, next);
    void next.then(() => {
      if (this.receiving.get(key) === next) this.receiving.delete(key);
    });
  }

  private async relay(n: Notification): Promise<void> {
    try {
      if (n.k === 'messages') {
        // No socket of this conversation and no staff stream here: nothing to read. (A socket
        // that connects later replays the transcript; a staff stream re-reads its lists.)
        if (!this.core.bus.wanted(n.c)) {
          this.stats.unwatched++;
          return;
        }
        // The same messages the sending replica published: citizen-visible ones, notes excluded.
        const rows = await this.db.prisma.message.findMany({
          where: { conversationId: n.c, seq: { gte: n.from, lte: n.to }, private: false, type: { not: 'note' } },
          orderBy: { seq: 'asc' },
        });
        this.publishing(() => this.core.bus.publish(n.c, rows.map(toTranscript)));
      } else if (n.k === 'typing') {
        this.publishing(() => this.core.bus.typing(n.c));
      } else if (n.k === 'status') {
        this.publishing(() => this.core.statuses.announce(n.change));
      } else {
        this.publishing(() => this.core.statuses.notify(n.event));
      }
      this.stats.relayed++;
    } catch (err) {
      if (!this.closed) this.log.warn({ reason: reason(err), kind: n.k }, 'realtime: could not relay an event of another replica');
    }
  }

  /** Listeners run synchronously inside publish/announce, so the flag covers exactly them. */
  private publishing(fn: () => void): void {
    this.relaying = true;
    try {
      fn();
    } finally {
      this.relaying = false;
    }
  }
}
