/**
 * The staff API as the inbox calls it: same origin, the session cookie (httpOnly, set by
 * login) carries the session, so no token is kept in the page. Errors are problem+json.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
  ) {
    super(title);
    this.name = 'ApiError';
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface Api {
  get(path: string): Promise<unknown>;
  post(path: string, body?: unknown): Promise<unknown>;
  patch(path: string, body: unknown): Promise<unknown>;
}

async function problemTitle(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { title?: unknown; detail?: unknown; message?: unknown };
    const text = body.detail ?? body.title ?? body.message;
    if (typeof text === 'string' && text) return text;
  } catch {
    // not JSON: fall back to the status text
  }
  return res.statusText || `HTTP ${res.status}`;
}

/** `onUnauthorized` runs on a 401 (the session ended): the app shows the login form again. */
export function createApi(fetchFn: FetchLike, onUnauthorized: () => void = () => {}): Api {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const res = await fetchFn(path, init);
    // A wrong password at login or password change is a 401 too, but the session goes on.
    if (res.status === 401 && path !== '/api/auth/login' && path !== '/api/auth/password') onUnauthorized();
    if (!res.ok) throw new ApiError(res.status, await problemTitle(res));
    if (res.status === 204) return null;
    const type = res.headers.get('content-type') ?? '';
    return type.includes('json') ? ((await res.json()) as unknown) : null;
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body),
  };
}
