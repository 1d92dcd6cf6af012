import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultContentDir, loadContent, type Content } from '../../src/content/load.js';
import type { Db } from '../../src/db/client.js';
import { computeIndicators } from '../../src/reports/indicators.js';
import { monthRange } from '../../src/reports/month.js';
import { toReport } from '../../src/reports/report.js';
import { channelDatabase } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';
import { EXPECTED_THIRA, MONTH, seedMonth } from './seed.js';

describe.each(providers())('a month of Thira, counted on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let content: Content;
  const march = monthRange(MONTH)!;

  beforeAll(async () => {
    database = await channelDatabase(provider);
    db = await database.open();
    content = await loadContent(defaultContentDir());
    await seedMonth(db);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('gives exactly the seeded numbers, in Athens time, and nothing of Samos', async () => {
    expect(await computeIndicators(db.prisma, content, march, 'thira')).toEqual({ centre: 'thira', month: MONTH, ...EXPECTED_THIRA });
  });

  it('first response: median 35 and 90th percentile 240 opening-hours minutes, weekends, the 25 March holiday and the change to summer time left out', async () => {
    const report = toReport(await computeIndicators(db.prisma, content, march, 'thira'), content);
    const value = (key: string) => report.rows.find((r) => r.key === key)?.value;
    expect(value('handoffs.firstResponse.median')).toBe(35);
    expect(value('handoffs.firstResponse.p90')).toBe(240);
  });

  it('all centres together add Samos', async () => {
    const all = await computeIndicators(db.prisma, content, march);
    expect(all.centre).toBe('all');
    expect(all.conversations.total).toBe(5);
    expect(all.contacts).toEqual({ new: 4, returning: 1 });
    expect(all.handoffs.total).toBe(8);
    expect(all.handoffs.answered).toBe(6);
    expect(all.emergencies).toBe(2);
    expect(all.eligibility.total).toBe(5);
    expect(all.appointments).toEqual({ booked: 4, attended: 3, noShow: 1, cancelled: 1 });
    expect(all.referrals.byService).toEqual({ social_service: 2, kep: 1, dypa: 1 });
  });

  it('a month with nothing in it is all zeros, not "<5"', async () => {
    const empty = toReport(await computeIndicators(db.prisma, content, monthRange('2025-06')!, 'thira'), content);
    for (const row of empty.rows) expect(row.value, row.key).toBe(row.key.startsWith('handoffs.firstResponse') ? null : 0);
  });
});
