import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotUnderstood } from '../../src/reports/understood.js';
import { channelDatabase, eventually, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';
import { DirectLine } from '../support/directline.js';
import { api, staffOf, type StaffLogin } from '../staff-api/support.js';

/** Something the corpus has no words for: firewood for the stove. */
const TEXT = 'Χρειάζομαι ξύλα για τη σόμπα';
const VARIANT = 'χρειαζομαι ξυλα για τη σομπα!!';

interface Groups {
  groups: { text: string; language: string; count: number; guess: string | null }[];
  intents: string[];
}

// The lookup layer; the apps here do not retrain (NLU_RETRAIN off): retrain.test.ts covers that.
describe.each(providers())('the improvement loop on %s', (provider) => {
  let database: TestDatabase;
  let kentro: ChannelApp;
  /** A second replica on the same database. */
  let other: ChannelApp;
  let worker: StaffLogin;

  beforeAll(async () => {
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, {});
    other = await startChannelApp(database, {});
    // The job runs on the first replica; the second learns through the examples' version.
    await other.app.jobs.stop();
    worker = await staffOf(kentro.db, kentro.url, 'thira', 'worker');
  });
  afterAll(async () => {
    await other?.close();
    await kentro?.close();
    await database?.drop();
  });

  /** Sends `text` in a new web chat conversation of `centre` through `app`; the stored incoming message. */
  async function send(app: ChannelApp, text: string, centre = 'thira') {
    const dl = new DirectLine(app.url);
    const c = await dl.start({ centre, locale: 'el' });
    expect((await dl.post(c, { text })).status).toBeLessThan(300);
    return app.db.prisma.message.findFirstOrThrow({ where: { conversationId: c.conversationId, type: 'incoming', text }, orderBy: { seq: 'desc' } });
  }

  it('a message assigned to an intent is understood the next time, on every replica', async () => {
    const before = await send(kentro, TEXT);
    expect(isNotUnderstood(before), `${before.intent} ${before.intentScore}`).toBe(true);
    await send(kentro, TEXT);
    await send(kentro, 'asdf qwerty zxcv');
    // Another centre's message never shows in Thira's list.
    await send(kentro, 'Θέλω ένα τραπέζι για τη γιορτή', 'samos');

    const list = await api<Groups>(kentro.url, 'GET', '/api/nlu/unknown?limit=10', { token: worker.token });
    expect(list.status).toBe(200);
    expect(list.body.intents).toContain('food_aid');
    expect(list.body.groups[0]).toMatchObject({ text: TEXT, language: 'el', count: 2 });
    expect(list.body.groups.map((g) => g.text)).not.toContain('Θέλω ένα τραπέζι για τη γιορτή');

    const assigned = await api(kentro.url, 'POST', '/api/nlu/examples', { token: worker.token, body: { text: TEXT, language: 'el', intent: 'social_electricity_tariff' } });
    expect(assigned.status).toBe(201);
    const noise = await api(kentro.url, 'POST', '/api/nlu/examples', { token: worker.token, body: { text: 'asdf qwerty zxcv', language: 'el', noise: true } });
    expect(noise.status).toBe(201);
    expect(await kentro.db.prisma.job.count({ where: { kind: 'nlu.retrain' } })).toBeGreaterThanOrEqual(1);
    expect(await kentro.db.prisma.auditLog.count({ where: { action: { startsWith: 'nlu.example.' } } })).toBe(2);

    await kentro.app.jobs.runDue();
    // (The worker's own poll may have claimed it first: then it finishes in a moment.)
    await eventually(async () => (await kentro.db.prisma.job.count({ where: { kind: 'nlu.retrain', status: { not: 'done' } } })) === 0, 10_000, 'the retrain job');
    expect(other.app.learning.loadedVersion).not.toBe(kentro.app.learning.loadedVersion);
    const after = await send(kentro, TEXT);
    expect(after.intent).toBe('social_electricity_tariff');
    expect(isNotUnderstood(after)).toBe(false);
    expect((await send(kentro, VARIANT)).intent).toBe('social_electricity_tariff');

    // The other replica learns it when it checks the examples' version (every 30 s; here now).
    expect(await other.app.learning.refresh()).toBe(true);
    expect((await send(other, TEXT)).intent).toBe('social_electricity_tariff');

    // Reviewed texts leave the list.
    const again = await api<Groups>(kentro.url, 'GET', '/api/nlu/unknown', { token: worker.token });
    expect(again.body.groups.map((g) => g.text)).not.toContain(TEXT);
    expect(again.body.groups.map((g) => g.text)).not.toContain('asdf qwerty zxcv');

    // An erasure deletes the example (src/privacy/erase.ts): replicas forget it at their next check.
    await kentro.db.prisma.nluExample.deleteMany({ where: { text: TEXT } });
    expect(await other.app.learning.refresh()).toBe(true);
    expect(isNotUnderstood(await send(other, TEXT))).toBe(true);
  });

  it('only texts the centre’s citizens sent and the bot did not understand can become examples', async () => {
    const samos = await staffOf(kentro.db, kentro.url, 'samos', 'admin');
    const res = await api(kentro.url, 'POST', '/api/nlu/examples', { token: samos.token, body: { text: 'asdf qwerty zxcv', language: 'el', intent: 'greeting' } });
    expect(res.status).toBe(404);
    const bad = await api(kentro.url, 'POST', '/api/nlu/examples', { token: worker.token, body: { text: TEXT, language: 'el', intent: 'not_an_intent' } });
    expect(bad.status).toBe(400);
    const both = await api(kentro.url, 'POST', '/api/nlu/examples', { token: worker.token, body: { text: TEXT, language: 'el', intent: 'greeting', noise: true } });
    expect(both.status).toBe(400);
    expect((await api(kentro.url, 'GET', '/api/nlu/unknown')).status).toBe(401);
  });
});
