import { DateTime } from 'luxon';
import type { Reply } from '../dialogs/engine/engine.js';
import type { Content } from '../content/load.js';
import type { CentreContent } from '../content/schema.js';
import type { Db } from '../db/client.js';
import { isLanguage, type Language } from '../bot/core/types.js';
import { translator } from '../i18n/index.js';
import { cancelJob, enqueueJob, type JobRecord } from '../jobs/queue.js';
import { placeLabel, whenLabel } from './format.js';
import { actionValue } from './actions.js';

/**
 * The reminder of an appointment: one job per appointment and time (job kind
 * `appointment.reminder`, unique key with the start), due at 18:00 the evening before in the
 * centre's zone; booked after that hour, two hours before instead (not before 07:30, and not
 * at all when that leaves less than half an hour). A moved appointment gets a new job; a
 * cancelled one's job is cancelled. Sent once: the handler marks the appointment reminded
 * before sending (two replicas, a job run twice).
 */
export const REMINDER_JOB = 'appointment.reminder';

/** Hour of the evening before when reminders go out. */
export const REMINDER_HOUR = 18;

interface Scheduled {
  id: string;
  startsAt: Date;
  conversationId: string | null;
  status?: string;
}

type JobWriter = Parameters<typeof enqueueJob>[0];

const keyOf = (a: Scheduled) => `appointment-reminder:${a.id}:${a.startsAt.getTime()}`;

/** When the reminder of an appointment starting at `startsAt` is due. */
export function reminderTime(startsAt: Date, zone: string): Date {
  return DateTime.fromJSDate(startsAt).setZone(zone).minus({ days: 1 }).set({ hour: REMINDER_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

export type ReminderKind = 'day' | 'soon';

/** When the reminder of an appointment booked at `now` goes out, or null for none. */
export function reminderPlan(startsAt: Date, zone: string, now: Date): { kind: ReminderKind; runAt: Date } | null {
  const evening = reminderTime(startsAt, zone);
  if (evening.getTime() > now.getTime()) return { kind: 'day', runAt: evening };
  const start = DateTime.fromJSDate(startsAt).setZone(zone);
  const soon = DateTime.max(start.minus({ hours: 2 }), start.set({ hour: 7, minute: 30, second: 0, millisecond: 0 }));
  if (soon.toMillis() > start.minus({ minutes: 30 }).toMillis() || soon.toMillis() <= now.getTime()) return null;
  return { kind: 'soon', runAt: soon.toJSDate() };
}

/** Queues the reminder (only for appointments made from a conversation). */
export async function scheduleReminder(db: JobWriter, centre: CentreContent, appointment: Scheduled, now: Date): Promise<ReminderKind | null> {
  if (!appointment.conversationId) return null;
  const plan = reminderPlan(appointment.startsAt, centre.timezone, now);
  if (!plan) return null;
  await enqueueJob(db, REMINDER_JOB, { appointmentId: appointment.id, startsAt: appointment.startsAt.toISOString(), kind: plan.kind }, { runAt: plan.runAt, uniqueKey: keyOf(appointment) });
  return plan.kind;
}

export async function cancelReminder(db: JobWriter, appointment: Scheduled): Promise<void> {
  await cancelJob(db, keyOf(appointment));
}

export type Say = (conversationId: string, replies: (lang: Language) => Reply[]) => Promise<unknown>;

/** The reminder message, in the appointment's language. */
export function reminderReply(centre: CentreContent, a: { id: string; location: string; startsAt: Date }, lang: Language): Reply {
  const t = translator(lang);
  return {
    text: t('appointments:reminder', { when: whenLabel(a.startsAt, lang, centre.timezone), place: placeLabel(centre, a.location, lang) }),
    buttons: [
      { title: t('appointments:buttons.come'), value: actionValue('come', a.id) },
      { title: t('appointments:buttons.change'), value: actionValue('change', a.id) },
      { title: t('appointments:buttons.cancel'), value: actionValue('cancel', a.id) },
    ],
  };
}

/** The job handler: sends the reminder once, if the appointment is still booked at that time. */
export function reminderHandler(db: Db, content: Content, say: Say, clock: () => Date = () => new Date()): (job: JobRecord) => Promise<void> {
  return async (job) => {
    const payload = job.payload as { appointmentId?: unknown; startsAt?: unknown };
    if (typeof payload.appointmentId !== 'string' || typeof payload.startsAt !== 'string') return;
    const a = await db.prisma.appointment.findUnique({ where: { id: payload.appointmentId } });
    const startsAt = new Date(payload.startsAt);
    if (!a || a.status !== 'booked' || !a.conversationId || a.startsAt.getTime() !== startsAt.getTime() || a.startsAt <= clock()) return;
    const centre = content.centres.get(a.centreId);
    if (!centre) return;
    // Claim the sending: only one run (of any replica) gets count 1.
    const { count } = await db.prisma.appointment.updateMany({ where: { id: a.id, status: 'booked', startsAt, reminderSentAt: null }, data: { reminderSentAt: clock() } });
    if (count === 0) return;
    try {
      await say(a.conversationId, (conversationLang) => [reminderReply(centre, a, isLanguage(a.language) ? a.language : conversationLang)]);
    } catch (err) {
      // Not sent: let the retry send it.
      await db.prisma.appointment.updateMany({ where: { id: a.id, startsAt }, data: { reminderSentAt: null } });
      throw err;
    }
  };
}
