import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { contentDatabase, providers, type TestDatabase } from '../support/db.js';
import { serviceAt } from './support.js';

const CONNECTIONS = 4;
const REQUESTS = 20;

describe.each(providers())('the last free seat on %s', (provider) => {
  let db: Db;
  let database: TestDatabase;
  let cleanup: () => Promise<void>;
  const others: Db[] = [];

  beforeAll(async () => {
    ({ db, database, cleanup } = await contentDatabase(provider));
    // Separate connections play separate replicas.
    for (let i = 0; i < CONNECTIONS; i++) others.push(await database.open());
  });
  afterAll(async () => {
    for (const other of others) await other.close();
    await cleanup();
  });

  it('20 citizens ask for the last seat at once: one gets it, 19 hear it was taken, never over capacity', async () => {
    const start = new Date('2027-03-29T11:00:00+03:00');
    const contacts = await Promise.all(Array.from({ length: REQUESTS + 1 }, () => db.prisma.contact.create({ data: { centreId: 'thira' }, select: { id: true } })));
    const services = await Promise.all(others.map((other) => serviceAt(other)));
    // Thira sees two citizens per slot: one seat is taken already.
    const first = await services[0]!.book({ centreId: 'thira', location: 'centre', start, contactId: contacts[0]!.id, actor: { type: 'contact', id: contacts[0]!.id } });
    expect(first.ok).toBe(true);

    const results = await Promise.all(
      contacts.slice(1).map((c, i) => services[i % CONNECTIONS]!.book({ centreId: 'thira', location: 'centre', start, contactId: c.id, language: 'fa', actor: { type: 'contact', id: c.id } })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error === 'taken')).toHaveLength(REQUESTS - 1);
    const booked = await db.prisma.appointment.findMany({ where: { centreId: 'thira', startsAt: start, status: 'booked' }, select: { seat: true } });
    expect(booked.map((b) => b.seat).sort()).toEqual([0, 1]);
    // The slot is no longer offered.
    const free = await services[0]!.freeSlots('thira', 'centre', '2027-03-29', '2027-03-29');
    expect(free.map((s) => s.start.toMillis())).not.toContain(start.getTime());
  });

  it('a cancelled seat can be booked again', async () => {
    const start = new Date('2027-03-29T12:00:00+03:00');
    const service = await serviceAt(db);
    const a = await service.book({ centreId: 'thira', location: 'anafi', start, name: 'Γιώργος', phone: '6911111111', actor: { type: 'staff' } });
    expect(a.ok).toBe(true);
    expect((await service.book({ centreId: 'thira', location: 'anafi', start, name: 'Ελένη', actor: { type: 'staff' } })).ok).toBe(false);
    await service.cancel(a.ok ? a.appointment.id : '', { type: 'staff' });
    expect((await service.book({ centreId: 'thira', location: 'anafi', start, name: 'Ελένη', actor: { type: 'staff' } })).ok).toBe(true);
  });
});
