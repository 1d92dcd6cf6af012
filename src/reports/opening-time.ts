import { DateTime } from 'luxon';
import type { CentreContent } from '../content/schema.js';
import { availability } from '../handoff/hours.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * Minutes between two instants during which the centre was open. Holidays, the feast day and
 * closures come from the handoff's `availability` (the appointments' calendar); only the end of
 * the current opening interval is read here from the centre's hours.
 */
export function openMinutesBetween(centre: CentreContent, from: Date, to: Date): number {
  let t = from.getTime();
  const end = to.getTime();
  let total = 0;
  while (t < end) {
    const now = availability(centre, new Date(t));
    if (!now.open) {
      if (!now.nextOpening) break;
      t = now.nextOpening.toMillis();
      continue;
    }
    const local = DateTime.fromMillis(t, { zone: centre.timezone });
    const closes = centre.openingHours[WEEKDAYS[local.weekday - 1]!]
      .map((i) => {
        const [h, m] = i.close.split(':').map(Number) as [number, number];
        const [oh, om] = i.open.split(':').map(Number) as [number, number];
        return { opens: local.set({ hour: oh, minute: om, second: 0, millisecond: 0 }).toMillis(), closes: local.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis() };
      })
      .find((i) => i.opens <= t && t < i.closes)?.closes;
    if (closes === undefined) break;
    total += Math.min(closes, end) - t;
    t = closes;
  }
  return total / 60_000;
}
