import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import type { TranscriptMessage } from '../../core/types.js';
import { activitySet, typingActivity, type DirectLineActivity, type Watermark } from './activities.js';

/** What the hub needs of the conversation core. */
export interface TranscriptSource {
  transcript(conversationId: string, afterSeq?: number): Promise<TranscriptMessage[]>;
  readonly bus: {
    subscribe(conversationId: string, listener: (messages: TranscriptMessage[]) => void): () => void;
    /** The bot's "typing" of a turn run here or, through the bridge, on another replica. */
    onTyping?(conversationId: string, listener: () => void): () => void;
  };
}

export interface StreamHubOptions {
  /**
   * How often an open stream re-reads the transcript. The bus is per process: a staff reply
   * written by another replica reaches this socket through this catch-up. 0 turns it off.
   */
  catchUpMs?: number;
  /** Ping interval; a socket that did not answer the previous ping is dropped. */
  heartbeatMs?: number;
}

interface Connection {
  socket: WebSocket;
  userId: string;
  /** Last seq sent on this socket; null: nothing yet, so the backlog starts with the conversationUpdate. */
  sent: Watermark;
  /** Deliveries run one after another, so frames are in order and never repeat. */
  queue: Promise<void>;
  alive: boolean;
}

interface Room {
  connections: Set<Connection>;
  unsubscribe: () => void;
  catchUp?: NodeJS.Timeout;
}

/**
 * Direct Line's WebSocket stream: each socket first gets the backlog after the watermark it
 * connected with, then every new message of its conversation, as frames
 * `{activities, watermark}`. The socket keeps its own cursor (last seq sent): a bus message
 * that is already sent is skipped, and a gap (a message this process did not see) is filled
 * from the transcript, so a reconnect never loses or repeats a message.
 */
export class StreamHub {
  private readonly rooms = new Map<string, Room>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly catchUpMs: number;

  constructor(
    private readonly core: TranscriptSource,
    private readonly log: Pick<FastifyBaseLogger, 'warn'>,
    options: StreamHubOptions = {},
  ) {
    this.catchUpMs = options.catchUpMs ?? 3000;
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Starts streaming a conversation to a socket that has seen up to `after`. */
  attach(socket: WebSocket, p: { conversationId: string; userId: string; after: Watermark }): void {
    const connection: Connection = { socket, userId: p.userId, sent: p.after, queue: Promise.resolve(), alive: true };
    const room = this.room(p.conversationId);
    // Subscribed (in room()) before the backlog is read: whatever commits meanwhile is queued behind it.
    room.connections.add(connection);
    socket.on('pong', () => (connection.alive = true));
    // Clients send empty pings; nothing a client sends on the stream has a meaning.
    socket.on('message', () => (connection.alive = true));
    socket.on('close', () => this.detach(p.conversationId, connection));
    socket.on('error', () => socket.terminate());
    this.enqueue(p.conversationId, connection, null);
  }

  /** Sends activities that are not part of the transcript (typing, notices) to every socket. */
  broadcast(conversationId: string, activities: DirectLineActivity[]): void {
    const room = this.rooms.get(conversationId);
    if (!room) return;
    for (const connection of room.connections) {
      connection.queue = connection.queue.then(() => this.send(connection, JSON.stringify({ activities })));
    }
  }

  /** Number of open sockets of a conversation (for tests and metrics). */
  listeners(conversationId: string): number {
    return this.rooms.get(conversationId)?.connections.size ?? 0;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const [conversationId, room] of this.rooms) {
      for (const connection of room.connections) connection.socket.close(1001, 'server shutting down');
      this.drop(conversationId, room);
    }
  }

  private room(conversationId: string): Room {
    let room = this.rooms.get(conversationId);
    if (room) return room;
    const connections = new Set<Connection>();
    const unsubscribe = this.core.bus.subscribe(conversationId, (messages) => {
      for (const connection of connections) this.enqueue(conversationId, connection, messages);
    });
    const offTyping = this.core.bus.onTyping?.(conversationId, () => this.broadcast(conversationId, [typingActivity(conversationId)]));
    room = {
      connections,
      unsubscribe: () => {
        unsubscribe();
        offTyping?.();
      },
    };
    if (this.catchUpMs > 0) {
      room.catchUp = setInterval(() => {
        for (const connection of connections) this.enqueue(conversationId, connection, null);
      }, this.catchUpMs);
      room.catchUp.unref();
    }
    this.rooms.set(conversationId, room);
    return room;
  }

  private detach(conversationId: string, connection: Connection): void {
    const room = this.rooms.get(conversationId);
    if (!room) return;
    room.connections.delete(connection);
    if (room.connections.size === 0) this.drop(conversationId, room);
  }

  private drop(conversationId: string, room: Room): void {
    room.unsubscribe();
    if (room.catchUp) clearInterval(room.catchUp);
    this.rooms.delete(conversationId);
  }

  /**
   * Queues a delivery: the bus's messages when they continue the socket's cursor exactly,
   * otherwise (backlog, gap, catch-up tick) whatever the transcript holds after the cursor.
   */
  private enqueue(conversationId: string, connection: Connection, live: TranscriptMessage[] | null): void {
    connection.queue = connection.queue
      .then(async () => {
        if (connection.socket.readyState !== connection.socket.OPEN) return;
        const cursor = connection.sent;
        const fresh = live?.filter((m) => m.seq > (cursor ?? 0)).sort((a, b) => a.seq - b.seq) ?? [];
        if (live && fresh.length === 0) return;
        const contiguous = live !== null && cursor !== null && fresh.every((m, i) => m.seq === cursor + 1 + i);
        const messages = contiguous ? fresh : await this.core.transcript(conversationId, cursor ?? 0);
        // Nothing new sends nothing, except the first delivery (it carries the conversationUpdate).
        if (messages.length === 0 && cursor !== null) return;
        const frame = activitySet(conversationId, connection.userId, messages, cursor);
        connection.sent = Number(frame.watermark);
        await this.send(connection, JSON.stringify(frame));
      })
      .catch((err: unknown) => {
        this.log.warn({ err, conversationId }, 'webchat stream delivery failed');
      });
  }

  private send(connection: Connection, data: string): Promise<void> {
    if (connection.socket.readyState !== connection.socket.OPEN) return Promise.resolve();
    return new Promise((resolve) => connection.socket.send(data, () => resolve()));
  }

  /** Drops sockets that stopped answering and keeps idle proxies from closing live ones. */
  private beat(): void {
    for (const room of this.rooms.values()) {
      for (const connection of room.connections) {
        if (!connection.alive) {
          connection.socket.terminate();
          continue;
        }
        connection.alive = false;
        connection.socket.ping();
      }
    }
  }
}
