import { beforeAll, describe, expect, it } from 'vitest';
import type { CentreContent } from '../../src/content/schema.js';
import { loadHolidayOverrides } from '../../src/appointments/holidays-content.js';
import { defaultContentDir } from '../../src/content/load.js';
import { dayOff, freeSlots, isoOf, slotsOfDay, type Rules } from '../../src/appointments/slots.js';
import { shippedContent } from '../support/transcript.js';

let thira: CentreContent;
const overrides = loadHolidayOverrides(defaultContentDir());
const rules = (centre: CentreContent, location = 'centre', closures: Rules['closures'] = []): Rules => ({ centre, location, overrides, closures });
const starts = (r: Rules, date: string) => slotsOfDay(r, date).map((s) => isoOf(s.start));

beforeAll(async () => {
  thira = (await shippedContent()).centres.get('thira')!;
});

describe('the slot engine', () => {
  it('offers Thira 08:00–15:30 in 30-minute slots, the last one starting at 15:00', () => {
    const day = starts(rules(thira), '2027-03-30');
    expect(day[0]).toBe('2027-03-30T08:00:00+03:00');
    expect(day.at(-1)).toBe('2027-03-30T15:00:00+03:00');
    expect(day).toHaveLength(15);
  });

  it('gets the offsets right around both daylight saving changes (last Sunday of March and of October)', () => {
    // Summer time starts on Sunday 28 March 2027: Friday before is +02:00, Monday after +03:00.
    expect(starts(rules(thira), '2027-03-26')[0]).toBe('2027-03-26T08:00:00+02:00');
    expect(starts(rules(thira), '2027-03-29')[0]).toBe('2027-03-29T08:00:00+03:00');
    // It ends on Sunday 31 October 2027: Friday 29 is +03:00, Monday 1 November +02:00.
    expect(starts(rules(thira), '2027-10-29')[0]).toBe('2027-10-29T08:00:00+03:00');
    expect(starts(rules(thira), '2027-11-01')[0]).toBe('2027-11-01T08:00:00+02:00');
    expect(starts(rules(thira), '2027-11-01').at(-1)).toBe('2027-11-01T15:00:00+02:00');
  });

  it('offers nothing on weekends and public holidays', () => {
    expect(starts(rules(thira), '2027-03-27')).toEqual([]);
    expect(starts(rules(thira), '2027-03-28')).toEqual([]);
    for (const date of ['2027-01-01', '2027-01-06', '2027-03-15', '2027-03-25', '2027-04-30', '2027-05-03', '2027-05-04', '2027-06-21', '2027-10-28', '2026-12-25', '2030-04-29']) {
      expect(starts(rules(thira), date), date).toEqual([]);
      expect(dayOff(rules(thira), date)?.reason, date).toBe('holiday');
    }
  });

  it('leaves out breaks, content closures, staff closures and the feast day', () => {
    const centre: CentreContent = {
      ...thira,
      breaks: [{ start: '12:00', end: '12:30', days: ['tue'] }],
      closures: [{ from: '2027-04-05', to: '2027-04-06', reason: { el: 'Απολύμανση', en: 'Disinfection' } }],
      feastDay: { date: '09-14', name: { el: 'Τίμιος Σταυρός', en: 'Holy Cross' } },
    };
    expect(starts(rules(centre), '2027-03-30')).not.toContain('2027-03-30T12:00:00+03:00');
    expect(starts(rules(centre), '2027-03-30')).toContain('2027-03-30T12:30:00+03:00');
    // The break is on Tuesdays only.
    expect(starts(rules(centre), '2027-03-31')).toContain('2027-03-31T12:00:00+03:00');
    expect(starts(rules(centre), '2027-04-05')).toEqual([]);
    expect(starts(rules(centre), '2027-04-06')).toEqual([]);
    expect(starts(rules(centre), '2027-09-14')).toEqual([]);
    const staffClosure = { location: null, startsAt: new Date('2027-03-31T10:00:00+03:00'), endsAt: new Date('2027-03-31T11:00:00+03:00') };
    const day = starts(rules(centre, 'centre', [staffClosure]), '2027-03-31');
    expect(day).toContain('2027-03-31T09:30:00+03:00');
    expect(day).not.toContain('2027-03-31T10:00:00+03:00');
    expect(day).not.toContain('2027-03-31T10:30:00+03:00');
    expect(day).toContain('2027-03-31T11:00:00+03:00');
  });

  it("books the mobile unit's island visits only on their days and hours", () => {
    // Anafi: Mondays 10:00–14:00 (placeholder days in content).
    expect(starts(rules(thira, 'anafi'), '2027-03-29')).toEqual(['10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30'].map((t) => `2027-03-29T${t}:00+03:00`));
    expect(starts(rules(thira, 'anafi'), '2027-03-30')).toEqual([]);
    expect(starts(rules(thira, 'ios'), '2027-03-30')).toHaveLength(8);
    // An island closure closes only that island.
    const centre: CentreContent = { ...thira, closures: [{ from: '2027-03-29', reason: { el: 'Καιρός', en: 'Weather' }, location: 'anafi' }] };
    expect(starts(rules(centre, 'anafi'), '2027-03-29')).toEqual([]);
    expect(starts(rules(centre), '2027-03-29')).toHaveLength(15);
  });

  it('never offers past times, times within two hours, or full slots', () => {
    const now = new Date('2027-03-29T07:10:00+03:00');
    const booked = new Map([[new Date('2027-03-29T10:00:00+03:00').getTime(), 2], [new Date('2027-03-29T10:30:00+03:00').getTime(), 1]]);
    const free = freeSlots({ ...rules(thira), from: '2027-03-26', to: '2027-03-29', now, booked }).map((s) => isoOf(s.start));
    expect(free[0]).toBe('2027-03-29T09:30:00+03:00');
    expect(free).not.toContain('2027-03-29T10:00:00+03:00');
    expect(free).toContain('2027-03-29T10:30:00+03:00');
    expect(free.every((s) => s.startsWith('2027-03-29'))).toBe(true);
  });
});
