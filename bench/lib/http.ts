import { Agent, request } from 'node:http';

/** One keep-alive agent for the whole client: the cheapest HTTP client Node has (fetch costs more CPU). */
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

export interface Response {
  status: number;
  body: string;
}

/** POSTs JSON; retries once when a kept-alive socket was closed under us (ECONNRESET). */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}, retry = true): Promise<Response> {
  const payload = JSON.stringify(body);
  try {
    return await new Promise<Response>((resolve, reject) => {
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  } catch (err) {
    if (retry && (err as NodeJS.ErrnoException).code === 'ECONNRESET') return postJson(url, body, headers, false);
    throw err;
  }
}
