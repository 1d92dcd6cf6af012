import { DateTime } from 'luxon';
import type { Content } from '../content/load.js';
import type { CentreContent } from '../content/schema.js';
import type { Db } from '../db/client.js';
import { writeAudit } from '../db/audit.js';
import type { HolidayOverride } from './holidays.js';
import { holidayOverrides } from './holidays-content.js';
import { cancelReminder, scheduleReminder } from './reminders.js';
import { capacityOf, freeSlots, isLocation, MIN_NOTICE_MINUTES, slotsOfDay, type Rules, type Slot } from './slots.js';

/**
 * Appointments in the case store: free slots, booking, rescheduling, cancelling and the
 * status machine (booked → attended | no_show | cancelled), each change audit-logged. The
 * unique (centre, location, start, seat) constraint decides who gets the last seat: a booking
 * takes the first free seat 0..capacity-1 and tries the next one when another request took it.
 */

export type AppointmentStatus = 'booked' | 'attended' | 'no_show' | 'cancelled';

const TRANSITIONS: Record<AppointmentStatus, AppointmentStatus[]> = {
  booked: ['attended', 'no_show', 'cancelled'],
  // Staff correct a mistaken mark.
  attended: ['no_show'],
  no_show: ['attended'],
  cancelled: [],
};

export interface Actor {
  type: 'contact' | 'staff' | 'system';
  id?: string | null;
}

export interface AppointmentRecord {
  id: string;
  centreId: string;
  location: string;
  contactId: string | null;
  conversationId: string | null;
  startsAt: Date;
  endsAt: Date;
  status: string;
  reason: string | null;
  language: string | null;
  name: string | null;
  phone: string | null;
  notes: string | null;
  staffId: string | null;
  createdById: string | null;
  confirmedAt: Date | null;
  cancelledAt: Date | null;
}

const SELECT = {
  id: true, centreId: true, location: true, contactId: true, conversationId: true, startsAt: true, endsAt: true, status: true,
  reason: true, language: true, name: true, phone: true, notes: true, staffId: true, createdById: true, confirmedAt: true, cancelledAt: true,
} as const;

export interface ClosureRecord {
  id: string;
  centreId: string;
  location: string | null;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
}

const CLOSURE_SELECT = { id: true, centreId: true, location: true, startsAt: true, endsAt: true, reason: true } as const;

export interface BookingRequest {
  centreId: string;
  location: string;
  /** The slot's start. */
  start: Date;
  contactId?: string | null;
  conversationId?: string | null;
  reason?: string | null;
  language?: string | null;
  name?: string | null;
  phone?: string | null;
  notes?: string | null;
  staffId?: string | null;
  actor: Actor;
}

export type BookingResult =
  | { ok: true; appointment: AppointmentRecord }
  /** taken: full now (someone else was quicker); unavailable: not a bookable slot at all. */
  | { ok: false; error: 'taken' | 'unavailable' };

export class AppointmentError extends Error {
  override readonly name = 'AppointmentError';
  constructor(
    readonly code: 'not_found' | 'invalid_transition' | 'unknown_centre',
    message: string,
  ) {
    super(message);
  }
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'P2002';
}

