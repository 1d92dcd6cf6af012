import { DateTime } from 'luxon';

/**
 * Greek public holidays, when public offices (and so the Community Centres) are closed:
 * the fixed ones, those that move with Orthodox Easter (ν.1157/1981), and dated overrides
 * from content/holidays.yaml (1 May moved out of Holy Week). Dates are calendar dates
 * "YYYY-MM-DD" in Greece; the municipality's own feast day is added per centre (calendar.ts).
 */

export type HolidayKey =
  | 'new_year'
  | 'epiphany'
  | 'clean_monday'
  | 'independence_day'
  | 'good_friday'
  | 'holy_saturday'
  | 'easter_monday'
  | 'labour_day'
  | 'whit_monday'
  | 'assumption'
  | 'ochi_day'
  | 'christmas'
  | 'synaxis'
  | 'other';

export interface Holiday {
  date: string;
  key: HolidayKey;
  /** A date content says is likely but not yet confirmed (e.g. where 1 May moves to). */
  unconfirmed?: boolean;
}

/** A dated change from content: a holiday moved to another day, or an extra closed day. */
export interface HolidayOverride {
  /** The holiday's usual date, moved to `to`; omitted for an extra day. */
  from?: string;
  /** The day that is closed instead (or in addition). */
  to: string;
  key?: HolidayKey;
  unconfirmed?: boolean;
}

/** Names for operators (the CLI); citizens never see a holiday list. */
export const HOLIDAY_NAMES: Record<HolidayKey, { el: string; en: string }> = {
  new_year: { el: 'Πρωτοχρονιά', en: "New Year's Day" },
  epiphany: { el: 'Θεοφάνεια', en: 'Epiphany' },
  clean_monday: { el: 'Καθαρά Δευτέρα', en: 'Clean Monday' },
  independence_day: { el: '25η Μαρτίου', en: 'Independence Day' },
  good_friday: { el: 'Μεγάλη Παρασκευή', en: 'Good Friday' },
  holy_saturday: { el: 'Μεγάλο Σάββατο', en: 'Holy Saturday' },
  easter_monday: { el: 'Δευτέρα του Πάσχα', en: 'Easter Monday' },
  labour_day: { el: 'Πρωτομαγιά', en: 'Labour Day' },
  whit_monday: { el: 'Αγίου Πνεύματος', en: 'Whit Monday' },
  assumption: { el: 'Κοίμηση της Θεοτόκου', en: 'Assumption' },
  ochi_day: { el: '28η Οκτωβρίου', en: 'Ochi Day' },
  christmas: { el: 'Χριστούγεννα', en: 'Christmas Day' },
  synaxis: { el: 'Σύναξη της Θεοτόκου', en: 'Synaxis of the Theotokos' },
  other: { el: 'Αργία', en: 'Public holiday' },
};

const FIXED: [number, number, HolidayKey][] = [
  [1, 1, 'new_year'],
  [1, 6, 'epiphany'],
  [3, 25, 'independence_day'],
  [5, 1, 'labour_day'],
  [8, 15, 'assumption'],
  [10, 28, 'ochi_day'],
  [12, 25, 'christmas'],
  [12, 26, 'synaxis'],
];

const FROM_EASTER: [number, HolidayKey][] = [
  [-48, 'clean_monday'],
  [-2, 'good_friday'],
  [-1, 'holy_saturday'],
  [1, 'easter_monday'],
  [50, 'whit_monday'],
];

/**
 * Orthodox Easter Sunday of `year` as a Gregorian date: the Julian computus (Meeus) plus the
 * 13 days between the calendars, valid 1900–2099.
 */
export function orthodoxEaster(year: number): DateTime {
  if (year < 1900 || year > 2099) throw new RangeError(`Orthodox Easter is computed for 1900–2099, not ${year}`);
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  return DateTime.fromObject({ year, month, day }, { zone: 'UTC' }).plus({ days: 13 });
}

/** The public holidays of one year, in date order, with the overrides applied. */
export function greekHolidays(year: number, overrides: HolidayOverride[] = []): Holiday[] {
  const list: Holiday[] = FIXED.map(([month, day, key]) => ({ date: iso(DateTime.fromObject({ year, month, day }, { zone: 'UTC' })), key }));
  const easter = orthodoxEaster(year);
  for (const [offset, key] of FROM_EASTER) list.push({ date: iso(easter.plus({ days: offset })), key });
  for (const o of overrides) {
    if (o.from?.startsWith(`${year}-`)) {
      const i = list.findIndex((h) => h.date === o.from && (!o.key || h.key === o.key));
      if (i >= 0) list.splice(i, 1);
    }
    if (o.to.startsWith(`${year}-`)) list.push({ date: o.to, key: o.key ?? 'other', ...(o.unconfirmed ? { unconfirmed: true } : {}) });
  }
  // An override may move a holiday onto another one (never both closed twice).
  const byDate = new Map<string, Holiday>();
  for (const h of list) if (!byDate.has(h.date)) byDate.set(h.date, h);
  return [...byDate.values()].sort((x, y) => x.date.localeCompare(y.date));
}

function iso(d: DateTime): string {
  return d.toISODate()!;
}
