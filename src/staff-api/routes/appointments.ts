import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { placeLabel } from '../../appointments/format.js';
import { appointmentsIcs } from '../../appointments/ical.js';
import { AppointmentError, type AppointmentRecord, type ClosureRecord } from '../../appointments/service.js';
import { CENTRE_LOCATION, isLocation, isoOf } from '../../appointments/slots.js';
import type { CentreContent } from '../../content/schema.js';
import { problem } from '../problems.js';
import { scope } from '../scope.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected YYYY-MM-DD' });
const instant = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time with its offset, e.g. 2027-03-29T09:00:00+03:00' });
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);

function view(centre: CentreContent, a: AppointmentRecord) {
  const at = (d: Date) => isoOf(DateTime.fromJSDate(d).setZone(centre.timezone));
  return {
    id: a.id,
    location: a.location,
    place: placeLabel(centre, a.location, 'el'),
    start: at(a.startsAt),
    end: at(a.endsAt),
    status: a.status,
    reason: a.reason,
    language: a.language,
    name: a.name,
    phone: a.phone,
    notes: a.notes,
    staffId: a.staffId,
    contactId: a.contactId,
    conversationId: a.conversationId,
    confirmed: a.confirmedAt !== null,
    fromChat: a.conversationId !== null,
  };
}

function closureView(centre: CentreContent, c: ClosureRecord) {
  const at = (d: Date) => isoOf(DateTime.fromJSDate(d).setZone(centre.timezone));
  return { id: c.id, location: c.location ?? CENTRE_LOCATION, from: at(c.startsAt), to: at(c.endsAt), reason: c.reason };
}

function mapError(err: unknown): never {
  if (err instanceof AppointmentError) {
    if (err.code === 'invalid_transition') throw problem(409, 'invalid-transition', err.message);
    throw problem(404, 'not-found', 'no such appointment');
  }
  throw err;
}

const unbookable = {
  taken: () => problem(409, 'slot-full', 'that time is full; choose another'),
  unavailable: () => problem(409, 'not-bookable', 'the centre does not see citizens at that time (closed, a holiday, a break or outside hours)'),
};

/**
 * The centre's appointments for staff: the day or week calendar, appointments for citizens who
 * phone or walk in (name and phone, no chat needed), moving, cancelling, attended / no-show,
 * and the iCalendar export (the centre's, or one staff member's). Scoped to the staff
 * member's centre: another centre's appointment is "not found".
 */
