import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/reports/report.js';
import { channelDatabase, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';
import { api, staffOf, type StaffLogin } from '../staff-api/support.js';
import { MONTH, seedMonth } from './seed.js';

describe.each(providers())('GET /api/reports on %s', (provider) => {
  let database: TestDatabase;
  let kentro: ChannelApp;
  let admin: StaffLogin;

  beforeAll(async () => {
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, {});
    await seedMonth(kentro.db);
    admin = await staffOf(kentro.db, kentro.url, 'thira', 'admin');
  });
  afterAll(async () => {
    await kentro.close();
    await database.drop();
  });

  const value = (r: Report, key: string) => r.rows.find((row) => row.key === key)?.value;

  it('an administrator gets the month of their own centre as JSON, suppressed', async () => {
    const res = await api<Report>(kentro.url, 'GET', `/api/reports?month=${MONTH}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ centre: 'thira', month: MONTH });
    expect(value(res.body, 'handoffs.total')).toBe(7);
    expect(value(res.body, 'handoffs.firstResponse.median')).toBe(35);
    expect(value(res.body, 'contacts.new')).toBe('<5');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('and downloads it as CSV for Excel', async () => {
    const res = await fetch(`${kentro.url}/api/reports?month=${MONTH}&format=csv`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="kentro-thira-${MONTH}.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe('Κέντρο;Μήνας;Ενότητα;Δείκτης;Κωδικός;Τιμή');
    expect(text).toContain(';handoffs.total;7\r\n');
  });

  it('a worker is refused', async () => {
    const worker = await staffOf(kentro.db, kentro.url, 'thira', 'worker');
    expect((await api(kentro.url, 'GET', `/api/reports?month=${MONTH}`, { token: worker.token })).status).toBe(403);
    expect((await api(kentro.url, 'GET', `/api/reports?month=${MONTH}&format=csv`, { token: worker.token })).status).toBe(403);
  });

  it('without a session: 401', async () => {
    expect((await api(kentro.url, 'GET', `/api/reports?month=${MONTH}`)).status).toBe(401);
  });

  it('another centre’s administrator sees only their own centre', async () => {
    const samos = await staffOf(kentro.db, kentro.url, 'samos', 'admin');
    const res = await api<Report>(kentro.url, 'GET', `/api/reports?month=${MONTH}`, { token: samos.token });
    expect(res.status).toBe(200);
    expect(res.body.centre).toBe('samos');
    expect(value(res.body, 'handoffs.total')).toBe('<5');
    expect(value(res.body, 'conversations.total')).toBe('<5');
    expect(value(res.body, 'appointments.booked')).toBe('<5');
    expect(res.body.rows.some((r) => r.key === 'referrals.service.social_service')).toBe(false);
  });

  it('a month that is not YYYY-MM is a 400', async () => {
    for (const month of ['2026-13', 'march', '']) expect((await api(kentro.url, 'GET', `/api/reports?month=${month}`, { token: admin.token })).status).toBe(400);
    expect((await api(kentro.url, 'GET', '/api/reports', { token: admin.token })).status).toBe(400);
  });
});
