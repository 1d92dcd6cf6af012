import type { Db } from '../../src/db/client.js';
import { createStaff } from '../../src/staff-api/staff.js';

export const PASSWORD = 'correct horse battery';

export interface StaffLogin {
  id: string;
  email: string;
  token: string;
  centreId: string;
}

let counter = 0;

/** A staff account of `centreId` (a fresh email each time), logged in over HTTP. */
export async function staffOf(db: Db, url: string, centreId: string, role: 'admin' | 'worker' = 'worker'): Promise<StaffLogin> {
  const email = `staff${++counter}-${Math.random().toString(36).slice(2, 8)}@${centreId}.example.gr`;
  const staff = await createStaff(db.prisma, { email, name: `Staff ${counter}`, role, centreId }, PASSWORD);
  const res = await api(url, 'POST', '/api/auth/login', { body: { email, password: PASSWORD } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: staff.id, email, token: (res.body as { token: string }).token, centreId };
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** One call to the staff API over real HTTP (bearer token when given). */
export async function api<T = Record<string, unknown>>(url: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (the docs page)
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** A Server-Sent Events stream of the staff API, recording every event. */
export class EventStream {
  readonly events: { event: string; data: unknown }[] = [];
  private readonly controller = new AbortController();
  closed = false;
  private waiters: (() => void)[] = [];

  static async open(url: string, token: string): Promise<EventStream> {
    const stream = new EventStream();
    const res = await fetch(`${url}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: stream.controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`events refused: ${res.status}`);
    void stream.read(res.body);
    await stream.until((s) => s.events.some((e) => e.event === 'ready'));
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event) this.events.push({ event, data: data ? (JSON.parse(data) as unknown) : null });
          this.wake();
        }
      }
    } catch {
      // aborted
    }
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  async until(done: (s: EventStream) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`events: condition not met; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 200));
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
