import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { greekHolidays, orthodoxEaster } from '../../src/appointments/holidays.js';
import { loadHolidayOverrides } from '../../src/appointments/holidays-content.js';
import { defaultContentDir } from '../../src/content/load.js';

// The table of shared/domain/greek-social-programs.md §15.
const TABLE: Record<number, { cleanMonday: string; goodFriday: string; easter: string; easterMonday: string; whitMonday: string }> = {
  2025: { cleanMonday: '2025-03-03', goodFriday: '2025-04-18', easter: '2025-04-20', easterMonday: '2025-04-21', whitMonday: '2025-06-09' },
  2026: { cleanMonday: '2026-02-23', goodFriday: '2026-04-10', easter: '2026-04-12', easterMonday: '2026-04-13', whitMonday: '2026-06-01' },
  2027: { cleanMonday: '2027-03-15', goodFriday: '2027-04-30', easter: '2027-05-02', easterMonday: '2027-05-03', whitMonday: '2027-06-21' },
  2028: { cleanMonday: '2028-02-28', goodFriday: '2028-04-14', easter: '2028-04-16', easterMonday: '2028-04-17', whitMonday: '2028-06-05' },
  2029: { cleanMonday: '2029-02-19', goodFriday: '2029-04-06', easter: '2029-04-08', easterMonday: '2029-04-09', whitMonday: '2029-05-28' },
  2030: { cleanMonday: '2030-03-11', goodFriday: '2030-04-26', easter: '2030-04-28', easterMonday: '2030-04-29', whitMonday: '2030-06-17' },
};

describe('Greek public holidays', () => {
  it.each(Object.keys(TABLE).map(Number))('%i: Easter and the holidays that move with it match the domain table', (year) => {
    const row = TABLE[year]!;
    expect(orthodoxEaster(year).toISODate()).toBe(row.easter);
    const byKey = Object.fromEntries(greekHolidays(year).map((h) => [h.key, h.date]));
    expect(byKey.clean_monday).toBe(row.cleanMonday);
    expect(byKey.good_friday).toBe(row.goodFriday);
    expect(byKey.easter_monday).toBe(row.easterMonday);
    expect(byKey.whit_monday).toBe(row.whitMonday);
    // Holy Saturday, the day before Easter, is closed too.
    const holySaturday = orthodoxEaster(year).minus({ days: 1 }).toISODate();
    expect(greekHolidays(year).map((h) => h.date)).toContain(holySaturday);
  });

  it('has the fixed holidays every year', () => {
    for (let year = 2026; year <= 2030; year++) {
      const dates = greekHolidays(year).map((h) => h.date);
      for (const md of ['01-01', '01-06', '03-25', '05-01', '08-15', '10-28', '12-25', '12-26']) expect(dates).toContain(`${year}-${md}`);
    }
  });

  it('Orthodox Easter 2027 is 2 May, and 1 May 2027 (Holy Saturday) moves to Tuesday 4 May, still unconfirmed', () => {
    expect(orthodoxEaster(2027).toISODate()).toBe('2027-05-02');
    const overrides = loadHolidayOverrides(defaultContentDir());
    const list = greekHolidays(2027, overrides);
    const labour = list.find((h) => h.key === 'labour_day');
    expect(labour).toEqual({ date: '2027-05-04', key: 'labour_day', unconfirmed: true });
    // 1 May stays closed: it is Holy Saturday.
    expect(list.find((h) => h.date === '2027-05-01')?.key).toBe('holy_saturday');
    // Other years keep 1 May.
    expect(greekHolidays(2028, overrides).find((h) => h.key === 'labour_day')?.date).toBe('2028-05-01');
  });

  it('a wrong holidays.yaml names the file, the place and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kentro-holidays-'));
    try {
      writeFileSync(join(dir, 'holidays.yaml'), 'overrides:\n  - holiday: labour_day\n    from: "2027-05-01"\n    to: "2027-05-32"\n');
      expect(() => loadHolidayOverrides(dir)).toThrow(/holidays\.yaml: overrides\[0\]\.to: expected a valid date YYYY-MM-DD/);
      writeFileSync(join(dir, 'holidays.yaml'), 'overrides:\n  - from: "2027-05-01"\n    to: "2027-05-04"\n    moved: true\n');
      expect(() => loadHolidayOverrides(dir)).toThrow(/overrides\[0\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
