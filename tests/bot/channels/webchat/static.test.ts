import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningApp, type ListeningApp } from '../../../support/directline.js';

describe('web chat pages and scripts', () => {
  let server: ListeningApp;
  beforeAll(async () => {
    server = await listeningApp('sqlite');
  });
  afterAll(async () => server.close());

  it('/ is the demo municipality page, in Greek, with the one-tag embed and a strict content policy', async () => {
    const res = await server.app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<html lang="el">');
    expect(res.body).toMatch(/<script src="\/webchat\.js" data-centre="thira"[^>]*><\/script>/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('/webchat.js is the embed, cached briefly so fixes reach embedding sites the same day', async () => {
    const res = await server.app.inject('/webchat.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body).toContain('renderWebChat');
    // Our code never writes markup: no innerHTML anywhere in the embed.
    expect(res.body).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write/);
  });

  it('/vendor/botframework-webchat.js is the Web Chat bundle from node_modules, cached long', async () => {
    const res = await server.app.inject('/vendor/botframework-webchat.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=2592000');
    expect(res.headers.etag).toBeTruthy();
    expect(Number(res.headers['content-length'])).toBeGreaterThan(1_000_000);
  });

  it('unknown paths stay 404 (no catch-all route)', async () => {
    expect((await server.app.inject('/nope.js')).statusCode).toBe(404);
  });
});
