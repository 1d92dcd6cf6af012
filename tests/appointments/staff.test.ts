import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelDatabase, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';
import { api, staffOf, type StaffLogin } from '../staff-api/support.js';

interface View {
  id: string;
  start: string;
  end: string;
  status: string;
  name: string | null;
  phone: string | null;
  place: string;
  staffId: string | null;
}

describe.each(providers())('the staff calendar on %s', (provider) => {
  let database: TestDatabase;
  let kentro: ChannelApp;
  let maria: StaffLogin;
  let nikos: StaffLogin;
  let samos: StaffLogin;

  beforeAll(async () => {
    database = await channelDatabase(provider);
    kentro = await startChannelApp(database, {});
    maria = await staffOf(kentro.db, kentro.url, 'thira', 'admin');
    nikos = await staffOf(kentro.db, kentro.url, 'thira');
    samos = await staffOf(kentro.db, kentro.url, 'samos');
  });
  afterAll(async () => {
    await kentro.close();
    await database.drop();
  });

  it('books phone and walk-in citizens by name and phone, up to the capacity, never on a holiday', async () => {
    const book = (body: Record<string, unknown>, token = maria.token) => api<View>(kentro.url, 'POST', '/api/appointments', { token, body });
    const first = await book({ start: '2027-03-29T09:00:00+03:00', name: 'Ελένη Παππά', phone: '69 1234 5678', reason: 'ΚΕΑ', staffId: nikos.id });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ start: '2027-03-29T09:00:00+03:00', end: '2027-03-29T09:30:00+03:00', status: 'booked', name: 'Ελένη Παππά', phone: '6912345678', place: 'Κέντρο Κοινότητας Δήμου Θήρας', staffId: nikos.id });
    expect((await book({ start: '2027-03-29T09:00:00+03:00', name: 'Γιάννης' })).status).toBe(201);
    const full = await book({ start: '2027-03-29T09:00:00+03:00', name: 'Τρίτος' });
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: 'slot-full' });
    expect(await book({ start: '2027-03-25T09:00:00+02:00', name: 'Εθνική εορτή' })).toMatchObject({ status: 409, body: { code: 'not-bookable' } });
    expect(await book({ start: '2027-03-29T09:10:00+03:00', name: 'Όχι στην ώρα' })).toMatchObject({ status: 409, body: { code: 'not-bookable' } });
    // The mobile unit on Anafi, on its visiting day.
    expect(await book({ start: '2027-03-29T10:00:00+03:00', location: 'anafi', name: 'Κώστας' })).toMatchObject({ status: 201, body: { place: 'Ανάφη' } });
    expect(await book({ start: '2027-03-29T09:00:00+03:00', name: 'Λάθος', staffId: samos.id })).toMatchObject({ status: 404 });
  });

  it('lists the free times to offer on the phone', async () => {
    const res = await api<{ slots: { start: string }[] }>(kentro.url, 'GET', '/api/appointments/slots?from=2027-03-29&to=2027-03-29&location=anafi', { token: nikos.token });
    expect(res.status).toBe(200);
    // Κώστας has Anafi's only seat at 10:00.
    expect(res.body.slots.map((x) => x.start.slice(11, 16))).toEqual(['10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30']);
    expect((await api(kentro.url, 'GET', '/api/appointments/slots?from=2027-03-29&to=2027-03-29&location=mykonos', { token: nikos.token })).status).toBe(400);
  });

  it('shows the week, moves, marks attended and no-show, and keeps other centres out', async () => {
    const week = await api<{ appointments: View[] }>(kentro.url, 'GET', '/api/appointments?from=2027-03-29&to=2027-04-04', { token: maria.token });
    expect(week.status).toBe(200);
    expect(week.body.appointments.map((a) => [a.start, a.name])).toEqual([
      ['2027-03-29T09:00:00+03:00', 'Ελένη Παππά'],
      ['2027-03-29T09:00:00+03:00', 'Γιάννης'],
      ['2027-03-29T10:00:00+03:00', 'Κώστας'],
    ]);
    const [eleni, giannis] = week.body.appointments;
    expect((await api<{ appointments: View[] }>(kentro.url, 'GET', '/api/appointments?from=2027-03-29&to=2027-04-04', { token: samos.token })).body.appointments).toEqual([]);
    expect((await api(kentro.url, 'PATCH', `/api/appointments/${eleni!.id}`, { token: samos.token, body: { status: 'cancelled' } })).status).toBe(404);

    const moved = await api<View>(kentro.url, 'PATCH', `/api/appointments/${eleni!.id}`, { token: maria.token, body: { start: '2027-03-30T11:30:00+03:00', notes: 'Φέρνει το εκκαθαριστικό' } });
    expect(moved.body).toMatchObject({ start: '2027-03-30T11:30:00+03:00', status: 'booked' });
    expect((await api<View>(kentro.url, 'PATCH', `/api/appointments/${eleni!.id}`, { token: maria.token, body: { status: 'attended' } })).body.status).toBe('attended');
    expect((await api<View>(kentro.url, 'PATCH', `/api/appointments/${giannis!.id}`, { token: nikos.token, body: { status: 'no_show' } })).body.status).toBe('no_show');
    // An attended appointment is not cancelled afterwards.
    expect(await api(kentro.url, 'PATCH', `/api/appointments/${eleni!.id}`, { token: maria.token, body: { status: 'cancelled' } })).toMatchObject({ status: 409, body: { code: 'invalid-transition' } });
    const audit = await kentro.db.prisma.auditLog.findMany({ where: { entityId: eleni!.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((e) => e.action)).toEqual(['appointment.booked', 'appointment.edited', 'appointment.rescheduled', 'appointment.attended']);
  });

  it('exports iCalendar for the centre and for one staff member', async () => {
    const res = await fetch(`${kentro.url}/api/appointments.ics`, { headers: { authorization: `Bearer ${maria.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(ics).toContain('DTSTART:20270330T083000Z');
    expect(ics).toContain('SUMMARY:Ραντεβού: Ελένη Παππά');
    const mine = await (await fetch(`${kentro.url}/api/appointments.ics?staffId=${nikos.id}`, { headers: { authorization: `Bearer ${maria.token}` } })).text();
    expect(mine.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(mine).toContain('Ελένη Παππά');
    const other = await fetch(`${kentro.url}/api/appointments.ics?staffId=${nikos.id}`, { headers: { authorization: `Bearer ${samos.token}` } });
    expect(other.status).toBe(404);
  });

  it('closes the centre for a morning: no slot is offered there, and the appointments to call off are listed', async () => {
    const closed = await api<{ closure: { id: string; from: string }; affected: View[] }>(kentro.url, 'POST', '/api/closures', {
      token: maria.token,
      body: { from: '2027-03-29T09:30:00+03:00', to: '2027-03-29T11:00:00+03:00', location: 'anafi', reason: 'Ακυρώθηκε το πλοίο' },
    });
    expect(closed.status).toBe(201);
    expect(closed.body.closure.from).toBe('2027-03-29T09:30:00+03:00');
    expect(closed.body.affected.map((a) => a.name)).toEqual(['Κώστας']);
    const slots = await kentro.app.appointments.freeSlots('thira', 'anafi', '2027-03-29', '2027-03-29');
    expect(slots.map((x) => x.start.toFormat('HH:mm'))).toEqual(['11:00', '11:30', '12:00', '12:30', '13:00', '13:30']);
    expect((await api(kentro.url, 'POST', '/api/appointments', { token: maria.token, body: { start: '2027-03-29T10:30:00+03:00', location: 'anafi', name: 'Όχι' } })).status).toBe(409);
    expect((await api<{ closures: unknown[] }>(kentro.url, 'GET', '/api/closures', { token: samos.token })).body.closures).toEqual([]);
    expect((await api(kentro.url, 'DELETE', `/api/closures/${closed.body.closure.id}`, { token: samos.token })).status).toBe(404);
    expect((await api(kentro.url, 'DELETE', `/api/closures/${closed.body.closure.id}`, { token: maria.token })).status).toBe(204);
    expect(await kentro.app.appointments.freeSlots('thira', 'anafi', '2027-03-29', '2027-03-29')).toHaveLength(7);
  });
});
