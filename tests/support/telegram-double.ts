import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackDouble, readBody } from './loopback-double.js';

/**
 * A stand-in for the Telegram Bot API on 127.0.0.1: a real HTTP server that grammY talks to
 * through TELEGRAM_API_ROOT. It records every call, answers like Telegram, can be told to fail
 * (429 with retry_after, 500, 403) or to go down and come back, serves getUpdates for long
 * polling and files for getFile.
 */

export interface TelegramCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

export interface InlineButton {
  text: string;
  callback_data: string;
}

export interface SentMessage {
  chatId: string;
  messageId: number;
  text: string;
  keyboard: InlineButton[][] | undefined;
  at: number;
}

export interface Failure {
  /** Method that fails (default sendMessage). */
  method?: string;
  /** How many calls fail (default 1; Infinity until `clearFailures`). */
  times?: number;
  /** Calls that still succeed before the failures start (default 0). */
  after?: number;
  status: number;
  description?: string;
  retryAfter?: number;
}

export type Update = Record<string, unknown> & { update_id: number };

let nextUpdateId = 700_000_000;
/** Update ids are unique across the whole test run, like Telegram's per bot. */
export function newUpdateId(): number {
  return nextUpdateId++;
}

export class TelegramDouble extends LoopbackDouble {
  readonly token = '123456789:TEST-token_for-the-double';
  readonly calls: TelegramCall[] = [];
  readonly files = new Map<string, { path: string; bytes: Buffer }>();
  webhook: { url: string; secret_token?: string; allowed_updates?: string[] } | null = null;
  /** How long sendMessage takes to answer (ms), to have sends in flight. */
  latencyMs = 0;
  private paused: Promise<void> | null = null;
  private resumePaused: (() => void) | null = null;
  /** sendMessage calls waiting for `resume`. */
  held = 0;
  private readonly messages: SentMessage[] = [];
  private failures: (Failure & { left: number; skip: number })[] = [];
  private readonly updates: Update[] = [];
  private readonly pollers = new Set<() => void>();
  private readonly subscribers = new Set<(message: SentMessage) => void>();
  private nextMessageId = 1;

  private constructor() {
    super('telegram double');
  }

  static async start(): Promise<TelegramDouble> {
    const double = new TelegramDouble();
    await double.listen(0);
    return double;
  }

