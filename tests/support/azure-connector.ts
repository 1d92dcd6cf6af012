import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { azurePlugin } from '../../src/bot/channels/azure/plugin.js';
import { loadEnv } from '../../src/config/env.js';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import { buildApp } from '../../src/server/app.js';
import { FAST_OUTBOX, type ChannelApp } from './channel-app.js';
import type { TestDatabase } from './db.js';

/**
 * A stand-in for the Bot Connector service on 127.0.0.1: a real HTTP server that kentro reaches
 * through the serviceUrl of the activities it received. It takes
 * POST /v3/conversations/:conversationId/activities[/:replyToId], records what the bot sent,
 * answers with a ResourceResponse, and can be told to fail (an HTTP status, some times) or go down.
 * Authentication is off, as with the Bot Framework Emulator.
 */

export interface SentActivity {
  conversationId: string;
  replyToId: string | undefined;
  id: string;
  authorization: string | undefined;
  activity: {
    type: string;
    text?: string;
    from?: { id: string; name?: string };
    recipient?: { id: string };
    conversation?: { id: string };
    channelId?: string;
    suggestedActions?: { actions: { type: string; title: string; value: string }[] };
  };
}

export class ConnectorStandIn {
  /** Every request, also the failed ones. */
  requests = 0;
  private readonly sent: SentActivity[] = [];
  private failures: { status: number; left: number }[] = [];
  private readonly listeners = new Set<() => void>();
  private server: Server;
  private port = 0;
  private next = 1;

  private constructor() {
    this.server = this.createServer();
  }

  static async start(): Promise<ConnectorStandIn> {
    const standIn = new ConnectorStandIn();
    await standIn.listen(0);
    return standIn;
  }

  /** The serviceUrl activities carry (with the trailing slash Azure puts there). */
  get serviceUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  activities(conversationId?: string): SentActivity[] {
    return conversationId === undefined ? [...this.sent] : this.sent.filter((s) => s.conversationId === conversationId);
  }

  /** The next `times` requests are answered with `status`. */
  fail(status: number, times: number): void {
    this.failures.push({ status, left: times });
  }

  async down(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  async up(): Promise<void> {
    this.server = this.createServer();
    await this.listen(this.port);
  }

  waitFor(conversationId: string, count: number, timeoutMs = 15_000): Promise<SentActivity[]> {
    const check = () => {
      const got = this.activities(conversationId);
      return got.length >= count ? got : undefined;
    };
    const first = check();
    if (first) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`connector stand-in: timed out waiting for ${count} activities in ${conversationId}; got ${JSON.stringify(this.activities(conversationId).map((s) => s.activity.text?.slice(0, 40)))}`));
      }, timeoutMs);
      const listener = () => {
        const value = check();
        if (!value) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(value);
      };
      this.listeners.add(listener);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private createServer(): Server {
    return createServer((req, res) => {
      this.route(req, res)
        .catch((err: unknown) => {
          if (!res.headersSent) send(res, 500, JSON.stringify({ error: { code: 'ServiceError', message: String(err) } }));
        })
        .finally(() => [...this.listeners].forEach((l) => l()));
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://connector').pathname;
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (req.method !== 'POST' || !m) return send(res, 404, JSON.stringify({ error: { code: 'NotFound', message: path } }));
    const body = await readBody(req);
    this.requests++;
    const failure = this.failures.find((f) => f.left > 0);
    if (failure) {
      failure.left -= 1;
      return send(res, failure.status, JSON.stringify({ error: { code: 'ServiceError', message: 'the stand-in fails on purpose' } }));
    }
    const id = `sent-${this.next++}`;
    this.sent.push({
      conversationId: decodeURIComponent(m[1]!),
      replyToId: m[2] ? decodeURIComponent(m[2]) : undefined,
      id,
      authorization: req.headers.authorization,
      activity: JSON.parse(body) as SentActivity['activity'],
    });
    return send(res, 200, JSON.stringify({ id }));
  }
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/**
 * The whole app (buildApp) with the Azure channel on and authentication off: botbuilder's own
 * authentication with no app id, as the Emulator uses. Listening on 127.0.0.1.
 */
export async function startAzureApp(database: TestDatabase, env: Record<string, string> = {}): Promise<ChannelApp> {
  const db = await database.open();
  const parsedEnv = loadEnv({ LOG_LEVEL: 'silent', ...env }, '/nonexistent/.env');
  // An attempt takes seconds while the connector fails (botbuilder retries within it): the lease
  // must outlast it, as the default 60 s does, or the row is claimed again and sent twice.
  const app = await buildApp({ env: parsedEnv, db, content: await loadContent(defaultContentDir()), outbox: { ...FAST_OUTBOX, leaseMs: 40_000 } });
  await app.register(azurePlugin, { env: parsedEnv, auth: new ConfigurationBotFrameworkAuthentication({}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    db,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}

/** A citizen on one Azure channel, writing to kentro's /api/messages as the connector would post it. */
export class AzureCitizen {
  readonly conversationId = `a:${randomUUID()}`;
  private next = 1;

  constructor(
    private readonly connector: ConnectorStandIn,
    private readonly appUrl: string,
    readonly userId: string,
    private readonly options: { channelId?: string; locale?: string; isGroup?: boolean } = {},
  ) {}

  get channelId(): string {
    return this.options.channelId ?? 'webchat';
  }

  /** ContactInbox.sourceId of this citizen. */
  get sourceId(): string {
    return `${this.channelId}:${this.userId}`;
  }

  activity(fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: `act-${this.next++}`,
      timestamp: new Date().toISOString(),
      channelId: this.channelId,
      serviceUrl: this.connector.serviceUrl,
      from: { id: this.userId, name: 'Πολίτης' },
      recipient: { id: 'kentro-bot', name: 'Κέντρο Κοινότητας' },
      conversation: { id: this.conversationId, ...(this.options.isGroup ? { isGroup: true } : {}) },
      ...(this.options.locale ? { locale: this.options.locale } : {}),
      ...fields,
    };
  }

  post(activity: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.appUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  }

  say(text: string, id?: string): Promise<Response> {
    return this.post(this.activity({ type: 'message', text, ...(id ? { id } : {}) }));
  }

  /** Presses a suggested action of the bot's last message: imBack sends its value as text. */
  press(title: string): Promise<Response> {
    const shown = this.connector.activities(this.conversationId).at(-1)?.activity.suggestedActions?.actions;
    const action = shown?.find((a) => a.title === title);
    if (!action) throw new Error(`no suggested action "${title}": ${JSON.stringify(shown?.map((a) => a.title))}`);
    return this.say(action.value);
  }

  /** The chat opens: the bot and the citizen are added to the conversation. */
  join(): Promise<Response> {
    return this.post(this.activity({ type: 'conversationUpdate', membersAdded: [{ id: 'kentro-bot' }, { id: this.userId }] }));
  }
}
