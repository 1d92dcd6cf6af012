import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelDatabase, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';
import { DirectLine, press } from '../support/directline.js';
import { api, EventStream, staffOf, type StaffLogin } from './support.js';

/**
 * Routes that act on the caller alone (their own session) and are checked elsewhere
 * (tests/staff-api/auth.test.ts); the event stream has its own isolation test below.
 */
const SELF_ONLY = new Set(['POST /api/auth/logout', 'POST /api/auth/password', 'GET /api/events']);

/**
 * A valid body per route that takes one, so a refusal is the centre check and not validation.
 * A new route with a body fails this test until it has a sample here.
 */
function sampleBody(route: string, ids: { staffB: string }): unknown {
  const unique = Math.random().toString(36).slice(2, 8);
  const bodies: Record<string, unknown> = {
    'POST /api/conversations/:id/assign': { staffId: ids.staffB },
    'POST /api/conversations/:id/messages': { text: 'from the other centre' },
    'POST /api/conversations/:id/referrals': { serviceKey: 'social_service', note: 'x' },
    'PATCH /api/referrals/:id': { status: 'sent' },
    'POST /api/canned-responses': { shortCode: `iso-${unique}`, texts: { el: 'Δοκιμή' } },
    'POST /api/staff': { email: `iso-${unique}@samos.example.gr`, name: 'Iso', role: 'worker', password: 'a long enough passphrase' },
    'PATCH /api/staff/:id': { role: 'worker' },
    'POST /api/appointments': { start: '2030-03-04T10:00:00+02:00', name: 'Iso' },
    'PATCH /api/appointments/:id': { status: 'attended' },
    'POST /api/closures': { from: '2030-03-04T08:00:00+02:00', to: '2030-03-04T16:00:00+02:00' },
    'POST /api/nlu/examples': { text: 'from the other centre', language: 'el', intent: 'centre_hours' },
  };
  if (!(route in bodies)) throw new Error(`add a sample body for ${route} to tests/staff-api/isolation.test.ts`);
  return bodies[route];
}

