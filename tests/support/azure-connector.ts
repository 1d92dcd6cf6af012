import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { azurePlugin } from '../../src/bot/channels/azure/plugin.js';
import { FAST_OUTBOX, startChannelApp, type ChannelApp } from './channel-app.js';
import type { TestDatabase } from './db.js';
import { LoopbackDouble, readBody, sendJson as send } from './loopback-double.js';

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

export class ConnectorStandIn extends LoopbackDouble {
  /** Every request, also the failed ones. */
  requests = 0;
  private readonly sent: SentActivity[] = [];
  private failures: { status: number; left: number }[] = [];
  private next = 1;

  private constructor() {
    super('connector stand-in');
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

  /** Waits until `count` activities went to the conversation, and returns them. */
  waitForActivities(conversationId: string, count: number, timeoutMs = 15_000): Promise<SentActivity[]> {
    return this.waitFor(() => {
      const got = this.activities(conversationId);
      return got.length >= count ? got : undefined;
    }, timeoutMs, `${count} activities in ${conversationId}`);
  }

  protected errorBody(err: unknown): string {
    return JSON.stringify({ error: { code: 'ServiceError', message: String(err) } });
  }

  protected describeSent(): string {
    return JSON.stringify(this.sent.map((s) => [s.conversationId, s.activity.text?.slice(0, 40)]));
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
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

/**
 * The whole app (buildApp) with the Azure channel on and authentication off: botbuilder's own
 * authentication with no app id, as the Emulator uses. Listening on 127.0.0.1.
 */
export function startAzureApp(database: TestDatabase, env: Record<string, string> = {}): Promise<ChannelApp> {
  // An attempt takes seconds while the connector fails (botbuilder retries within it): the lease
  // must outlast it, as the default 60 s does, or the row is claimed again and sent twice.
  return startChannelApp(database, env, { ...FAST_OUTBOX, leaseMs: 40_000 }, async (app, parsedEnv) => {
    await app.register(azurePlugin, { env: parsedEnv, auth: new ConfigurationBotFrameworkAuthentication({}) });
  });
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
