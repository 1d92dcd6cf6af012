import { DateTime } from 'luxon';
import type { Language } from '../bot/core/types.js';
import type { CentreContent } from '../content/schema.js';

/**
 * Dates and times the citizen's way, through Intl in their language. Always the Gregorian
 * calendar (Farsi's default is the Solar Hijri one) and a 24-hour clock, in the centre's zone.
 */
function local(at: Date | string | DateTime, lang: Language, zone: string): DateTime {
  const dt = at instanceof DateTime ? at : typeof at === 'string' ? DateTime.fromISO(at) : DateTime.fromJSDate(at);
  return dt.setZone(zone).reconfigure({ locale: lang, outputCalendar: 'gregory' });
}

/** "Δευτέρα 29 Μαρτίου". */
export function dayLabel(at: Date | string | DateTime, lang: Language, zone: string): string {
  return local(at, lang, zone).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
}

/** A calendar date YYYY-MM-DD as a day label. */
export function dateLabel(date: string, lang: Language, zone: string): string {
  return dayLabel(DateTime.fromISO(date, { zone }), lang, zone);
}

/** "09:30". */
export function timeLabel(at: Date | string | DateTime, lang: Language, zone: string): string {
  return local(at, lang, zone).toLocaleString({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** "Δευτέρα 29 Μαρτίου, 09:30". */
export function whenLabel(at: Date | string | DateTime, lang: Language, zone: string): string {
  return `${dayLabel(at, lang, zone)}, ${timeLabel(at, lang, zone)}`;
}

/** Where the appointment is: the centre's name, or the island the mobile unit visits. */
export function placeLabel(centre: CentreContent, location: string, lang: Language): string {
  const pick = (t: { el: string; en: string }) => (lang === 'el' ? t.el : t.en);
  if (location === 'centre') return pick(centre.name);
  const island = centre.mobileUnit?.islands.find((i) => i.id === location);
  return island ? pick(island.name) : location;
}
