import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import { Prisma } from '../../../generated/sqlite/client.js';
import type { Db } from '../../db/client.js';
import { decodePayload } from '../core/transcript.js';
import { DEFAULT_BACKOFF, nextDelay, type BackoffSettings } from './backoff.js';
import { claimDue } from './claim.js';
import { asDeliveryError } from './errors.js';
import { markDead, markSent, markSkipped, scheduleRetry } from './status.js';
import { setSubscribed } from './subscription.js';
import type { ChannelSender } from './types.js';

export interface OutboxOptions {
  /** How often to look for due rows when nobody woke the worker (ms). */
  pollMs?: number;
  /** Messages in flight at once (each to a different conversation). */
  concurrency?: number;
  /** How long a claim holds before another process may take the row over (ms). */
  leaseMs?: number;
  /** Attempts before a message is dead. */
  maxAttempts?: number;
  backoff?: BackoffSettings;
}

const DEFAULTS = { pollMs: 1_000, concurrency: 32, leaseMs: 60_000, maxAttempts: 15 };
const MIN_CLAIM_INTERVAL_MS = 4;

/**
 * Delivers OutboxMessage rows through the channel senders registered with it. Rows are claimed
 * in the database (see claim.ts), so several processes can run a worker on one database. It wakes
 * up at once when the core queues a reply (`wake`), and polls otherwise.
 */
export class OutboxWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly senders = new Map<string, ChannelSender>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Parts of a split reply already sent, so a retry in this process resumes after them. */
  private readonly partsSent = new Map<string, number>();
  private readonly options: typeof DEFAULTS & { backoff: BackoffSettings };
  private loop?: Promise<void>;
  private stopping = false;
  private woken = false;
  private lastClaimAt = 0;
  /** Sends in flight; `followUp` is set when something was queued meanwhile. */
  private readonly flying = new Set<{ followUp: boolean }>();
  private wakeUp?: () => void;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    options: OutboxOptions = {},
  ) {
    this.options = { ...DEFAULTS, backoff: DEFAULT_BACKOFF, ...stripUndefined(options) };
  }

  register(sender: ChannelSender): void {
    this.senders.set(sender.channel, sender);
  }

  get channels(): string[] {
    return [...this.senders.keys()];
  }

  /** Starts delivering (no-op without senders, or when already running). */
  start(): void {
    if (this.loop || this.senders.size === 0) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Something was queued: look for due rows now instead of at the next poll. */
  wake(): void {
    // It may be the next message of a conversation whose send is in flight (not claimable yet).
    for (const flight of this.flying) flight.followUp = true;
    this.lookAgain();
  }

  private lookAgain(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming, lets the sends in flight finish and records them. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.lookAgain();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      // Under load wake-ups come faster than claims are worth: gather them into bigger claims
      // (each claim reads every pending row); when idle the first claim goes at once.
      const gap = performance.now() - this.lastClaimAt;
      if (gap < MIN_CLAIM_INTERVAL_MS) await new Promise((r) => setTimeout(r, MIN_CLAIM_INTERVAL_MS - gap));
      if (this.stopping) break;
      this.lastClaimAt = performance.now();
      const room = this.options.concurrency - this.inFlight.size;
      let claimed = 0;
      if (room > 0) {
        try {
          claimed = await this.claimAndDeliver(room);
        } catch (err) {
          this.log.error({ err: { name: (err as Error).name, code: (err as { code?: unknown }).code } }, 'outbox: claiming failed; trying again');
        }
      }
      // A full batch means more may be due; otherwise wait for a wake-up or the next poll.
      if (this.stopping || (claimed > 0 && claimed === room)) continue;
      if (!this.woken) await this.sleep(this.options.pollMs);
    }
    await Promise.all(this.inFlight);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private async claimAndDeliver(room: number): Promise<number> {
    const ids = await claimDue(this.db, { workerId: this.id, channels: this.channels, limit: room, leaseMs: this.options.leaseMs });
    if (ids.length === 0) return 0;
    for (const row of await loadClaimed(this.db, ids)) {
      const flight = { followUp: false };
      this.flying.add(flight);
      const delivery: Promise<void> = this.deliver(row)
        .catch((err: unknown) => this.log.error({ outboxId: row.id, err: { name: (err as Error).name, code: (err as { code?: unknown }).code } }, 'outbox: recording a delivery failed; it is retried when the claim expires'))
        .finally(() => {
          this.inFlight.delete(delivery);
          this.flying.delete(flight);
          // The conversation's next message is due now. Without one (known at claim time, or
          // queued since) and with no slot freed from a full batch, there is nothing to claim.
          if (row.hasNext || flight.followUp || this.inFlight.size === this.options.concurrency - 1) this.lookAgain();
        });
      this.inFlight.add(delivery);
    }
    return ids.length;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const { prisma } = this.db;
    const sender = this.senders.get(row.channel);
    if (!sender) return; // claimDue only returns rows of registered channels
    if (!row.subscribed && !(await wroteSinceUnsubscribing(this.db, row))) {
      this.partsSent.delete(row.id);
      return markSkipped(prisma, row, 'unsubscribed');
    }
    const payload = decodePayload(row.payload);
    const parts = sender.render({ text: row.text ?? '', buttons: payload.buttons ?? [] });
    let sourceId: string | null = null;
    try {
      for (let i = this.partsSent.get(row.id) ?? 0; i < parts.length; i++) {
        sourceId = await sender.sendPart(row.recipient, parts[i]!);
        this.partsSent.set(row.id, i + 1);
      }
    } catch (err) {
      return this.failed(row, asDeliveryError(err));
    }
    this.partsSent.delete(row.id);
    await markSent(prisma, row, sourceId);
  }

  private async failed(row: ClaimedRow, error: ReturnType<typeof asDeliveryError>): Promise<void> {
    const { prisma } = this.db;
    const context = { outboxId: row.id, channel: row.channel, attempt: row.attempts, failure: error.failure, error: error.message };
    if (error.failure === 'unsubscribed') {
      this.partsSent.delete(row.id);
      this.log.info(context, 'outbox: the citizen blocked the bot or unsubscribed; not sending');
      await setSubscribed(prisma, row.inboxId, row.recipient, false);
      return markSkipped(prisma, row, error.message);
    }
    if (error.failure === 'permanent' || row.attempts >= this.options.maxAttempts) {
      this.partsSent.delete(row.id);
      this.log.error(context, 'outbox: message is dead (kentro outbox list --dead)');
      return markDead(prisma, row, error.message);
    }
    const delay = nextDelay(row.attempts, this.options.backoff, error.retryAfterMs);
    this.log.warn({ ...context, retryInMs: delay }, 'outbox: send failed; retrying later');
    await scheduleRetry(prisma, row, this.id, delay, error.message);
  }
}