  /** TELEGRAM_API_ROOT for kentro. */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Environment that points kentro's Telegram channel at this double (webhook mode, no rate limits). */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      TELEGRAM_BOT_TOKEN: this.token,
      TELEGRAM_API_ROOT: this.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      PUBLIC_URL: 'https://kentro.example.gr',
      TELEGRAM_MAX_RATE: '0',
      ...extra,
    };
  }

  /** Messages the bot sent (sendMessage calls that succeeded), in order, optionally to one chat. */
  sent(chatId?: string | number): SentMessage[] {
    return chatId === undefined ? [...this.messages] : this.messages.filter((m) => m.chatId === String(chatId));
  }

  /** Called with every message the bot sends, as it arrives (the benchmark's clock). */
  onMessage(listener: (message: SentMessage) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  callsOf(method: string): TelegramCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** sendMessage calls are held (received, not answered) until `resume`. */
  pause(): void {
    this.paused ??= new Promise((resolve) => (this.resumePaused = resolve));
  }

  resume(): void {
    this.resumePaused?.();
    this.paused = null;
  }

  fail(failure: Failure): void {
    this.failures.push({ ...failure, left: failure.times ?? 1, skip: failure.after ?? 0 });
  }

  clearFailures(): void {
    this.failures = [];
  }

  /** Stops answering: connections are refused until `up`. */
  override async down(): Promise<void> {
    for (const wake of this.pollers) wake();
    await super.down();
  }

  /** An update for long polling (getUpdates). */
  queueUpdate(update: Update): void {
    this.updates.push(update);
    for (const wake of this.pollers) wake();
  }

  /** Waits until `count` messages have gone to the chat, and returns them. */
  waitForMessages(chatId: string | number, count: number, timeoutMs = 10_000): Promise<SentMessage[]> {
    return this.waitFor(() => {
      const got = this.sent(chatId);
      return got.length >= count ? got : undefined;
    }, timeoutMs, `${count} messages to chat ${chatId}`);
  }

  override async close(): Promise<void> {
    for (const wake of this.pollers) wake();
    await super.close();
  }

  protected errorBody(err: unknown): string {
    return JSON.stringify({ ok: false, error_code: 500, description: String(err) });
  }

  protected describeSent(): string {
    return JSON.stringify(this.messages.map((m) => [m.chatId, m.text.slice(0, 40)]));
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      const found = [...this.files.values()].find((f) => f.path === file[2]);
      if (file[1] !== this.token || !found) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(found.bytes);
      return;
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.token) return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    const body = await readBody(req);
    const params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    this.calls.push({ method, params, at: Date.now() });
    try {
      const failure = this.failures.find((f) => (f.method ?? 'sendMessage') === method && f.left > 0);
      if (failure && failure.skip > 0) failure.skip -= 1;
      else if (failure) {
        failure.left -= 1;
        return reply(res, failure.status, {
          ok: false,
          error_code: failure.status,
          description: failure.description ?? (failure.status === 429 ? `Too Many Requests: retry after ${failure.retryAfter ?? 1}` : 'Internal Server Error'),
          ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
        });
      }
      if (method === 'getUpdates') return await this.getUpdates(res, params);
      if (method === 'sendMessage' && this.paused) {
        this.held += 1;
        this.notify();
        await this.paused;
        this.held -= 1;
      }
      if (method === 'sendMessage' && this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      if (res.destroyed) return;
      return reply(res, 200, { ok: true, result: this.answer(method, params) });
    } finally {
      this.notify();
    }
  }

  private answer(method: string, params: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return { id: 123456789, is_bot: true, first_name: 'kentro', username: 'kentro_test_bot' };
      case 'sendMessage': {
        const message: SentMessage = {
          chatId: String(params.chat_id),
          messageId: this.nextMessageId++,
          text: String(params.text),
          keyboard: (params.reply_markup as { inline_keyboard?: InlineButton[][] } | undefined)?.inline_keyboard,
          at: Date.now(),
        };
        this.messages.push(message);
        for (const subscriber of this.subscribers) subscriber(message);
        return { message_id: message.messageId, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'private' }, text: message.text };
      }
      case 'answerCallbackQuery':
        return true;
      case 'setWebhook':
        this.webhook = { url: String(params.url), ...(params.secret_token ? { secret_token: String(params.secret_token) } : {}), ...(Array.isArray(params.allowed_updates) ? { allowed_updates: params.allowed_updates.map(String) } : {}) };
        return true;
      case 'deleteWebhook':
        this.webhook = null;
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 };
      case 'getFile': {
        const f = this.files.get(String(params.file_id));
        return { file_id: params.file_id, file_unique_id: `u-${String(params.file_id)}`, ...(f ? { file_path: f.path, file_size: f.bytes.length } : {}) };
      }
      default:
        return true;
    }
  }

  /** Long polling: answers at once when updates wait, otherwise holds the call (briefly). */
  private async getUpdates(res: ServerResponse, params: Record<string, unknown>): Promise<void> {
    const offset = typeof params.offset === 'number' ? params.offset : 0;
    // Confirmed updates (below the offset) are gone for good, as on Telegram.
    while (this.updates.length && this.updates[0]!.update_id < offset) this.updates.shift();
    if (this.updates.length === 0 && typeof params.timeout === 'number' && params.timeout > 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.pollers.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(Number(params.timeout), 1) * 1000);
        this.pollers.add(wake);
      });
    }
    if (res.destroyed) return;
    reply(res, 200, { ok: true, result: this.updates.filter((u) => u.update_id >= offset) });
  }
}

/** TELEGRAM_WEBHOOK_SECRET in tests. */
export const TELEGRAM_SECRET = 'kentro-test-secret_0123456789';

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A citizen in a private chat with the bot, posting updates to kentro's webhook as Telegram
 * would. `press` finds the button by its label in the last message the bot sent them.
 */
export class TelegramCitizen {
  constructor(
    private readonly double: TelegramDouble,
    private readonly appUrl: string,
    readonly chatId: number,
    private readonly languageCode?: string,
  ) {}

  private get from() {
    return { id: this.chatId, is_bot: false, first_name: 'Citizen', ...(this.languageCode ? { language_code: this.languageCode } : {}) };
  }

  messageUpdate(fields: Record<string, unknown>, updateId = newUpdateId()): Update {
    return {
      update_id: updateId,
      message: { message_id: updateId % 100_000, date: Math.floor(Date.now() / 1000), chat: { id: this.chatId, type: 'private', first_name: 'Citizen' }, from: this.from, ...fields },
    };
  }

  say(text: string, updateId?: number): Promise<Response> {
    return this.post(this.messageUpdate({ text }, updateId));
  }

  /** Presses the button labelled `title` under the last message the bot sent to this chat. */
  press(title: string): Promise<Response> {
    const last = this.double.sent(this.chatId).at(-1);
    const button = last?.keyboard?.flat().find((b) => b.text === title);
    if (!last || !button) throw new Error(`no button "${title}" in the last message to ${this.chatId}: ${JSON.stringify(last?.keyboard)}`);
    const updateId = newUpdateId();
    return this.post({
      update_id: updateId,
      callback_query: {
        id: `cq-${updateId}`,
        from: this.from,
        chat_instance: 'ci',
        data: button.callback_data,
        message: { message_id: last.messageId, date: Math.floor(last.at / 1000), chat: { id: this.chatId, type: 'private' }, text: last.text, reply_markup: { inline_keyboard: last.keyboard } },
      },
    });
  }

  post(update: Update, secret: string | null = TELEGRAM_SECRET): Promise<Response> {
    return fetch(`${this.appUrl}/webhooks/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret !== null ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(update),
    });
  }
}
