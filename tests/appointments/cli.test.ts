import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { runKentro } from '../support/cli.js';
import { contentDatabase, providers, type TestDatabase } from '../support/db.js';
import { serviceAt } from './support.js';

describe.each(providers())('kentro appointments slots on %s', (provider) => {
  let db: Db;
  let database: TestDatabase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ db, database, cleanup } = await contentDatabase(provider));
    const service = await serviceAt(db);
    // Monday 29 March 08:00 is full (two seats), and staff closed the centre 14:00–15:30.
    for (const name of ['Α', 'Β']) {
      const r = await service.book({ centreId: 'thira', location: 'centre', start: new Date('2027-03-29T08:00:00+03:00'), name, actor: { type: 'staff' } });
      expect(r.ok).toBe(true);
    }
    await db.prisma.closure.create({ data: { centreId: 'thira', startsAt: new Date('2027-03-29T14:00:00+03:00'), endsAt: new Date('2027-03-29T15:30:00+03:00'), reason: 'training' } });
  });
  afterAll(async () => cleanup());

  it('prints the free slots as JSON with the Athens offset, across the spring daylight saving change', async () => {
    const r = await runKentro(['appointments', 'slots', '--centre', 'thira', '--from', '2027-03-25', '--to', '2027-03-29', '--json'], { DATABASE_URL: database.url });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const slots = JSON.parse(r.stdout) as { start: string; end: string }[];
    // Thursday 25 March is a holiday, the weekend is closed: Friday (+02:00) and Monday (+03:00).
    const days = [...new Set(slots.map((s) => s.start.slice(0, 10)))];
    expect(days).toEqual(['2027-03-26', '2027-03-29']);
    expect(slots[0]).toEqual({ start: '2027-03-26T08:00:00+02:00', end: '2027-03-26T08:30:00+02:00' });
    const monday = slots.filter((s) => s.start.startsWith('2027-03-29')).map((s) => s.start.slice(11, 16));
    expect(monday).toEqual(['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30']);
    expect(slots.at(-1)).toEqual({ start: '2027-03-29T13:30:00+03:00', end: '2027-03-29T14:00:00+03:00' });
  });

  it("lists an island's visits readably, and explains a wrong island", async () => {
    const r = await runKentro(['appointments', 'slots', '--centre', 'thira', '--location', 'folegandros', '--from', '2027-10-25', '--to', '2027-11-05'], { DATABASE_URL: database.url });
    expect(r.code).toBe(0);
    // Thursdays; 28 October is a holiday.
    expect(r.stdout).toContain('2027-11-04 Thu  10:00 10:30 11:00 11:30 12:00 12:30 13:00 13:30');
    expect(r.stdout).not.toContain('2027-10-28');
    const wrong = await runKentro(['appointments', 'slots', '--centre', 'thira', '--location', 'mykonos', '--from', '2027-10-25', '--to', '2027-11-05'], { DATABASE_URL: database.url });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('anafi, ios, sikinos, folegandros');
  });
});

describe('kentro appointments holidays', () => {
  it('lists the year’s public holidays, with 1 May 2027 moved and marked unconfirmed', async () => {
    const r = await runKentro(['appointments', 'holidays', '--year', '2027', '--centre', 'thira'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2027-05-01  Μεγάλο Σάββατο (Holy Saturday)');
    expect(r.stdout).toContain('2027-05-04  Πρωτομαγιά (Labour Day)  [unconfirmed]');
    expect(r.stdout.trim().split('\n')).toHaveLength(13);
  });
});
