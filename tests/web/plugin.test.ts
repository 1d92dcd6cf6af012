import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INBOX_CSP, INBOX_DIR, inboxPlugin } from '../../src/server/plugins/inbox.js';

describe('the inbox is served at /inbox', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(inboxPlugin);
  });
  afterAll(() => app.close());

  it('serves the page with a strict Content-Security-Policy and no inline script', async () => {
    for (const url of ['/inbox', '/inbox/']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['content-security-policy']).toBe(INBOX_CSP);
      expect(INBOX_CSP).toContain("script-src 'self'");
      expect(INBOX_CSP).not.toContain('unsafe');
      expect(res.headers['x-frame-options']).toBe('DENY');
      // Every script has a src; no inline handlers or styles.
      expect(res.body).toMatch(/<script type="module" src="\/inbox\/app.js"><\/script>/);
      expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(res.body).not.toMatch(/\son\w+=|style=/);
    }
  });

  it('serves the bundled app (Preact included) and its stylesheet, revalidated by ETag', async () => {
    const js = await app.inject({ url: '/inbox/app.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.body.length).toBeGreaterThan(10_000);
    expect(/\beval\(|new Function\(/.test(js.body)).toBe(false);
    const again = await app.inject({ url: '/inbox/app.js', headers: { 'if-none-match': String(js.headers.etag) } });
    expect(again.statusCode).toBe(304);

    const css = await app.inject({ url: '/inbox/inbox.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain('@media');
  });

  it('never renders text as HTML: the app has no innerHTML anywhere', () => {
    for (const file of readdirSync(INBOX_DIR).filter((f) => /\.tsx?$/.test(f))) {
      const source = readFileSync(join(INBOX_DIR, file), 'utf8');
      expect(/innerHTML|dangerouslySetInnerHTML|insertAdjacentHTML|document\.write/.test(source), file).toBe(false);
    }
  });
});
