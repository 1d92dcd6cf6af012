import { DateTime } from 'luxon';
import { minutesOf, WEEKDAYS, type CentreContent, type Interval, type Weekday } from '../content/schema.js';
import { greekHolidays, type Holiday, type HolidayOverride } from './holidays.js';

/**
 * The slot engine: pure functions from a centre's content, the public holidays, closures and
 * the bookings to the times a citizen can be offered. Times are wall-clock times in the
 * centre's zone (Europe/Athens) built with Luxon, so daylight saving changes need no care here.
 */

/** The centre's own office; any other location is an island id of its mobile unit. */
export const CENTRE_LOCATION = 'centre';

/** Day buttons the chat shows at once (then "later days"). */
export const DAYS_SHOWN = 6;

/** No slot is offered that starts sooner than this. */
export const MIN_NOTICE_MINUTES = 120;

/** A staff-added closure (table Closure): instants; location null = the whole centre. */
export interface ClosureSpan {
  location: string | null;
  startsAt: Date;
  endsAt: Date;
}

export interface Slot {
  start: DateTime;
  end: DateTime;
}

export interface Rules {
  centre: CentreContent;
  location: string;
  overrides: HolidayOverride[];
  /** Staff-added closures of the centre. */
  closures: ClosureSpan[];
}

export type DayOff = { reason: 'closed' } | { reason: 'holiday'; holiday: Holiday } | { reason: 'feast' } | { reason: 'closure'; unconfirmed: boolean };

/** Whether `location` exists for the centre: the office, or an island of its mobile unit. */
export function isLocation(centre: CentreContent, location: string): boolean {
  return location === CENTRE_LOCATION || (centre.mobileUnit?.islands.some((i) => i.id === location) ?? false);
}

/** Citizens seen at once in one slot at a location. */
export function capacityOf(centre: CentreContent, location: string): number {
  if (location === CENTRE_LOCATION) return centre.capacity;
  return centre.mobileUnit?.islands.find((i) => i.id === location)?.capacity ?? 1;
}

/** Whether the location's hours are facts the centre has not confirmed (ask to check by phone). */
export function hoursUnconfirmed(centre: CentreContent, location: string): boolean {
  if (location === CENTRE_LOCATION) return centre.openingHours.unconfirmed === true;
  const island = centre.mobileUnit?.islands.find((i) => i.id === location);
  return island?.unconfirmed === true || centre.mobileUnit?.unconfirmed === true;
}

function weekdayOf(day: DateTime): Weekday {
  return WEEKDAYS[day.weekday - 1]!;
}

/** The opening intervals of a location on a weekday (before holidays and closures). */
export function hoursOn(centre: CentreContent, location: string, weekday: Weekday): Interval[] {
  if (location === CENTRE_LOCATION) return centre.openingHours[weekday];
  const island = centre.mobileUnit?.islands.find((i) => i.id === location);
  return island && island.visitDays.includes(weekday) ? island.hours : [];
}

const holidayCache = new Map<string, Holiday[]>();
function holidaysOf(year: number, overrides: HolidayOverride[]): Holiday[] {
  const key = `${year}:${JSON.stringify(overrides)}`;
  let list = holidayCache.get(key);
  if (!list) holidayCache.set(key, (list = greekHolidays(year, overrides)));
  return list;
}

/** Why nobody can be seen at `location` on `date` (YYYY-MM-DD), or null when it is a working day. */
export function dayOff(rules: Rules, date: string): DayOff | null {
  const { centre, location } = rules;
  const day = DateTime.fromISO(date, { zone: centre.timezone });
  if (hoursOn(centre, location, weekdayOf(day)).length === 0) return { reason: 'closed' };
  const holiday = holidaysOf(day.year, rules.overrides).find((h) => h.date === date);
  if (holiday) return { reason: 'holiday', holiday };
  if (centre.feastDay && date.slice(5) === centre.feastDay.date) return { reason: 'feast' };
  const closure = centre.closures.find((c) => (c.location === undefined || c.location === location) && c.from <= date && date <= (c.to ?? c.from));
  if (closure) return { reason: 'closure', unconfirmed: closure.unconfirmed === true };
  return null;
}

/** Every slot of a working day (free or not), in order; none on a day off. */
export function slotsOfDay(rules: Rules, date: string): Slot[] {
  if (dayOff(rules, date)) return [];
  const { centre, location } = rules;
  const day = DateTime.fromISO(date, { zone: centre.timezone });
  const weekday = weekdayOf(day);
  const length = centre.slotMinutes;
  const breaks = location === CENTRE_LOCATION ? centre.breaks.filter((b) => !b.days || b.days.includes(weekday)) : [];
  const slots: Slot[] = [];
  for (const interval of hoursOn(centre, location, weekday)) {
    for (let m = minutesOf(interval.open); m + length <= minutesOf(interval.close); m += length) {
      // A slot that overlaps a break is not offered.
      if (breaks.some((b) => m < minutesOf(b.end) && minutesOf(b.start) < m + length)) continue;
      const start = day.set({ hour: Math.floor(m / 60), minute: m % 60, second: 0, millisecond: 0 });
      const end = start.plus({ minutes: length });
      const startMs = start.toMillis();
      const endMs = end.toMillis();
      const closed = rules.closures.some((c) => (c.location === null || c.location === location) && c.startsAt.getTime() < endMs && startMs < c.endsAt.getTime());
      if (!closed) slots.push({ start, end });
    }
  }
  return slots;
}

export interface FreeSlotQuery extends Rules {
  /** First and last day, YYYY-MM-DD in the centre's zone, inclusive. */
  from: string;
  to: string;
  now: Date;
  /** Booked seats by slot start (epoch ms). */
  booked: Map<number, number>;
  minNoticeMinutes?: number;
}

/** The slots a citizen may book: working days, within hours, not past or too soon, not full. */
export function freeSlots(q: FreeSlotQuery): Slot[] {
  const capacity = capacityOf(q.centre, q.location);
  const earliest = q.now.getTime() + (q.minNoticeMinutes ?? MIN_NOTICE_MINUTES) * 60_000;
  const out: Slot[] = [];
  for (const date of datesBetween(q.from, q.to)) {
    for (const slot of slotsOfDay(q, date)) {
      const ms = slot.start.toMillis();
      if (ms < earliest) continue;
      if ((q.booked.get(ms) ?? 0) >= capacity) continue;
      out.push(slot);
    }
  }
  return out;
}

/** YYYY-MM-DD dates from `from` to `to` inclusive (empty when `to` is before `from`). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(from, { zone: 'UTC' });
  const last = DateTime.fromISO(to, { zone: 'UTC' });
  if (!d.isValid || !last.isValid) throw new RangeError(`invalid dates ${from} … ${to}`);
  for (; d <= last && out.length < 3700; d = d.plus({ days: 1 })) out.push(d.toISODate()!);
  return out;
}

/** The slot start as ISO 8601 with the centre's offset, e.g. 2027-03-29T08:00:00+03:00. */
export function isoOf(t: DateTime): string {
  return t.toISO({ suppressMilliseconds: true })!;
}
