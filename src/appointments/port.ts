import { DateTime } from 'luxon';
import type { Content } from '../content/load.js';
import type { Db } from '../db/client.js';
import type { TurnIdentity } from '../dialogs/engine/services.js';
import { AppointmentService, type AppointmentRecord } from './service.js';
import { DAYS_SHOWN, isoOf } from './slots.js';
import { reminderPlan, type ReminderKind } from './reminders.js';

/** An appointment as the chat shows it (JSON-friendly: it may sit in dialog slots). */
export interface AppointmentSummary {
  id: string;
  centreId: string;
  location: string;
  /** ISO 8601 with the centre's offset. */
  start: string;
  reason: string | null;
  confirmed: boolean;
}

/** `reminder`: when a reminder will go out (the evening before, or two hours before), or null. */
export type BookOutcome = { ok: true; appointment: AppointmentSummary; reminder: ReminderKind | null } | { ok: false; error: 'taken' | 'unavailable' };

/**
 * What the appointment flows may do for the citizen of the turn. Every read and write is
 * scoped to the turn's contact; writes are idempotent (a turn re-run books nothing twice).
 */
export interface AppointmentsPort {
  /** Days (YYYY-MM-DD) from today with at least one free slot, up to `limit`, within `horizonDays`. */
  days(centreId: string, location: string, options?: { limit?: number; horizonDays?: number; after?: string }): Promise<string[]>;
  /** Free slot starts (ISO) on a day. */
  times(centreId: string, location: string, date: string): Promise<string[]>;
  book(request: { centreId: string; location: string; start: string; reason: string; language: string }): Promise<BookOutcome>;
  /** The contact's booked appointments to come, soonest first. */
  upcoming(): Promise<AppointmentSummary[]>;
  /** One of the contact's appointments (any centre), or null. */
  get(id: string): Promise<(AppointmentSummary & { status: string }) | null>;
  cancel(id: string): Promise<boolean>;
  reschedule(id: string, start: string): Promise<BookOutcome>;
  /** "I'll come". */
  confirm(id: string): Promise<boolean>;
}

export const HORIZON_DAYS = 45;

function booked(service: AppointmentService, a: AppointmentRecord, now: Date): BookOutcome {
  const zone = service.centre(a.centreId).timezone;
  // The plan as of the booking (`now` is within moments of when the job was queued).
  const plan = a.conversationId ? reminderPlan(a.startsAt, zone, now) : null;
  return { ok: true, appointment: summary(service, a), reminder: plan?.kind ?? null };
}

function summary(service: AppointmentService, a: AppointmentRecord): AppointmentSummary {
  const zone = service.centre(a.centreId).timezone;
  return { id: a.id, centreId: a.centreId, location: a.location, start: isoOf(DateTime.fromJSDate(a.startsAt).setZone(zone)), reason: a.reason, confirmed: a.confirmedAt !== null };
}

/** The port for one turn, backed by the database. */
export function createAppointmentsPort(service: AppointmentService, identity: TurnIdentity, clock: () => Date = () => new Date()): AppointmentsPort {
  const actor = { type: 'contact' as const, id: identity.contactId };
  const own = async (id: string) => {
    const a = await service.get(id);
    return a && a.contactId === identity.contactId ? a : null;
  };
  return {
    async days(centreId, location, options = {}) {
      const zone = service.centre(centreId).timezone;
      const today = DateTime.fromJSDate(clock()).setZone(zone).startOf('day');
      // "Later days": the days after the last one shown.
      const after = options.after ? DateTime.fromISO(options.after, { zone }).plus({ days: 1 }) : null;
      const from = after && after > today ? after : today;
      const to = from.plus({ days: options.horizonDays ?? HORIZON_DAYS });
      const slots = await service.freeSlots(centreId, location, from.toISODate()!, to.toISODate()!);
      const days = [...new Set(slots.map((s) => s.start.toISODate()!))];
      return days.slice(0, options.limit ?? DAYS_SHOWN);
    },
    async times(centreId, location, date) {
      return (await service.freeSlots(centreId, location, date, date)).map((s) => isoOf(s.start));
    },
    async book(request) {
      const result = await service.book({
        centreId: request.centreId,
        location: request.location,
        start: new Date(request.start),
        contactId: identity.contactId,
        conversationId: identity.conversationId,
        reason: request.reason,
        language: request.language,
        actor,
      });
      return result.ok ? booked(service, result.appointment, clock()) : result;
    },
    async upcoming() {
      return (await service.upcomingFor(identity.contactId)).map((a) => summary(service, a));
    },
    async get(id) {
      const a = await own(id);
      return a ? { ...summary(service, a), status: a.status } : null;
    },
    async cancel(id) {
      const a = await own(id);
      if (!a) return false;
      if (a.status === 'cancelled') return true;
      if (a.status !== 'booked') return false;
      await service.cancel(id, actor);
      return true;
    },
    async reschedule(id, start) {
      const a = await own(id);
      if (!a || a.status !== 'booked') return { ok: false, error: 'unavailable' };
      const result = await service.reschedule(id, new Date(start), actor);
      return result.ok ? booked(service, result.appointment, clock()) : result;
    },
    async confirm(id) {
      const a = await own(id);
      return a ? (await service.confirm(id, actor)) !== null : false;
    },
  };
}

/** The port factory the core's flow services use. */
export function appointmentsPortFactory(db: Db, content: Content): (identity: TurnIdentity) => AppointmentsPort {
  const service = new AppointmentService(db, content);
  return (identity) => createAppointmentsPort(service, identity);
}