export const appointmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.db;
  const centreOf = (centreId: string): CentreContent => {
    const centre = app.content.centres.get(centreId);
    if (!centre) throw problem(404, 'not-found', 'no such centre');
    return centre;
  };
  const appointmentOf = async (centreId: string, appointmentId: string): Promise<AppointmentRecord> => {
    const a = await app.appointments.get(appointmentId);
    if (!a || a.centreId !== centreId) throw problem(404, 'not-found', 'no such appointment');
    return a;
  };

  app.get(
    '/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: 'The centre’s appointments from one day to another (a day or a week calendar)',
        querystring: z.object({ from: date.optional(), to: date.optional(), staffId: id.optional() }),
      },
    },
    async (req) => {
      const s = scope(req, prisma);
      const centre = centreOf(s.centreId);
      const from = req.query.from ? DateTime.fromISO(req.query.from, { zone: centre.timezone }) : DateTime.now().setZone(centre.timezone).startOf('day');
      const to = req.query.to ? DateTime.fromISO(req.query.to, { zone: centre.timezone }) : from.plus({ days: 6 });
      if (!from.isValid || !to.isValid || to < from) throw problem(400, 'invalid-request', '"to" must be a date not before "from"');
      if (to.diff(from, 'days').days > 92) throw problem(400, 'invalid-request', 'at most 92 days at once');
      if (req.query.staffId) await s.staffMember(req.query.staffId);
      const rows = await app.appointments.calendar(s.centreId, from.startOf('day').toJSDate(), to.plus({ days: 1 }).startOf('day').toJSDate(), req.query.staffId ? { staffId: req.query.staffId } : {});
      return { from: from.toISODate(), to: to.toISODate(), appointments: rows.map((a) => view(centre, a)) };
    },
  );

  app.get(
    '/appointments/slots',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Free times to offer a citizen on the phone (working days, within hours, not full)',
        querystring: z.object({ from: date, to: date, location: z.string().min(1).max(100).default(CENTRE_LOCATION) }),
      },
    },
    async (req) => {
      const s = scope(req, prisma);
      const centre = centreOf(s.centreId);
      if (!isLocation(centre, req.query.location)) throw problem(400, 'invalid-request', `unknown location "${req.query.location}"`);
      if (req.query.to < req.query.from) throw problem(400, 'invalid-request', '"to" must not be before "from"');
      if (DateTime.fromISO(req.query.to).diff(DateTime.fromISO(req.query.from), 'days').days > 92) throw problem(400, 'invalid-request', 'at most 92 days at once');
      // Staff may offer the slot that is starting now (a walk-in).
      const slots = await app.appointments.freeSlots(s.centreId, req.query.location, req.query.from, req.query.to, { minNoticeMinutes: -centre.slotMinutes });
      return { location: req.query.location, slots: slots.map((x) => ({ start: isoOf(x.start), end: isoOf(x.end) })) };
    },
  );

  app.post(
    '/appointments',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Book for a citizen who phoned or walked in',
        body: z.object({
          start: instant,
          location: z.string().min(1).max(100).default(CENTRE_LOCATION),
          name: text(200),
          phone: z.string().trim().regex(/^\+?[\d ]{3,20}$/, { error: 'expected a phone number' }).optional(),
          reason: text(500).optional(),
          notes: text(2000).optional(),
          language: z.enum(['el', 'en', 'ar', 'fa', 'uk', 'fr']).optional(),
          staffId: id.optional(),
        }),
      },
    },
    async (req, reply) => {
      const s = scope(req, prisma);
      const centre = centreOf(s.centreId);
      const body = req.body;
      if (!isLocation(centre, body.location)) throw problem(400, 'invalid-request', `unknown location "${body.location}"`);
      if (body.staffId) await s.staffMember(body.staffId);
      const result = await app.appointments.book({
        centreId: s.centreId,
        location: body.location,
        start: new Date(body.start),
        name: body.name,
        phone: body.phone?.replace(/\s+/g, '') ?? null,
        reason: body.reason ?? null,
        notes: body.notes ?? null,
        language: body.language ?? null,
        staffId: body.staffId ?? null,
        actor: { type: 'staff', id: s.staff.id },
      });
      if (!result.ok) throw unbookable[result.error]();
      return reply.code(201).send(view(centre, result.appointment));
    },
  );

  app.patch(
    '/appointments/:id',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Mark attended or no-show, cancel, move to another time, or edit the details',
        params: z.object({ id }),
        body: z
          .object({
            status: z.enum(['attended', 'no_show', 'cancelled']).optional(),
            start: instant.optional(),
            name: text(200).optional(),
            phone: z.string().trim().regex(/^\+?[\d ]{3,20}$/, { error: 'expected a phone number' }).optional(),
            reason: text(500).optional(),
            notes: z.string().trim().max(2000).optional(),
            staffId: id.nullable().optional(),
          })
          .refine((b) => Object.values(b).some((v) => v !== undefined), { error: 'nothing to change' }),
      },
    },
    async (req) => {
      const s = scope(req, prisma);
      const centre = centreOf(s.centreId);
      const current = await appointmentOf(s.centreId, req.params.id);
      const { status, start, staffId, ...details } = req.body;
      const actor = { type: 'staff' as const, id: s.staff.id };
      if (staffId) await s.staffMember(staffId);
      try {
        const changes = Object.fromEntries(Object.entries({ ...details, ...(staffId !== undefined ? { staffId } : {}) }).filter(([, v]) => v !== undefined));
        if (typeof changes.phone === 'string') changes.phone = changes.phone.replace(/\s+/g, '');
        if (Object.keys(changes).length > 0) await app.appointments.editDetails(current.id, changes, actor);
        if (start) {
          const moved = await app.appointments.reschedule(current.id, new Date(start), actor);
          if (!moved.ok) throw unbookable[moved.error]();
        }
        if (status) await app.appointments.setStatus(current.id, status, actor);
      } catch (err) {
        mapError(err);
      }
      return view(centre, (await app.appointments.get(current.id))!);
    },
  );

  app.get(
    '/appointments.ics',
    {
      schema: {
        tags: ['appointments'],
        summary: 'iCalendar (RFC 5545) of the centre’s appointments, or of one staff member’s; 30 days back to 180 ahead',
        querystring: z.object({ staffId: id.optional() }),
      },
    },
    async (req, reply) => {
      const s = scope(req, prisma);
      const centre = centreOf(s.centreId);
      const staff = req.query.staffId ? await s.staffMember(req.query.staffId) : null;
      const now = DateTime.now();
      const rows = await app.appointments.calendar(s.centreId, now.minus({ days: 30 }).toJSDate(), now.plus({ days: 180 }).toJSDate(), staff ? { staffId: staff.id } : {});
      const name = staff ? `${centre.name.el}: ${staff.name}` : centre.name.el;
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${staff ? `appointments-${staff.id}` : `appointments-${centre.id}`}.ics"`)
        .send(appointmentsIcs(centre, rows, name));
    },
  );
  app.get('/closures', { schema: { tags: ['appointments'], summary: 'Closures staff added that have not ended yet' } }, async (req) => {
    const s = scope(req, prisma);
    const centre = centreOf(s.centreId);
    const rows = await app.appointments.closures(s.centreId);
    return { closures: rows.map((c) => closureView(centre, c)) };
  });

  app.post(
    '/closures',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Close the centre (or one island of its mobile unit) for a while; answers the appointments to call off',
        body: z.object({ from: instant, to: instant, location: z.string().min(1).max(100).optional(), reason: text(500).optional() }),
      },
    },
    async (req, reply) => {
      const s = scope(req, prisma);
      const centre = centreOf(s.centreId);
      const { from, to, location, reason } = req.body;
      if (Date.parse(to) <= Date.parse(from)) throw problem(400, 'invalid-request', '"to" must be after "from"');
      if (location && !isLocation(centre, location)) throw problem(400, 'invalid-request', `unknown location "${location}"`);
      const { closure, affected } = await app.appointments.addClosure(
        { centreId: s.centreId, location: location && location !== CENTRE_LOCATION ? location : null, startsAt: new Date(from), endsAt: new Date(to), reason: reason ?? null },
        { type: 'staff', id: s.staff.id },
      );
      return reply.code(201).send({ closure: closureView(centre, closure), affected: affected.map((a) => view(centre, a)) });
    },
  );

  app.delete('/closures/:id', { schema: { tags: ['appointments'], summary: 'Remove a closure', params: z.object({ id }) } }, async (req, reply) => {
    const s = scope(req, prisma);
    if (!(await app.appointments.removeClosure(s.centreId, req.params.id, { type: 'staff', id: s.staff.id }))) throw problem(404, 'not-found', 'no such closure');
    return reply.code(204).send();
  });
};
