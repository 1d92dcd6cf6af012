import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelDatabase, startChannelApp, type ChannelApp } from '../../../support/channel-app.js';
import { runKentro } from '../../../support/cli.js';
import type { TestDatabase } from '../../../support/db.js';
import { ViberDouble } from '../../../support/viber-double.js';

describe('kentro viber set-webhook', () => {
  let viber: ViberDouble;
  let database: TestDatabase;
  let kentro: ChannelApp;
  beforeAll(async () => {
    viber = await ViberDouble.start();
    database = await channelDatabase('sqlite');
    kentro = await startChannelApp(database, viber.env());
  });
  afterAll(async () => {
    await kentro.close();
    await viber.close();
    await database.drop();
  });

  it('registers PUBLIC_URL/webhooks/viber; Viber checks it at once with a signed callback', async () => {
    const result = await runKentro(['viber', 'set-webhook'], viber.env({ PUBLIC_URL: kentro.url }));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(`Viber now sends callbacks to ${kentro.url}/webhooks/viber`);
    const call = viber.calls.find((c) => c.endpoint === 'set_webhook')!;
    expect(call.body).toMatchObject({ url: `${kentro.url}/webhooks/viber`, event_types: ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'] });
  }, 60_000);

  it('fails in one line when kentro is not reachable at PUBLIC_URL', async () => {
    const result = await runKentro(['viber', 'set-webhook'], viber.env({ PUBLIC_URL: 'http://127.0.0.1:9' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('kentro: Viber refused: viber 1: invalidUrl');
  }, 60_000);
});
