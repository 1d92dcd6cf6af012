import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The HTTP plumbing every channel API stand-in shares (Telegram, Viber, the Bot Connector): a
 * real server on 127.0.0.1 that can go down and come back on the same port, and `waitFor`,
 * which re-checks a condition after every request the double answers.
 */
export abstract class LoopbackDouble {
  protected server: Server;
  protected port = 0;
  private readonly listeners = new Set<() => void>();

  protected constructor(private readonly name: string) {
    this.server = this.createServer();
  }

  /** Answers one request (a rejection becomes a 500 with `errorBody`). */
  protected abstract route(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The channel API's own error body, for a 500. */
  protected abstract errorBody(err: unknown): string;
  /** What was sent so far, short, for timeout messages. */
  protected abstract describeSent(): string;

  protected async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Re-checks every `waitFor` (also in the middle of a request, e.g. while a send is held). */
  protected notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Stops answering: connections are refused until `up`. */
  async down(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Answers again, on the same port. */
  async up(): Promise<void> {
    this.server = this.createServer();
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves with `check()`'s first truthy value, re-checked after every request. */
  async waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 10_000, what = 'a condition'): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`${this.name}: timed out waiting for ${what}; sent so far: ${this.describeSent()}`));
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

  private createServer(): Server {
    return createServer((req, res) => {
      this.route(req, res)
        .catch((err: unknown) => {
          if (!res.headersSent) sendJson(res, 500, this.errorBody(err));
        })
        .finally(() => this.notify());
    });
  }
}

export function sendJson(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