describe.each(providers())('staff of one centre never reach another centre’s data on %s', (provider) => {
  let database: TestDatabase;
  let kentro: ChannelApp;
  let thira: StaffLogin;
  let samos: StaffLogin;
  /** Everything of Thira a Samos staff member could try to reach. */
  const a: Record<string, string> = {};

  beforeAll(async () => {
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, {});
    thira = await staffOf(kentro.db, kentro.url, 'thira', 'admin');
    samos = await staffOf(kentro.db, kentro.url, 'samos', 'admin');
    const dl = new DirectLine(kentro.url);
    const c = await dl.start({ centre: 'thira', locale: 'el' });
    await dl.post(c, press({ title: 'Μιλήστε με άνθρωπο', value: 'menu:person' }));
    a.conversation = c.conversationId;
    const conversation = await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } });
    a.contact = conversation.contactId;
    a.staff = thira.id;
    const referral = await api<{ id: string }>(kentro.url, 'POST', `/api/conversations/${c.conversationId}/referrals`, { token: thira.token, body: { serviceKey: 'social_service' } });
    expect(referral.status).toBe(201);
    a.referral = referral.body.id;
    const canned = await api<{ id: string }>(kentro.url, 'POST', '/api/canned-responses', { token: thira.token, body: { shortCode: 'thira-only', texts: { el: 'Μόνο για τη Θήρα' } } });
    expect(canned.status).toBe(201);
    a.canned = canned.body.id;
    // Rows other parts of the API manage: an appointment and a closure of Thira.
    const startsAt = new Date('2030-03-05T08:00:00Z');
    const appointment = await kentro.db.prisma.appointment.create({ data: { centreId: 'thira', contactId: a.contact, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), seat: 1 } });
    a.appointment = appointment.id;
    const closure = await kentro.db.prisma.closure.create({ data: { centreId: 'thira', startsAt, endsAt: new Date(startsAt.getTime() + 3600_000) } });
    a.closure = closure.id;
  });
  afterAll(async () => {
    await kentro.close();
    await database.drop();
  });

  it('every registered route, called by Samos staff with Thira’s ids, answers 403/404 or shows nothing of Thira', async () => {
    const routes = kentro.app.staffApiRoutes.filter((r) => !r.public && !SELF_ONLY.has(`${r.method} ${r.url}`));
    expect(routes.length).toBeGreaterThanOrEqual(12);
    const tried: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      // Each parameter filled with each of Thira's ids in turn.
      const fills = params.length === 0 ? [route.url] : Object.values(a).map((id) => route.url.replace(/:\w+/g, id));
      for (const path of fills) {
        const body = route.body ? sampleBody(key, { staffB: samos.id }) : undefined;
        const res = await api(kentro.url, route.method, path, { token: samos.token, ...(body !== undefined ? { body } : {}) });
        tried.push(`${route.method} ${path} → ${res.status}`);
        expect(res.status, `${route.method} ${path}`).not.toBe(401);
        if (res.status === 403 || res.status === 404) continue;
        // Given another centre's id, anything but "not found"/"forbidden" must be a success that
        // shows nothing of it (a 409 or 400 would let the other centre's data decide the answer).
        if (params.length > 0) expect(res.status, `${route.method} ${path}`).toBeLessThan(300);
        const text = JSON.stringify(res.body);
        for (const [what, id] of Object.entries(a)) expect(text.includes(id), `${route.method} ${path} shows Thira's ${what}`).toBe(false);
        expect(text).not.toContain('Μόνο για τη Θήρα');
      }
    }
    expect(tried.length).toBeGreaterThan(routes.length);
    // Nothing of Thira changed.
    const conversation = await kentro.db.prisma.conversation.findUniqueOrThrow({ where: { id: a.conversation } });
    expect(conversation).toMatchObject({ status: 'pending', assigneeId: null });
    expect(await kentro.db.prisma.message.count({ where: { conversationId: a.conversation, senderType: 'staff' } })).toBe(0);
    expect(await kentro.db.prisma.referral.findUniqueOrThrow({ where: { id: a.referral } })).toMatchObject({ status: 'suggested' });
    expect(await kentro.db.prisma.staff.findUniqueOrThrow({ where: { id: a.staff } })).toMatchObject({ role: 'admin', centreId: 'thira' });
    expect(await kentro.db.prisma.contact.findUnique({ where: { id: a.contact } })).not.toBeNull();
    expect(await kentro.db.prisma.appointment.findUniqueOrThrow({ where: { id: a.appointment } })).toMatchObject({ status: 'booked' });
    expect(await kentro.db.prisma.closure.findUnique({ where: { id: a.closure } })).not.toBeNull();
  });

  it('Thira staff cannot assign a Samos colleague to a Thira conversation', async () => {
    const res = await api(kentro.url, 'POST', `/api/conversations/${a.conversation}/assign`, { token: thira.token, body: { staffId: samos.id } });
    expect(res.status).toBe(404);
  });

  it('the event stream carries only the staff member’s own centre', async () => {
    const thiraEvents = await EventStream.open(kentro.url, thira.token);
    const samosEvents = await EventStream.open(kentro.url, samos.token);
    const dl = new DirectLine(kentro.url);
    const c = await dl.start({ centre: 'thira', locale: 'el' });
    await dl.post(c, press({ title: 'Μιλήστε με άνθρωπο', value: 'menu:person' }));
    await thiraEvents.until((e) => e.events.some((x) => x.event === 'conversation.status' && JSON.stringify(x.data).includes(c.conversationId)));
    // Samos' stream then sees a Samos event, and still nothing of Thira's conversation.
    const s = await dl.start({ centre: 'samos', locale: 'el' });
    await dl.post(s, press({ title: 'Μιλήστε με άνθρωπο', value: 'menu:person' }));
    await samosEvents.until((e) => e.events.some((x) => x.event === 'conversation.status' && JSON.stringify(x.data).includes(s.conversationId)));
    expect(JSON.stringify(samosEvents.events)).not.toContain(c.conversationId);
    expect(JSON.stringify(thiraEvents.events)).not.toContain(s.conversationId);
    thiraEvents.close();
    samosEvents.close();
  });
});
