import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackDouble, readBody, sendJson as send } from './loopback-double.js';

/**
 * A stand-in for Viber's REST Bot API on 127.0.0.1: a real HTTP server that kentro reaches through
 * VIBER_API_ROOT. It checks X-Viber-Auth-Token, records calls, answers with 64-bit message tokens
 * written as JSON numbers (as Viber does), calls the webhook back on set_webhook, and can be told
 * to fail or go down.
 */

export const VIBER_TOKEN = '4453b6ac12345678-e02c5f12174805f9-9a2e6e6e5a6b7c8d';

export interface ViberCall {
  endpoint: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ViberButton {
  Columns: number;
  Rows: number;
  ActionType: string;
  ActionBody: string;
  Text: string;
}

export interface ViberSent {
  receiver: string;
  text: string;
  buttons: ViberButton[] | undefined;
  /** The token kentro was given (exact decimal digits). */
  token: string;
}

export interface ViberFailure {
  endpoint?: string;
  times?: number;
  /** An HTTP status (429, 500) … */
  http?: number;
  /** … or an HTTP 200 with this Viber status (6 = not subscribed, 12 = too many requests). */
  viberStatus?: number;
}

export class ViberDouble extends LoopbackDouble {
  readonly calls: ViberCall[] = [];
  private readonly messages: ViberSent[] = [];
  private failures: (ViberFailure & { left: number })[] = [];
  /** Close together and above 2^53: a JSON number would lose the difference. */
  private nextToken = 5741311803571721087n;

  private constructor() {
    super('viber double');
  }

  static async start(): Promise<ViberDouble> {
    const double = new ViberDouble();
    await double.listen(0);
    return double;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/pa`;
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { VIBER_AUTH_TOKEN: VIBER_TOKEN, VIBER_API_ROOT: this.apiRoot, PUBLIC_URL: 'https://kentro.example.gr', ...extra };
  }

  sent(receiver?: string): ViberSent[] {
    return receiver === undefined ? [...this.messages] : this.messages.filter((m) => m.receiver === receiver);
  }

  fail(failure: ViberFailure): void {
    this.failures.push({ ...failure, left: failure.times ?? 1 });
  }

  waitForMessages(receiver: string, count: number, timeoutMs = 10_000): Promise<ViberSent[]> {
    return this.waitFor(() => {
      const got = this.sent(receiver);
      return got.length >= count ? got : undefined;
    }, timeoutMs, `${count} messages to ${receiver}`);
  }

  protected errorBody(err: unknown): string {
    return JSON.stringify({ status: 99, status_message: String(err) });
  }

  protected describeSent(): string {
    return JSON.stringify(this.messages.map((m) => [m.receiver, m.text.slice(0, 40)]));
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/pa\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://double').pathname);
    if (!m) return send(res, 404, '{}');
    const endpoint = m[1]!;
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    this.calls.push({ endpoint, body, at: Date.now() });
    if (req.headers['x-viber-auth-token'] !== VIBER_TOKEN) return send(res, 200, JSON.stringify({ status: 2, status_message: 'invalidAuthToken' }));
    const failure = this.failures.find((f) => (f.endpoint ?? 'send_message') === endpoint && f.left > 0);
    if (failure) {
      failure.left -= 1;
      if (failure.http) return send(res, failure.http, '{"status":99,"status_message":"server error"}');
      return send(res, 200, JSON.stringify({ status: failure.viberStatus ?? 99, status_message: 'failure' }));
    }
    if (endpoint === 'send_message') {
      const token = (this.nextToken++).toString();
      const keyboard = body.keyboard as { Buttons?: ViberButton[] } | undefined;
      this.messages.push({ receiver: String(body.receiver), text: String(body.text), buttons: keyboard?.Buttons, token });
      // The token as a bare JSON number, exactly as Viber writes it.
      return send(res, 200, `{"status":0,"status_message":"ok","message_token":${token},"chat_hostname":"SN-CHAT-01_"}`);
    }
    if (endpoint === 'set_webhook') {
      // Viber checks the URL at once with a signed `webhook` event.
      const check = await fetch(String(body.url), signedRequest({ event: 'webhook', timestamp: Date.now(), chat_hostname: 'SN-CHAT-01_', message_token: '5741311803571721000' })).catch(() => null);
      if (!check || check.status !== 200) return send(res, 200, JSON.stringify({ status: 1, status_message: 'invalidUrl' }));
      return send(res, 200, JSON.stringify({ status: 0, status_message: 'ok', event_types: body.event_types }));
    }
    return send(res, 200, JSON.stringify({ status: 0, status_message: 'ok' }));
  }
}

/**
 * A callback as Viber sends it: JSON with message tokens as bare numbers, signed with the auth
 * token in X-Viber-Content-Signature.
 */
export function signedRequest(event: Record<string, unknown>, authToken = VIBER_TOKEN, signature?: string): RequestInit {
  const body = JSON.stringify(event).replace(/"message_token":"(\d+)"/g, '"message_token":$1');
  return signedBody(body, authToken, signature);
}

/** Any bytes, signed as Viber would sign them. */
export function signedBody(body: string, authToken = VIBER_TOKEN, signature?: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-viber-content-signature': signature ?? createHmac('sha256', authToken).update(body).digest('hex') },
    body,
  };
}

let nextIncomingToken = 5741311803571000000n;
export function newMessageToken(): string {
  return (nextIncomingToken++).toString();
}

/** A Viber user writing to the bot through kentro's webhook. */
export class ViberCitizen {
  constructor(
    private readonly double: ViberDouble,
    private readonly appUrl: string,
    readonly id: string,
    private readonly language?: string,
  ) {}

  private get user() {
    return { id: this.id, name: 'Citizen', ...(this.language ? { language: this.language } : {}), country: 'GR', api_version: 10 };
  }

  event(event: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.appUrl}/webhooks/viber`, signedRequest({ timestamp: Date.now(), ...event }));
  }

  open(context?: string): Promise<Response> {
    return this.event({ event: 'conversation_started', type: 'open', message_token: newMessageToken(), user: this.user, subscribed: false, ...(context ? { context } : {}) });
  }

  say(text: string, token = newMessageToken()): Promise<Response> {
    return this.event({ event: 'message', message_token: token, sender: this.user, message: { type: 'text', text } });
  }

  send(message: Record<string, unknown>): Promise<Response> {
    return this.event({ event: 'message', message_token: newMessageToken(), sender: this.user, message });
  }

  /** Presses a keyboard button of the bot's last message: Viber sends its ActionBody as text. */
  press(title: string, buttons?: ViberButton[]): Promise<Response> {
    const shown = buttons ?? this.double.sent(this.id).at(-1)?.buttons;
    const button = shown?.find((b) => b.Text === title || b.ActionBody === title);
    if (!button) throw new Error(`no button "${title}" for ${this.id}: ${JSON.stringify(shown?.map((b) => b.Text))}`);
    return this.say(button.ActionBody);
  }

  unsubscribe(): Promise<Response> {
    return this.event({ event: 'unsubscribed', user_id: this.id, message_token: newMessageToken() });
  }

  receipt(event: 'delivered' | 'seen' | 'failed', token: string, at = Date.now()): Promise<Response> {
    return this.event({ event, timestamp: at, message_token: token, user_id: this.id, ...(event === 'failed' ? { desc: 'failure' } : {}) });
  }
}
