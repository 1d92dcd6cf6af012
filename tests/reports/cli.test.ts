import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/reports/report.js';
import { channelDatabase } from '../support/channel-app.js';
import { runKentro } from '../support/cli.js';
import type { TestDatabase } from '../support/db.js';
import { MONTH, seedMonth } from './seed.js';

// One database is enough here: the numbers are checked on both in indicators.test.ts.
describe('npx kentro report', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await channelDatabase('sqlite');
    const db = await database.open();
    await seedMonth(db);
    await db.close();
  });
  afterAll(async () => {
    await database.drop();
  });

  const env = () => ({ DATABASE_URL: database.url });

  it('prints a centre’s month as CSV for Excel', async () => {
    const res = await runKentro(['report', '--centre', 'thira', '--month', MONTH, '--format', 'csv'], env());
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout.startsWith('\uFEFFΚέντρο;Μήνας;Ενότητα;Δείκτης;Κωδικός;Τιμή\r\n')).toBe(true);
    expect(res.stdout).toContain('thira;2026-03;Παραδόσεις σε εργαζόμενο;"Χρόνος πρώτης απάντησης, διάμεσος (λεπτά ωραρίου)";handoffs.firstResponse.median;35\r\n');
  });

  it('prints JSON, and for an operator every centre and all together', async () => {
    const one = await runKentro(['report', '--centre', 'thira', '--month', MONTH, '--format', 'json'], env());
    expect(one.code).toBe(0);
    const report = JSON.parse(one.stdout) as Report;
    expect(report.rows.find((r) => r.key === 'handoffs.total')?.value).toBe(7);
    const all = await runKentro(['report', '--centre', 'all', '--month', MONTH, '--format', 'json'], env());
    expect(all.code).toBe(0);
    const reports = JSON.parse(all.stdout) as Report[];
    expect(reports.map((r) => r.centre)).toEqual(['nikaia-rentis', 'samos', 'souli', 'syros-ermoupoli', 'thira', 'all']);
    expect(reports.at(-1)!.rows.find((r) => r.key === 'handoffs.total')?.value).toBe(8);
  });

  it('a wrong month or centre is one line and exit code 1', async () => {
    const month = await runKentro(['report', '--centre', 'thira', '--month', '2026-3'], env());
    expect(month.code).toBe(1);
    expect(month.stderr.trim()).toBe('kentro: Invalid --month "2026-3": expected YYYY-MM');
    const centre = await runKentro(['report', '--centre', 'atlantis', '--month', MONTH], env());
    expect(centre.code).toBe(1);
    expect(centre.stderr).toMatch(/^kentro: Unknown centre "atlantis"/);
  });
});
