import type { Env } from '../config/env.js';

/** How long each kind of data is kept (README "Privacy"). */
export interface RetentionSettings {
  /** Conversations (with their messages and outbox rows) after their last activity. */
  conversationMonths: number;
  /** Cases with status `closed` after their last change. */
  closedCaseYears: number;
  /** Appointments after the time they were for. */
  appointmentMonths: number;
  /** Dead or skipped outbox rows after they were created. */
  outboxDays: number;
  /** Finished jobs (done, dead, cancelled) after they finished. */
  jobDays: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { conversationMonths: 12, closedCaseYears: 5, appointmentMonths: 12, outboxDays: 30, jobDays: 30 };

export function retentionFromEnv(env: Pick<Env, 'RETENTION_CONVERSATION_MONTHS' | 'RETENTION_CLOSED_CASE_YEARS' | 'RETENTION_APPOINTMENT_MONTHS' | 'RETENTION_OUTBOX_DAYS' | 'RETENTION_JOB_DAYS'>): RetentionSettings {
  return {
    conversationMonths: env.RETENTION_CONVERSATION_MONTHS,
    closedCaseYears: env.RETENTION_CLOSED_CASE_YEARS,
    appointmentMonths: env.RETENTION_APPOINTMENT_MONTHS,
    outboxDays: env.RETENTION_OUTBOX_DAYS,
    jobDays: env.RETENTION_JOB_DAYS,
  };
}

/** The moments before which each kind of data is due for the purge. */
export interface Cutoffs {
  conversation: Date;
  closedCase: Date;
  appointment: Date;
  outbox: Date;
  job: Date;
}

const DAY = 24 * 3600_000;

export function cutoffs(settings: RetentionSettings, now: Date): Cutoffs {
  const monthsAgo = (n: number) => {
    const d = new Date(now);
    d.setUTCMonth(d.getUTCMonth() - n);
    return d;
  };
  return {
    conversation: monthsAgo(settings.conversationMonths),
    closedCase: monthsAgo(settings.closedCaseYears * 12),
    appointment: monthsAgo(settings.appointmentMonths),
    outbox: new Date(now.getTime() - settings.outboxDays * DAY),
    job: new Date(now.getTime() - settings.jobDays * DAY),
  };
}
