import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/staff-api/staff.js';
import { hashToken } from '../../src/staff-api/auth/sessions.js';
import { channelDatabase, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';
import { api, EventStream, PASSWORD, staffOf } from './support.js';

describe.each(providers())('staff login, sessions and roles on %s', (provider) => {
  let database: TestDatabase;
  let kentro: ChannelApp;

  beforeAll(async () => {
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, {});
  });
  afterAll(async () => {
    await kentro.close();
    await database.drop();
  });

  it('login gives a token and an httpOnly SameSite cookie; both open the API; only the token’s hash is stored', async () => {
    await createStaff(kentro.db.prisma, { email: 'eleni@thira.gov.gr', name: 'Ελένη', role: 'worker', centreId: 'thira' }, PASSWORD);
    const res = await api<{ token: string; staff: { email: string; centreId: string } }>(kentro.url, 'POST', '/api/auth/login', { body: { email: 'Eleni@thira.gov.gr', password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.staff).toMatchObject({ email: 'eleni@thira.gov.gr', centreId: 'thira' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kentro_staff=[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api/);
    expect(cookie).not.toMatch(/Secure/i);
    expect(cookie.slice('kentro_staff='.length, cookie.indexOf(';'))).toBe(res.body.token);

    const byCookie = await api(kentro.url, 'GET', '/api/me', { headers: { cookie: `kentro_staff=${res.body.token}` } });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body).toMatchObject({ email: 'eleni@thira.gov.gr', role: 'worker', centreId: 'thira' });
    expect((await api(kentro.url, 'GET', '/api/me', { token: res.body.token })).status).toBe(200);

    const sessions = await kentro.db.prisma.staffSession.findMany({ where: { staff: { email: 'eleni@thira.gov.gr' } } });
    expect(sessions.map((s) => s.tokenHash)).toEqual([hashToken(res.body.token)]);

    // Behind an https proxy the cookie is Secure.
    const https = await api(kentro.url, 'POST', '/api/auth/login', { body: { email: 'eleni@thira.gov.gr', password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('set-cookie')).toMatch(/Secure/i);
  });

  it('a wrong password and an unknown email get the same answer; no session, no API', async () => {
    await createStaff(kentro.db.prisma, { email: 'kostas@thira.gov.gr', name: 'Κώστας', role: 'worker', centreId: 'thira' }, PASSWORD);
    const wrong = await api(kentro.url, 'POST', '/api/auth/login', { body: { email: 'kostas@thira.gov.gr', password: 'not the password' } });
    const unknown = await api(kentro.url, 'POST', '/api/auth/login', { body: { email: 'nobody@thira.gov.gr', password: 'not the password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toMatchObject({ type: 'urn:kentro:problem:invalid-credentials', status: 401 });

    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nonsense' }, { cookie: 'kentro_staff=nonsense' }];
    for (const headers of attempts) {
      const res = await api(kentro.url, 'GET', '/api/conversations', { headers });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ type: 'urn:kentro:problem:unauthenticated' });
    }
  });

  it('login is rate-limited per address and email', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await api(kentro.url, 'POST', '/api/auth/login', { body: { email: 'guess@thira.gov.gr', password: `guess ${i}` } })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    const limited = await api(kentro.url, 'POST', '/api/auth/login', { body: { email: 'guess@thira.gov.gr', password: 'one more' } });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ type: 'urn:kentro:problem:rate-limited', status: 429 });
    // Another account from the same address is not locked out.
    const other = await staffOf(kentro.db, kentro.url, 'thira');
    expect(other.token).toBeTruthy();
  });

  it('logout ends the session and its event stream', async () => {
    const s = await staffOf(kentro.db, kentro.url, 'thira');
    const events = await EventStream.open(kentro.url, s.token);
    const out = await api(kentro.url, 'POST', '/api/auth/logout', { token: s.token });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/kentro_staff=;/);
    await events.until((e) => e.closed);
    expect((await api(kentro.url, 'GET', '/api/me', { token: s.token })).status).toBe(401);
  });

  it('an expired session or a deactivated account opens nothing', async () => {
    const s = await staffOf(kentro.db, kentro.url, 'thira');
    await kentro.db.prisma.staffSession.updateMany({ where: { staffId: s.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api(kentro.url, 'GET', '/api/me', { token: s.token })).status).toBe(401);
    const admin = await staffOf(kentro.db, kentro.url, 'thira', 'admin');
    const other = await staffOf(kentro.db, kentro.url, 'thira');
    expect((await api(kentro.url, 'PATCH', `/api/staff/${other.id}`, { token: admin.token, body: { active: false } })).status).toBe(200);
    expect((await api(kentro.url, 'GET', '/api/me', { token: other.token })).status).toBe(401);
    expect((await api(kentro.url, 'POST', '/api/auth/login', { body: { email: other.email, password: PASSWORD } })).status).toBe(401);
  });

  it('a password change needs the current password, ends the other sessions, and the new password works', async () => {
    const s = await staffOf(kentro.db, kentro.url, 'thira');
    const second = await api<{ token: string }>(kentro.url, 'POST', '/api/auth/login', { body: { email: s.email, password: PASSWORD } });
    const wrong = await api(kentro.url, 'POST', '/api/auth/password', { token: s.token, body: { current: 'wrong one', new: 'a brand new passphrase' } });
    expect(wrong.status).toBe(401);
    const short = await api(kentro.url, 'POST', '/api/auth/password', { token: s.token, body: { current: PASSWORD, new: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ type: 'urn:kentro:problem:invalid-request' });
    const ok = await api(kentro.url, 'POST', '/api/auth/password', { token: s.token, body: { current: PASSWORD, new: 'a brand new passphrase' } });
    expect(ok.status).toBe(204);
    expect((await api(kentro.url, 'GET', '/api/me', { token: s.token })).status).toBe(200);
    expect((await api(kentro.url, 'GET', '/api/me', { token: second.body.token })).status).toBe(401);
    expect((await api(kentro.url, 'POST', '/api/auth/login', { body: { email: s.email, password: PASSWORD } })).status).toBe(401);
    expect((await api(kentro.url, 'POST', '/api/auth/login', { body: { email: s.email, password: 'a brand new passphrase' } })).status).toBe(200);
  });

  it('input is validated by the route schemas (problem+json with the issues)', async () => {
    const s = await staffOf(kentro.db, kentro.url, 'thira');
    const res = await api(kentro.url, 'GET', '/api/conversations?status=everything', { token: s.token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'urn:kentro:problem:invalid-request', status: 400 });
    expect(Array.isArray(res.body.issues)).toBe(true);
    const login = await api(kentro.url, 'POST', '/api/auth/login', { body: { email: 42 } });
    expect(login.status).toBe(400);
  });

  it('only an administrator adds staff or changes roles, in their own centre, audited', async () => {
    const worker = await staffOf(kentro.db, kentro.url, 'thira', 'worker');
    const admin = await staffOf(kentro.db, kentro.url, 'thira', 'admin');
    const body = { email: 'new.worker@thira.gov.gr', name: 'Νέα', role: 'worker', password: 'a long enough passphrase' };
    const refused = await api(kentro.url, 'POST', '/api/staff', { token: worker.token, body });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: 'urn:kentro:problem:forbidden' });
    const created = await api<{ id: string }>(kentro.url, 'POST', '/api/staff', { token: admin.token, body });
    expect(created.status).toBe(201);
    expect(await kentro.db.prisma.staff.findUnique({ where: { id: created.body.id } })).toMatchObject({ centreId: 'thira', role: 'worker' });
    expect((await api(kentro.url, 'POST', '/api/staff', { token: admin.token, body })).status).toBe(409);

    expect((await api(kentro.url, 'PATCH', `/api/staff/${created.body.id}`, { token: worker.token, body: { role: 'admin' } })).status).toBe(403);
    const promoted = await api(kentro.url, 'PATCH', `/api/staff/${created.body.id}`, { token: admin.token, body: { role: 'admin' } });
    expect(promoted.body).toMatchObject({ role: 'admin' });
    const audit = await kentro.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'staff.update', entityId: created.body.id } });
    expect(audit).toMatchObject({ actorType: 'staff', actorId: admin.id, centreId: 'thira' });
    expect(JSON.parse(audit.details!)).toMatchObject({ fromRole: 'worker', toRole: 'admin' });

    const list = await api<{ staff: { id: string }[] }>(kentro.url, 'GET', '/api/staff', { token: worker.token });
    expect(list.body.staff.map((x) => x.id)).toContain(created.body.id);
  });

  it('the OpenAPI description is served at /api/docs', async () => {
    const json = await api<{ openapi: string; paths: Record<string, unknown> }>(kentro.url, 'GET', '/api/docs/json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/auth/login', '/api/conversations', '/api/conversations/{id}/claim', '/api/conversations/{id}/messages', '/api/canned-responses', '/api/events']) {
      expect(Object.keys(json.body.paths)).toContain(path);
    }
    const page = await fetch(`${kentro.url}/api/docs`, { redirect: 'follow' });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger/i);
  });
});
