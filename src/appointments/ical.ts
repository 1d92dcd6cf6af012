import ical, { ICalEventStatus } from 'ical-generator';
import type { CentreContent } from '../content/schema.js';
import { placeLabel } from './format.js';
import type { AppointmentRecord } from './service.js';

/** Reasons chosen with a button are stored as keys; staff read them in Greek. */
const REASONS_EL: Record<string, string> = {
  benefits: 'Επιδόματα και προγράμματα',
  applications: 'Βοήθεια με αιτήσεις και χαρτιά',
  support: 'Στήριξη και συμβουλευτική',
};

/**
 * A centre's (or one staff member's) appointments as an iCalendar file (RFC 5545), for the
 * staff's calendar apps. Times are UTC instants; cancelled appointments stay in the file
 * marked CANCELLED so a subscribed calendar removes them. It holds citizens' names and phones:
 * staff-only, never public.
 */
export function appointmentsIcs(centre: CentreContent, appointments: AppointmentRecord[], name: string): string {
  const calendar = ical({ name, prodId: { company: 'kentro', product: 'appointments', language: 'EL' } });
  for (const a of appointments) {
    const place = placeLabel(centre, a.location, 'el');
    const who = a.name ?? 'Πολίτης (από τη συνομιλία)';
    const reason = a.reason ? (REASONS_EL[a.reason] ?? a.reason) : null;
    calendar.createEvent({
      id: `${a.id}@kentro`,
      start: a.startsAt,
      end: a.endsAt,
      summary: `Ραντεβού: ${who}`,
      description: [reason && `Θέμα: ${reason}`, a.phone && `Τηλέφωνο: ${a.phone}`, a.language && `Γλώσσα: ${a.language}`, a.notes && `Σημειώσεις: ${a.notes}`].filter(Boolean).join('\n') || null,
      location: place,
      status: a.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
