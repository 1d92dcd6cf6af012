import { z } from 'zod';
import { DeliveryError } from '../../outbox/errors.js';
import { parseViberJson } from './json.js';
import type { ViberKeyboard } from './keyboard.js';
import type { ViberSettings } from './settings.js';

/** Every callback kentro handles; set-webhook asks Viber for these. */
export const EVENT_TYPES = ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'] as const;

export interface ViberTextMessage {
  type: 'text';
  text: string;
  keyboard?: ViberKeyboard;
}

const answer = z.looseObject({ status: z.number(), status_message: z.string().optional(), message_token: z.string().optional() });

// Viber's status codes (REST Bot API, "Error codes"). The rest (12 too many requests, 2 bad auth
// token, 7-10 account blocked, suspended or webhook not set, unknown ones) are retried: they pass,
// or the operator fixes them.
const NOT_THERE = new Set([5, 6]); // receiver not registered / not subscribed
const BAD_REQUEST = new Set([1, 3, 4, 11, 13, 14]); // bad URL or data, missing data, no suitable device, API version

/** A small typed client of Viber's REST Bot API (the viber-bot SDK is unmaintained). */
export class ViberClient {
  constructor(private readonly settings: Pick<ViberSettings, 'authToken' | 'apiRoot' | 'senderName'>) {}

  /** Sends one message; returns Viber's message token (delivery receipts refer to it). */
  async sendMessage(receiver: string, message: ViberTextMessage): Promise<string> {
    const result = await this.call('send_message', { receiver, sender: { name: this.settings.senderName }, ...message });
    if (!result.message_token) throw new DeliveryError('retry', 'viber: no message token in the answer');
    return result.message_token;
  }

  /** Viber checks the URL at once with a signed `webhook` callback: kentro must be reachable there. */
  async setWebhook(url: string): Promise<void> {
    await this.call('set_webhook', { url, event_types: [...EVENT_TYPES], send_name: true, send_photo: false });
  }

  /** The welcome message for a conversation_started answer (same shape as send_message's). */
  welcome(message: ViberTextMessage): Record<string, unknown> {
    return { sender: { name: this.settings.senderName }, ...message };
  }

  private async call(endpoint: string, body: Record<string, unknown>): Promise<z.infer<typeof answer>> {
    let res: Response;
    try {
      res = await fetch(`${this.settings.apiRoot}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-viber-auth-token': this.settings.authToken },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new DeliveryError('retry', 'viber unreachable');
    }
    const text = await res.text().catch(() => '');
    if (res.status === 429 || res.status >= 500) throw new DeliveryError('retry', `viber HTTP ${res.status}`, retryAfter(res.headers.get('retry-after')));
    if (!res.ok) throw new DeliveryError('permanent', `viber HTTP ${res.status}`);
    let parsed: z.infer<typeof answer>;
    try {
      parsed = answer.parse(parseViberJson(text));
    } catch {
      throw new DeliveryError('retry', 'viber: unreadable answer');
    }
    if (parsed.status === 0) return parsed;
    const what = `viber ${parsed.status}: ${parsed.status_message ?? 'error'}`;
    if (NOT_THERE.has(parsed.status)) throw new DeliveryError('unsubscribed', what);
    if (BAD_REQUEST.has(parsed.status)) throw new DeliveryError('permanent', what);
    throw new DeliveryError('retry', what);
  }
}

function retryAfter(header: string | null): number | undefined {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
