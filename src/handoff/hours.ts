import { DateTime } from 'luxon';
import { greekHolidays } from '../appointments/holidays.js';
import { holidayOverrides } from '../appointments/holidays-content.js';
import type { CentreContent } from '../content/schema.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function isClosedDay(centre: CentreContent, day: DateTime): boolean {
  const iso = day.toISODate()!;
  // The appointments' calendar: fixed and Easter-based holidays with content/holidays.yaml's changes.
  if (greekHolidays(day.year, holidayOverrides()).some((h) => h.date === iso)) return true;
  if (centre.feastDay && iso.slice(5) === centre.feastDay.date) return true;
  return centre.closures.some((c) => c.location === undefined && c.from <= iso && iso <= (c.to ?? c.from));
}

export interface Availability {
  /** A person can answer now (within opening hours). */
  open: boolean;
  /** When the centre opens next (in the centre's time zone), when it is closed now. */
  nextOpening: DateTime | null;
}

/** Is the centre open at `now`; if not, when does it open next (looking two weeks ahead)? */
export function availability(centre: CentreContent, now: Date = new Date()): Availability {
  const local = DateTime.fromJSDate(now, { zone: centre.timezone });
  for (let offset = 0; offset < 15; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    if (isClosedDay(centre, day)) continue;
    const intervals = centre.openingHours[WEEKDAYS[day.weekday - 1]!];
    for (const interval of intervals) {
      const [oh, om] = interval.open.split(':').map(Number) as [number, number];
      const [ch, cm] = interval.close.split(':').map(Number) as [number, number];
      const opens = day.set({ hour: oh, minute: om });
      const closes = day.set({ hour: ch, minute: cm });
      if (offset === 0 && local >= opens && local < closes) return { open: true, nextOpening: null };
      if (opens > local) return { open: false, nextOpening: opens };
    }
  }
  return { open: false, nextOpening: null };
}