export class AppointmentService {
  constructor(
    private readonly db: Db,
    private readonly content: Content,
    /** Fixed holiday overrides (tests); by default content/holidays.yaml of the running content folder. */
    private readonly fixedOverrides?: HolidayOverride[],
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get overrides(): HolidayOverride[] {
    return this.fixedOverrides ?? holidayOverrides();
  }

  centre(centreId: string): CentreContent {
    const centre = this.content.centres.get(centreId);
    if (!centre) throw new AppointmentError('unknown_centre', `unknown centre ${centreId}`);
    return centre;
  }

  private async rules(centre: CentreContent, location: string, fromMs: number, toMs: number): Promise<Rules> {
    const closures = await this.db.prisma.closure.findMany({
      where: { centreId: centre.id, startsAt: { lt: new Date(toMs) }, endsAt: { gt: new Date(fromMs) }, OR: [{ location: null }, { location }] },
      select: { location: true, startsAt: true, endsAt: true },
    });
    return { centre, location, overrides: this.overrides, closures };
  }

  /** Free slots at `location` from `from` to `to` (YYYY-MM-DD, inclusive, in the centre's zone). */
  async freeSlots(centreId: string, location: string, from: string, to: string, options: { minNoticeMinutes?: number } = {}): Promise<Slot[]> {
    const centre = this.centre(centreId);
    if (!isLocation(centre, location)) return [];
    const fromMs = DateTime.fromISO(from, { zone: centre.timezone }).startOf('day').toMillis();
    const toMs = DateTime.fromISO(to, { zone: centre.timezone }).endOf('day').toMillis();
    const rules = await this.rules(centre, location, fromMs, toMs);
    const rows = await this.db.prisma.appointment.groupBy({
      by: ['startsAt'],
      where: { centreId, location, status: { not: 'cancelled' }, seat: { not: null }, startsAt: { gte: new Date(fromMs), lte: new Date(toMs) } },
      _count: { _all: true },
    });
    const booked = new Map(rows.map((r) => [new Date(r.startsAt).getTime(), r._count._all]));
    return freeSlots({ ...rules, from, to, now: this.clock(), booked, minNoticeMinutes: options.minNoticeMinutes ?? MIN_NOTICE_MINUTES });
  }

  /**
   * The slot starting at `start`, if it is one of the location's slots (a working day, within
   * hours, not in a break or closure) and not too soon.
   */
  private async slotAt(centre: CentreContent, location: string, start: Date, minNoticeMinutes: number): Promise<Slot | null> {
    if (!isLocation(centre, location)) return null;
    if (start.getTime() < this.clock().getTime() + minNoticeMinutes * 60_000) return null;
    const date = DateTime.fromJSDate(start).setZone(centre.timezone).toISODate()!;
    const rules = await this.rules(centre, location, start.getTime() - 86_400_000, start.getTime() + 86_400_000);
    return slotsOfDay(rules, date).find((s) => s.start.toMillis() === start.getTime()) ?? null;
  }

  /**
   * Books a seat. Idempotent for a contact: the same contact booking the same slot again (a
   * turn run twice) gets the appointment it already has.
   */
  async book(req: BookingRequest): Promise<BookingResult> {
    const centre = this.centre(req.centreId);
    if (req.contactId) {
      const existing = await this.db.prisma.appointment.findFirst({
        where: { contactId: req.contactId, centreId: req.centreId, location: req.location, startsAt: req.start, status: 'booked' },
        select: SELECT,
      });
      if (existing) return { ok: true, appointment: existing };
    }
    // Staff may enter a walk-in for the current slot; citizens get the minimum notice.
    const slot = await this.slotAt(centre, req.location, req.start, req.actor.type === 'staff' ? -centre.slotMinutes : MIN_NOTICE_MINUTES);
    if (!slot) return { ok: false, error: 'unavailable' };
    const capacity = capacityOf(centre, req.location);
    for (const seat of await this.seatsToTry(req.centreId, req.location, req.start, capacity)) {
      let appointment: AppointmentRecord;
      try {
        // One statement: the unique constraint decides at once. (On SQLite several connections
        // of one process would block each other inside a multi-statement transaction.)
        appointment = await this.db.prisma.appointment.create({
          data: {
            centreId: req.centreId,
            location: req.location,
            startsAt: req.start,
            endsAt: slot.end.toJSDate(),
            seat,
            contactId: req.contactId ?? null,
            conversationId: req.conversationId ?? null,
            reason: req.reason ?? null,
            language: req.language ?? null,
            name: req.name ?? null,
            phone: req.phone ?? null,
            notes: req.notes ?? null,
            staffId: req.staffId ?? null,
            createdById: req.actor.type === 'staff' ? (req.actor.id ?? null) : null,
          },
          select: SELECT,
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Another request took this seat between our read and our insert: try the next one.
        continue;
      }
      await writeAudit(this.db.prisma, { centreId: req.centreId, actorType: req.actor.type, actorId: req.actor.id ?? null, action: 'appointment.booked', entityType: 'appointment', entityId: appointment.id, details: { location: req.location, seat } });
      await scheduleReminder(this.db.prisma, centre, appointment, this.clock());
      return { ok: true, appointment };
    }
    return { ok: false, error: 'taken' };
  }

  /** Free seats first, in order (others may still take them; the constraint decides). */
  private async seatsToTry(centreId: string, location: string, startsAt: Date, capacity: number): Promise<number[]> {
    const taken = new Set(
      (await this.db.prisma.appointment.findMany({ where: { centreId, location, startsAt, seat: { not: null } }, select: { seat: true } })).map((r) => r.seat),
    );
    return Array.from({ length: capacity }, (_, i) => i).filter((s) => !taken.has(s));
  }

  async get(id: string): Promise<AppointmentRecord | null> {
    return this.db.prisma.appointment.findUnique({ where: { id }, select: SELECT });
  }

  /** A contact's booked appointments that have not started yet, soonest first. */
  async upcomingFor(contactId: string): Promise<AppointmentRecord[]> {
    return this.db.prisma.appointment.findMany({
      where: { contactId, status: 'booked', startsAt: { gt: this.clock() } },
      orderBy: { startsAt: 'asc' },
      select: SELECT,
    });
  }

  /** A centre's appointments between two instants (every status), by time: the staff calendar. */
  async calendar(centreId: string, from: Date, to: Date, options: { staffId?: string } = {}): Promise<AppointmentRecord[]> {
    return this.db.prisma.appointment.findMany({
      where: { centreId, startsAt: { gte: from, lt: to }, ...(options.staffId ? { staffId: options.staffId } : {}) },
      orderBy: [{ startsAt: 'asc' }, { location: 'asc' }, { createdAt: 'asc' }],
      select: SELECT,
    });
  }

  /** The one place an appointment's status changes: checks the transition and writes the audit entry. */
  async setStatus(id: string, to: AppointmentStatus, actor: Actor): Promise<AppointmentRecord> {
    const current = await this.get(id);
    if (!current) throw new AppointmentError('not_found', `no appointment ${id}`);
    if (current.status === to) return current;
    const from = current.status as AppointmentStatus;
    if (!(TRANSITIONS[from] ?? []).includes(to)) throw new AppointmentError('invalid_transition', `an appointment that is ${from} cannot become ${to}`);
    const now = this.clock();
    // A conditional update: of two staff members changing it at once, one wins.
    const { count } = await this.db.prisma.appointment.updateMany({
      where: { id, status: from },
      // A cancelled appointment gives its seat back.
      data: to === 'cancelled' ? { status: to, seat: null, cancelledAt: now } : { status: to },
    });
    if (count === 0) throw new AppointmentError('invalid_transition', `appointment ${id} changed meanwhile`);
    await writeAudit(this.db.prisma, { centreId: current.centreId, actorType: actor.type, actorId: actor.id ?? null, action: `appointment.${to}`, entityType: 'appointment', entityId: id });
    if (to === 'cancelled') await cancelReminder(this.db.prisma, current);
    return (await this.get(id))!;
  }

  cancel(id: string, actor: Actor): Promise<AppointmentRecord> {
    return this.setStatus(id, 'cancelled', actor);
  }

  /** Moves a booked appointment to another slot of the same location (a seat there, or "taken"). */
  async reschedule(id: string, start: Date, actor: Actor): Promise<BookingResult> {
    const current = await this.get(id);
    if (!current) throw new AppointmentError('not_found', `no appointment ${id}`);
    if (current.status !== 'booked') throw new AppointmentError('invalid_transition', `an appointment that is ${current.status} cannot be moved`);
    if (current.startsAt.getTime() === start.getTime()) return { ok: true, appointment: current };
    const centre = this.centre(current.centreId);
    const slot = await this.slotAt(centre, current.location, start, actor.type === 'staff' ? -centre.slotMinutes : MIN_NOTICE_MINUTES);
    if (!slot) return { ok: false, error: 'unavailable' };
    for (const seat of await this.seatsToTry(current.centreId, current.location, start, capacityOf(centre, current.location))) {
      let count: number;
      try {
        ({ count } = await this.db.prisma.appointment.updateMany({
          where: { id, status: 'booked', startsAt: current.startsAt },
          data: { startsAt: start, endsAt: slot.end.toJSDate(), seat, reminderSentAt: null, confirmedAt: null },
        }));
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        continue;
      }
      if (count === 0) throw new AppointmentError('invalid_transition', `appointment ${id} changed meanwhile`);
      await writeAudit(this.db.prisma, { centreId: current.centreId, actorType: actor.type, actorId: actor.id ?? null, action: 'appointment.rescheduled', entityType: 'appointment', entityId: id, details: { seat } });
      await cancelReminder(this.db.prisma, current);
      const moved = (await this.get(id))!;
      await scheduleReminder(this.db.prisma, centre, moved, this.clock());
      return { ok: true, appointment: moved };
    }
    return { ok: false, error: 'taken' };
  }

  /** Staff edit the details of an appointment (not its time or status). */
  async editDetails(id: string, changes: { name?: string | null; phone?: string | null; notes?: string | null; reason?: string | null; staffId?: string | null }, actor: Actor): Promise<AppointmentRecord> {
    const current = await this.get(id);
    if (!current) throw new AppointmentError('not_found', `no appointment ${id}`);
    const updated = await this.db.prisma.appointment.update({ where: { id }, data: changes, select: SELECT });
    await writeAudit(this.db.prisma, { centreId: current.centreId, actorType: actor.type, actorId: actor.id ?? null, action: 'appointment.edited', entityType: 'appointment', entityId: id, details: { fields: Object.keys(changes).join(',') } });
    return updated;
  }

  /**
   * A closure staff add (training, a strike, a broken boiler): no slot in it is offered any
   * more. Appointments already booked in it are returned, for staff to call those citizens.
   */
  async addClosure(c: { centreId: string; location: string | null; startsAt: Date; endsAt: Date; reason: string | null }, actor: Actor): Promise<{ closure: ClosureRecord; affected: AppointmentRecord[] }> {
    const closure = await this.db.prisma.closure.create({
      data: { centreId: c.centreId, location: c.location, startsAt: c.startsAt, endsAt: c.endsAt, reason: c.reason, createdById: actor.type === 'staff' ? (actor.id ?? null) : null },
      select: CLOSURE_SELECT,
    });
    await writeAudit(this.db.prisma, { centreId: c.centreId, actorType: actor.type, actorId: actor.id ?? null, action: 'closure.created', entityType: 'closure', entityId: closure.id });
    const affected = await this.db.prisma.appointment.findMany({
      where: { centreId: c.centreId, status: 'booked', startsAt: { lt: c.endsAt }, endsAt: { gt: c.startsAt }, ...(c.location ? { location: c.location } : {}) },
      orderBy: { startsAt: 'asc' },
      select: SELECT,
    });
    return { closure, affected };
  }

  /** The centre's closures that have not ended yet. */
  async closures(centreId: string): Promise<ClosureRecord[]> {
    return this.db.prisma.closure.findMany({ where: { centreId, endsAt: { gt: this.clock() } }, orderBy: { startsAt: 'asc' }, select: CLOSURE_SELECT });
  }

  /** Removes a closure of the centre; false when there is none with that id. */
  async removeClosure(centreId: string, id: string, actor: Actor): Promise<boolean> {
    const { count } = await this.db.prisma.closure.deleteMany({ where: { id, centreId } });
    if (count > 0) await writeAudit(this.db.prisma, { centreId, actorType: actor.type, actorId: actor.id ?? null, action: 'closure.removed', entityType: 'closure', entityId: id });
    return count > 0;
  }

  /** "I'll come" from a reminder. */
  async confirm(id: string, actor: Actor): Promise<AppointmentRecord | null> {
    const current = await this.get(id);
    if (!current || current.status !== 'booked') return null;
    if (current.confirmedAt) return current;
    await this.db.prisma.appointment.updateMany({ where: { id, status: 'booked' }, data: { confirmedAt: this.clock() } });
    await writeAudit(this.db.prisma, { centreId: current.centreId, actorType: actor.type, actorId: actor.id ?? null, action: 'appointment.confirmed', entityType: 'appointment', entityId: id });
    return this.get(id);
  }
}