interface ClaimedRow {
  id: string;
  messageId: string;
  inboxId: string;
  conversationId: string;
  attempts: number;
  text: string | null;
  payload: string | null;
  channel: string;
  recipient: string;
  subscribed: boolean;
  /** Another message of the conversation is waiting behind this one. */
  hasNext: boolean;
}

/** What delivering the claimed rows needs, in one query (a relational read would take five). */
async function loadClaimed(db: Db, ids: string[]): Promise<ClaimedRow[]> {
  type Raw = Omit<ClaimedRow, 'subscribed' | 'attempts' | 'hasNext'> & { subscribed: boolean | number | bigint; attempts: number | bigint; waiting: number | bigint | null };
  const rows = await db.prisma.$queryRaw<Raw[]>`
    SELECT o."id", o."messageId", o."inboxId", o."conversationId", o."attempts", m."text", m."payload", i."channel",
      ci."sourceId" AS "recipient", ci."subscribed", w."waiting"
    FROM "OutboxMessage" o
    JOIN "Message" m ON m."id" = o."messageId"
    JOIN "Inbox" i ON i."id" = o."inboxId"
    JOIN "Conversation" c ON c."id" = o."conversationId"
    JOIN "ContactInbox" ci ON ci."id" = c."contactInboxId"
    LEFT JOIN (
      SELECT p."conversationId", COUNT(*) AS "waiting" FROM "OutboxMessage" p
      WHERE p."status" = 'pending' AND p."conversationId" IN (SELECT q."conversationId" FROM "OutboxMessage" q WHERE q."id" IN (${Prisma.join(ids)}))
      GROUP BY p."conversationId"
    ) w ON w."conversationId" = o."conversationId"
    WHERE o."id" IN (${Prisma.join(ids)})`;
  // SQLite answers booleans and integers as numbers.
  return rows.map(({ waiting, ...r }) => ({ ...r, attempts: Number(r.attempts), subscribed: Boolean(r.subscribed), hasNext: Number(waiting ?? 0) > 1 }));
}

/**
 * A citizen who unsubscribed (or blocked the bot) and then wrote to us again is back: the
 * channel says so by delivering their message. Checked here, on the rare unsubscribed path,
 * instead of writing to every incoming message's channel identity.
 */
async function wroteSinceUnsubscribing(db: Db, row: ClaimedRow): Promise<boolean> {
  // ContactInbox.updatedAt is when they left (setSubscribed is its only writer after creation).
  const since = await db.prisma.$queryRaw<unknown[]>`
    SELECT 1 FROM "Message" m
    JOIN "Conversation" c ON c."id" = m."conversationId"
    JOIN "ContactInbox" ci ON ci."id" = c."contactInboxId"
    WHERE m."conversationId" = ${row.conversationId} AND m."type" = 'incoming' AND m."createdAt" > ci."updatedAt"
    LIMIT 1`;
  if (since.length > 0) await setSubscribed(db.prisma, row.inboxId, row.recipient, true);
  return since.length > 0;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
