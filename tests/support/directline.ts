import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { loadEnv, type Env } from '../../src/config/env.js';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import type { Db, Provider } from '../../src/db/client.js';
import { syncContent } from '../../src/db/sync-content.js';
import { buildApp } from '../../src/server/app.js';
import { migratedDatabase } from './db.js';

/** A test secret, so tests can also sign tokens the server did not issue (expired, forged). */
export const TEST_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface ListeningApp {
  app: FastifyInstance;
  db: Db;
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/**
 * The whole app (buildApp) on a migrated database with the demo centres, listening on a free
 * port of 127.0.0.1, so clients talk to it over real HTTP and WebSockets.
 */
export async function listeningApp(provider: Provider, env: Record<string, string> = {}): Promise<ListeningApp> {
  const migrated = await migratedDatabase(provider);
  const content = await loadContent(defaultContentDir());
  await syncContent(migrated.db.prisma, content);
  const parsedEnv: Env = loadEnv({ LOG_LEVEL: 'silent', NLU_RETRAIN: 'off', KENTRO_SECRET: TEST_SECRET, ...env }, '/nonexistent/.env');
  const app = await buildApp({ env: parsedEnv, db: migrated.db, content });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    db: migrated.db,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await migrated.cleanup();
    },
  };
}

export interface Activity {
  type: string;
  id: string;
  text?: string;
  locale?: string;
  from: { id: string; role: 'user' | 'bot' };
  suggestedActions?: { actions: { type: string; title: string; value: string; text?: string; displayText?: string }[] };
  channelData?: { clientActivityID?: string };
  [key: string]: unknown;
}

export interface ActivitySet {
  activities: Activity[];
  watermark: string;
}

export interface Conversation {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A Direct Line 3.0 client over fetch, as botframework-directlinejs calls the endpoint. */
export class DirectLine {
  constructor(readonly base: string) {}

  async request<T = unknown>(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.base}/v3/directline${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /**
   * Starts a conversation. Each call comes from its own client address (X-Forwarded-For), so
   * the per-address limit on new conversations does not trip tests that start many.
   */
  async start(body: unknown = { user: { id: 'ignored' } }): Promise<Conversation> {
    const headers = { 'x-forwarded-for': `10.${rnd()}.${rnd()}.${rnd()}` };
    const res = await this.request<Conversation>('POST', '/conversations', { body, headers });
    if (res.status !== 201) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Posts a message the way Web Chat does (with a clientActivityID); `value` is a pressed button. */
  post(c: { conversationId: string; token: string }, activity: Record<string, unknown>): Promise<Answer<{ id: string }>> {
    return this.request('POST', `/conversations/${encodeURIComponent(c.conversationId)}/activities`, {
      token: c.token,
      body: { type: 'message', from: { id: 'me', role: 'user' }, channelData: { clientActivityID: `c-${Math.random().toString(36).slice(2)}` }, ...activity },
    });
  }

  activities(c: { conversationId: string; token: string }, watermark?: string): Promise<Answer<ActivitySet>> {
    const query = watermark === undefined ? '' : `?watermark=${encodeURIComponent(watermark)}`;
    return this.request('GET', `/conversations/${encodeURIComponent(c.conversationId)}/activities${query}`, { token: c.token });
  }

  reconnect(c: { conversationId: string; token: string }, watermark?: string): Promise<Answer<Conversation>> {
    const query = watermark === undefined ? '' : `?watermark=${encodeURIComponent(watermark)}`;
    return this.request('GET', `/conversations/${encodeURIComponent(c.conversationId)}${query}`, { token: c.token });
  }
}

function rnd(): number {
  return Math.floor(Math.random() * 254) + 1;
}

/** A WebSocket on a Direct Line stream URL that records every frame. */
export class Stream {
  readonly frames: { activities: Activity[]; watermark?: string }[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: { toString(): string }) => {
      const text = data.toString();
      if (text === '') return;
      this.frames.push(JSON.parse(text) as { activities: Activity[]; watermark?: string });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static open(url: string): Promise<Stream> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const stream = new Stream(socket);
      socket.once('open', () => resolve(stream));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`stream refused: HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** Every activity received, in order. */
  get activities(): Activity[] {
    return this.frames.flatMap((f) => f.activities);
  }

  /** Messages only (no typing, no conversationUpdate). */
  get messages(): Activity[] {
    return this.activities.filter((a) => a.type === 'message');
  }

  get watermark(): string | undefined {
    return this.frames.filter((f) => f.watermark !== undefined).at(-1)?.watermark;
  }

  /** Resolves once `done()` holds, or fails after `timeoutMs` with what arrived. */
  async until(done: (s: Stream) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream: condition not met; got ${JSON.stringify(this.activities.map((a) => [a.type, a.id, a.text]))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** The buttons of the last bot message. */
export function lastButtons(activities: Activity[]): { title: string; value: string }[] {
  const bot = activities.filter((a) => a.type === 'message' && a.from.role === 'bot' && a.suggestedActions);
  return bot.at(-1)?.suggestedActions?.actions.map((a) => ({ title: a.title, value: a.value })) ?? [];
}

/** Presses a button the way Web Chat sends a messageBack action: the title as text, the value as value. */
export function press(button: { title: string; value: string }): Record<string, unknown> {
  return { text: button.title, value: button.value, channelData: { clientActivityID: `c-${Math.random().toString(36).slice(2)}`, messageBack: { displayText: button.title } } };
}
