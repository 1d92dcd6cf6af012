import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxId } from '../../src/db/sync-content.js';
import { translator } from '../../src/i18n/index.js';
import type { Language } from '../../src/bot/core/types.js';
import { channelDatabase, startChannelApp, type ChannelApp } from '../support/channel-app.js';
import { providers, type TestDatabase } from '../support/db.js';

const INBOX = inboxId('webchat', 'thira');
// Monday 29 March 2027, 09:00 in Athens: the reminder is due on Sunday at 18:00.
const START = new Date('2027-03-29T09:00:00+03:00');
const DUE = new Date('2027-03-28T18:00:01+03:00');

async function bookFromChat(app: ChannelApp, userId: string, language: Language, start = START) {
  const { conversationId } = await app.app.core.startConversation({ inboxId: INBOX, userId, centreId: 'thira', language });
  const { contactId } = await app.db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
  const result = await app.app.appointments.book({ centreId: 'thira', location: 'centre', start, contactId, conversationId, language, actor: { type: 'contact', id: contactId } });
  if (!result.ok) throw new Error(`not booked: ${result.error}`);
  return { conversationId, appointmentId: result.appointment.id };
}

describe.each(providers())('appointment reminders on %s', (provider) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await channelDatabase(provider);
  });
  afterAll(async () => database.drop());

  it('go out once, in the citizen language, from a restarted service with two replicas; the buttons work days later', async () => {
    const first = await startChannelApp(database, {});
    let booked: { conversationId: string; appointmentId: string };
    let cancelled: { conversationId: string; appointmentId: string };
    try {
      booked = await bookFromChat(first, 'u-reminded', 'fa');
      cancelled = await bookFromChat(first, 'u-cancelled', 'el', new Date('2027-03-29T09:30:00+03:00'));
      await first.app.appointments.cancel(cancelled.appointmentId, { type: 'contact' });
    } finally {
      await first.close();
    }

    // The service restarts as two replicas; both look for due jobs at once.
    const a = await startChannelApp(database, {});
    const b = await startChannelApp(database, {});
    try {
      await Promise.all([a.app.jobs.runDue(DUE), b.app.jobs.runDue(DUE)]);
      // Looking again sends nothing more.
      await a.app.jobs.runDue(DUE);
      const jobs = await a.db.prisma.job.findMany({ where: { kind: 'appointment.reminder' }, orderBy: { runAt: 'asc' } });
      expect(jobs.map((j) => j.status).sort()).toEqual(['cancelled', 'done']);

      const t = translator('fa');
      const transcript = await a.app.core.transcript(booked.conversationId);
      const reminders = transcript.filter((m) => m.text?.startsWith(t('appointments:reminder', { when: '', place: '' }).slice(0, 8)));
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.text).toContain('دوشنبه ۲۹ مارس');
      expect(reminders[0]!.buttons.map((x) => x.title)).toEqual([t('appointments:buttons.come'), t('appointments:buttons.change'), t('appointments:buttons.cancel')]);
      expect(reminders[0]!.buttons[0]!.value).toBe(`appt:come:${booked.appointmentId}`);
      // The cancelled appointment got no reminder.
      expect((await a.app.core.transcript(cancelled.conversationId)).some((m) => m.text?.includes('Υπενθύμιση'))).toBe(false);

      // Days later, wherever the conversation is, "I'll come" is understood.
      await a.app.core.handle({ inboxId: INBOX, conversationId: booked.conversationId, activity: { type: 'message', id: 'fa-menu', from: { id: 'u-reminded' }, text: '1' } });
      const outcome = await b.app.core.handle({
        inboxId: INBOX,
        conversationId: booked.conversationId,
        activity: { type: 'message', id: 'fa-come', from: { id: 'u-reminded' }, text: t('appointments:buttons.come'), value: `appt:come:${booked.appointmentId}` },
      });
      expect(outcome.status === 'processed' && outcome.replies[0]!.text).toContain(t('appointments:seeYou', { appointment: '' }).slice(0, 6));
      expect((await a.db.prisma.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).confirmedAt).not.toBeNull();

      // "Cancel" from the same reminder asks first, then cancels.
      const cancel = await a.app.core.handle({
        inboxId: INBOX,
        conversationId: booked.conversationId,
        activity: { type: 'message', id: 'fa-cancel', from: { id: 'u-reminded' }, text: t('appointments:buttons.cancel'), value: `appt:cancel:${booked.appointmentId}` },
      });
      expect(cancel.status === 'processed' && cancel.replies.map((r) => r.text).join('\n')).toContain('دوشنبه ۲۹ مارس');
      const yes = await a.app.core.handle({ inboxId: INBOX, conversationId: booked.conversationId, activity: { type: 'message', id: 'fa-yes', from: { id: 'u-reminded' }, text: 'بله' } });
      expect(yes.status === 'processed' && yes.replies[0]!.text).toBe(t('appointments:cancel.done'));
      expect((await a.db.prisma.appointment.findUniqueOrThrow({ where: { id: booked.appointmentId } })).status).toBe('cancelled');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
