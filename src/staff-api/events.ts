import type { ServerResponse } from 'node:http';
import type { ConversationCore } from '../bot/core/core.js';
import type { Db } from '../db/client.js';
import type { InboxEvent, StatusChange } from '../handoff/status.js';
import { MESSAGE_INCLUDE, messageView } from './views.js';

interface Connection {
  centreId: string;
  sessionId: string;
  res: ServerResponse;
}

/**
 * The staff inbox's live feed (Server-Sent Events): status changes from the status machine,
 * new messages from the core's bus and internal notes, each sent only to the streams of the
 * conversation's centre. In-process; on PostgreSQL, src/realtime re-publishes other replicas'
 * events on this process's bus and status machine.
 */
export class InboxEventHub {
  private readonly connections = new Set<Connection>();
  private readonly centres = new Map<string, string | null>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    core: ConversationCore,
    heartbeatMs = 15_000,
  ) {
    this.unsubscribe.push(
      core.bus.subscribeAll(
        (conversationId, messages) => {
          for (const m of messages) void this.message(conversationId, null, m.id);
        },
        () => this.connections.size > 0,
      ),
      core.statuses.onChange((change) => this.status(change)),
      core.statuses.onEvent((event) => this.event(event)),
      core.bus.onResync(() => this.resync()),
    );
    this.heartbeat = setInterval(() => this.write(() => true, ': ping\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  /** Streams events of `centreId` to this response until it closes (or the session ends). */
  attach(res: ServerResponse, p: { centreId: string; sessionId: string }): void {
    const connection: Connection = { res, ...p };
    this.connections.add(connection);
    res.on('close', () => this.connections.delete(connection));
    res.write(`event: ready\ndata: ${JSON.stringify({ centreId: p.centreId })}\n\n`);
  }

  /** Logout: the session's streams end. */
  closeSession(sessionId: string): void {
    for (const c of this.connections) if (c.sessionId === sessionId) this.end(c);
  }

  /**
   * Ends every stream: the inboxes reconnect by themselves and re-read what they show. For
   * when events may have been missed (the replicas' listener lost PostgreSQL for a while).
   */
  resync(): void {
    for (const c of this.connections) this.end(c);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const off of this.unsubscribe) off();
    for (const c of this.connections) this.end(c);
  }

  private end(c: Connection): void {
    this.connections.delete(c);
    c.res.end();
  }

  private status(change: StatusChange): void {
    if (change.centreId) this.centres.set(change.conversationId, change.centreId);
    const data = { conversationId: change.conversationId, from: change.from, to: change.to, urgent: change.urgent, assigneeId: change.assigneeId };
    this.send(change.centreId, 'conversation.status', data);
  }

  private event(event: InboxEvent): void {
    if (event.kind === 'note.created') void this.message(event.conversationId, event.centreId, event.messageId);
    else this.send(event.centreId, 'conversation.updated', { conversationId: event.conversationId });
  }

  private async message(conversationId: string, knownCentre: string | null, messageId: string): Promise<void> {
    if (this.connections.size === 0) return;
    try {
      const centreId = knownCentre ?? (await this.centreOf(conversationId));
      if (!centreId || ![...this.connections].some((c) => c.centreId === centreId)) return;
      const row = await this.db.prisma.message.findUnique({ where: { id: messageId }, include: MESSAGE_INCLUDE });
      if (!row) return;
      if (row.seq === 1) this.send(centreId, 'conversation.created', { conversationId });
      this.send(centreId, 'message.created', { conversationId, message: messageView(row) });
    } catch {
      // A closed database at shutdown: the event is a hint, the REST routes hold the truth.
    }
  }

  private async centreOf(conversationId: string): Promise<string | null> {
    if (this.centres.has(conversationId)) return this.centres.get(conversationId) ?? null;
    const row = await this.db.prisma.conversation.findUnique({ where: { id: conversationId }, select: { centreId: true } });
    // The centre is chosen in the welcome; remember it only once known.
    if (row?.centreId) {
      if (this.centres.size > 10_000) this.centres.clear();
      this.centres.set(conversationId, row.centreId);
    }
    return row?.centreId ?? null;
  }

  private send(centreId: string | null, event: string, data: unknown): void {
    if (!centreId) return;
    this.write((c) => c.centreId === centreId, `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(to: (c: Connection) => boolean, frame: string): void {
    for (const c of this.connections) {
      if (!to(c)) continue;
      try {
        c.res.write(frame);
      } catch {
        this.connections.delete(c);
      }
    }
  }
}
