import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationCore } from '../../src/bot/core/core.js';
import type { AppointmentService } from '../../src/appointments/service.js';
import type { Db } from '../../src/db/client.js';
import { translator } from '../../src/i18n/index.js';
import { contentDatabase, providers } from '../support/db.js';
import { shippedContent } from '../support/transcript.js';
import { ConversationCore as Core } from '../../src/bot/core/core.js';
import { createFlowServices } from '../../src/bot/core/flow-services.js';
import { createAppointmentsPort } from '../../src/appointments/port.js';
import { chatCore, citizen, NOW, serviceAt, textOf, titlesOf, valuesOf } from './support.js';

describe.each(providers())('booking from the chat on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let service: AppointmentService;
  let core: ConversationCore;

  beforeAll(async () => {
    ({ db, cleanup } = await contentDatabase(provider));
    service = await serviceAt(db);
    core = await chatCore(db, service);
  });
  afterAll(async () => cleanup());

  it('a Greek speaker books at the centre, sees it listed, moves it and cancels it', async () => {
    const t = translator('el');
    const c = await citizen(core, 'el');
    // No appointment yet: straight to booking. Thira has a mobile unit: centre or island first.
    let r = await c.press('menu:appointments', 'Ραντεβού');
    expect(textOf(r)).toContain(t('appointments:location.prompt'));
    expect(titlesOf(r)).toEqual(['Κέντρο Κοινότητας Δήμου Θήρας', 'Κινητή Μονάδα: Ανάφη', 'Κινητή Μονάδα: Ίος', 'Κινητή Μονάδα: Σίκινος', 'Κινητή Μονάδα: Φολέγανδρος', t('common:buttons.menu')]);
    r = await c.press('location:centre');
    expect(textOf(r)).toContain(t('appointments:reason.prompt'));
    // "1" picks the first reason, as on a channel without buttons.
    r = await c.say('1');
    // Today (Wednesday) from noon on, then not Thursday 25 March (a holiday) nor the weekend.
    expect(textOf(r)).toContain(t('appointments:day.prompt'));
    expect(titlesOf(r).slice(0, 6)).toEqual(['Τετάρτη 24 Μαρτίου', 'Παρασκευή 26 Μαρτίου', 'Δευτέρα 29 Μαρτίου', 'Τρίτη 30 Μαρτίου', 'Τετάρτη 31 Μαρτίου', 'Πέμπτη 1 Απριλίου']);
    r = await c.press('day:2027-03-29', 'Δευτέρα 29 Μαρτίου');
    expect(titlesOf(r)[0]).toBe('08:00');
    expect(titlesOf(r)).toContain('15:00');
    expect(valuesOf(r)).toContain('time:2027-03-29T09:00:00+03:00');
    r = await c.press('time:2027-03-29T09:00:00+03:00', '09:00');
    expect(textOf(r)).toContain('Δευτέρα 29 Μαρτίου, 09:00');
    expect(textOf(r)).toContain('Επιδόματα και προγράμματα');
    r = await c.say('ναι');
    expect(textOf(r)).toContain('Έγινε! Το ραντεβού σας: Δευτέρα 29 Μαρτίου, 09:00 — Κέντρο Κοινότητας Δήμου Θήρας');
    expect(textOf(r)).toContain(`${t('appointments:willRemind')} ${t('appointments:changeHint', { item: 'Ραντεβού' })}`);

    const [booked] = await db.prisma.appointment.findMany({ where: { conversationId: c.conversationId } });
    expect(booked).toMatchObject({ centreId: 'thira', location: 'centre', status: 'booked', language: 'el', reason: 'benefits', seat: 0 });
    expect(booked!.startsAt.toISOString()).toBe('2027-03-29T06:00:00.000Z');
    // The reminder waits for 18:00 the evening before (summer time already).
    const job = await db.prisma.job.findFirstOrThrow({ where: { kind: 'appointment.reminder', payload: { contains: booked!.id } } });
    expect(job.runAt.toISOString()).toBe('2027-03-28T15:00:00.000Z');

    // Listed, then moved to Tuesday 10:30.
    r = await c.press('menu:appointments', 'Ραντεβού');
    expect(textOf(r)).toContain('Τα ραντεβού σας:\n• Δευτέρα 29 Μαρτίου, 09:00 — Κέντρο Κοινότητας Δήμου Θήρας');
    r = await c.press('appointments:change');
    expect(textOf(r)).toContain(t('appointments:day.prompt'));
    r = await c.press('day:2027-03-30');
    r = await c.press('time:2027-03-30T10:30:00+03:00');
    expect(textOf(r)).toContain('Τρίτη 30 Μαρτίου, 10:30');
    r = await c.press('confirm:yes', 'Ναι');
    expect(textOf(r)).toContain('Το νέο σας ραντεβού: Τρίτη 30 Μαρτίου, 10:30');
    const moved = await db.prisma.appointment.findUniqueOrThrow({ where: { id: booked!.id } });
    expect(moved.startsAt.toISOString()).toBe('2027-03-30T07:30:00.000Z');
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe('cancelled');
    expect(await db.prisma.job.count({ where: { kind: 'appointment.reminder', status: 'queued', payload: { contains: booked!.id } } })).toBe(1);

    // Cancelled: the seat is free again and no reminder will go out.
    r = await c.press('menu:appointments', 'Ραντεβού');
    r = await c.press('appointments:cancel');
    expect(textOf(r)).toContain('Να ακυρώσω το ραντεβού σας: Τρίτη 30 Μαρτίου, 10:30');
    r = await c.press('confirm:yes', 'Ναι');
    expect(textOf(r)).toContain(t('appointments:cancel.done'));
    expect(await db.prisma.appointment.findUniqueOrThrow({ where: { id: booked!.id } })).toMatchObject({ status: 'cancelled', seat: null });
    expect(await db.prisma.job.count({ where: { kind: 'appointment.reminder', status: 'queued', payload: { contains: booked!.id } } })).toBe(0);
  });

  it('a Ukrainian speaker books the mobile unit on Ios, and is told honestly when the time was just taken', async () => {
    const t = translator('uk');
    const c = await citizen(core, 'uk');
    let r = await c.press('menu:appointments');
    expect(titlesOf(r)).toContain('Мобільний пункт: Ios');
    r = await c.press('location:ios');
    expect(titlesOf(r)).toContain('Допомоги та програми');
    r = await c.press('reason:other');
    expect(textOf(r)).toContain(t('appointments:reason.textPrompt'));
    r = await c.say('Допомога з житлом');
    // The mobile unit's days are placeholders in content: check them by phone.
    expect(textOf(r)).toContain(t('centre:unconfirmed', { phone: '2286037036, 2286033023' }));
    // Ios is visited on Tuesdays only.
    expect(titlesOf(r).slice(0, 3)).toEqual(['вівторок, 30 березня', 'вівторок, 6 квітня', 'вівторок, 13 квітня']);
    r = await c.press('day:2027-03-30');
    expect(titlesOf(r).slice(0, 2)).toEqual(['10:00', '10:30']);
    r = await c.press('time:2027-03-30T10:00:00+03:00');
    expect(textOf(r)).toContain('вівторок, 30 березня, 10:00');
    expect(textOf(r)).toContain('Допомога з житлом');

    // Meanwhile someone phones and staff give away the mobile unit's only seat at 10:00.
    const phoned = await service.book({ centreId: 'thira', location: 'ios', start: new Date('2027-03-30T10:00:00+03:00'), name: 'Μαρία', phone: '6900000000', actor: { type: 'staff' } });
    expect(phoned.ok).toBe(true);

    r = await c.press('confirm:yes', 'Так');
    expect(textOf(r)).toContain(t('appointments:taken'));
    expect(valuesOf(r)).not.toContain('time:2027-03-30T10:00:00+03:00');
    expect(valuesOf(r)).toContain('time:2027-03-30T10:30:00+03:00');
    r = await c.press('time:2027-03-30T10:30:00+03:00');
    r = await c.press('confirm:yes', 'Так');
    expect(textOf(r)).toContain('Готово! Ваш запис: вівторок, 30 березня, 10:30 — Ios');
    const mine = await db.prisma.appointment.findFirstOrThrow({ where: { conversationId: c.conversationId } });
    expect(mine).toMatchObject({ location: 'ios', language: 'uk', reason: 'Допомога з житлом', status: 'booked' });

    // Listing in Ukrainian; "cancel" keeps it when the answer is no.
    r = await c.press('menu:appointments');
    expect(textOf(r)).toContain('Ваші записи:\n• вівторок, 30 березня, 10:30 — Ios');
    r = await c.press('appointments:cancel');
    r = await c.say('ні');
    expect(textOf(r)).toContain(t('appointments:cancel.kept'));
    expect((await db.prisma.appointment.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe('booked');
  });

  it('"later days" shows the next working days after those shown', async () => {
    const c = await citizen(core, 'el');
    await c.press('menu:appointments');
    await c.press('location:centre');
    let r = await c.press('reason:applications');
    expect(titlesOf(r)).toContain('Επόμενες μέρες');
    r = await c.press('day:later', 'Επόμενες μέρες');
    expect(titlesOf(r).slice(0, 6)).toEqual(['Παρασκευή 2 Απριλίου', 'Δευτέρα 5 Απριλίου', 'Τρίτη 6 Απριλίου', 'Τετάρτη 7 Απριλίου', 'Πέμπτη 8 Απριλίου', 'Παρασκευή 9 Απριλίου']);
  });

  it('asks for consent to the privacy notice before booking, then carries on with the booking', async () => {
    const content = await shippedContent();
    const withConsent = new Core(db, content, { services: createFlowServices(db, content) });
    const c = await citizen(withConsent, 'el');
    let r = await c.press('menu:appointments', 'Ραντεβού');
    expect(valuesOf(r)).toContain('consent:yes');
    r = await c.press('consent:yes');
    expect(textOf(r)).toContain(translator('el')('appointments:location.prompt'));
  });

  it('booked for later today: reminded two hours before, or not at all when that time has passed', async () => {
    const c = await citizen(core, 'fr');
    const { contactId } = await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } });
    const port = createAppointmentsPort(service, { conversationId: c.conversationId, contactId, inboxId: 'webchat-thira', channel: 'webchat', turnKey: 't1' }, () => NOW);
    const later = await port.book({ centreId: 'thira', location: 'centre', start: '2027-03-24T14:00:00+02:00', reason: 'support', language: 'fr' });
    expect(later).toMatchObject({ ok: true, reminder: 'soon', appointment: { start: '2027-03-24T14:00:00+02:00' } });
    const job = await db.prisma.job.findFirstOrThrow({ where: { kind: 'appointment.reminder', payload: { contains: later.ok ? later.appointment.id : '-' } } });
    expect(job.runAt.toISOString()).toBe('2027-03-24T10:00:00.000Z');
    // At noon, two hours from now: bookable, but too soon for a reminder.
    const noon = await port.book({ centreId: 'thira', location: 'centre', start: '2027-03-24T12:00:00+02:00', reason: 'support', language: 'fr' });
    expect(noon).toMatchObject({ ok: true, reminder: null });
    expect(await db.prisma.job.count({ where: { kind: 'appointment.reminder', payload: { contains: noon.ok ? noon.appointment.id : '-' } } })).toBe(0);
    // Within the two hours' notice: not bookable.
    expect(await port.book({ centreId: 'thira', location: 'centre', start: '2027-03-24T11:30:00+02:00', reason: 'support', language: 'fr' })).toEqual({ ok: false, error: 'unavailable' });
  });

  it('a turn run twice books once (the port is idempotent per contact and slot)', async () => {
    const c = await citizen(core, 'en');
    const contactId = (await db.prisma.conversation.findUniqueOrThrow({ where: { id: c.conversationId } })).contactId;
    const request = { centreId: 'thira', location: 'centre', start: new Date('2027-04-01T11:00:00+03:00'), contactId, conversationId: c.conversationId, actor: { type: 'contact' as const, id: contactId } };
    const [a, b] = [await service.book(request), await service.book(request)];
    expect(a.ok && b.ok && a.appointment.id === b.appointment.id).toBe(true);
    expect(await db.prisma.appointment.count({ where: { contactId } })).toBe(1);
  });
});
