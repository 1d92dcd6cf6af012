import { DateTime } from 'luxon';
import type { ContactData } from '../../../privacy/collect.js';
import type { RetentionSettings } from '../../../privacy/retention.js';
import { parseIntake, type IntakeAnswers } from '../../../intake/answers.js';
import type { FlowContext } from '../../engine/types.js';
import { answerLines } from '../intake/summary.js';

const ZONE = 'Europe/Athens';
const MAX_INTAKE_LINES = 20;

const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('dd/LL/yyyy');
const dayTime = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('dd/LL/yyyy HH:mm');

/** An intake answer as a short line: lists joined, nested objects as compact JSON. */
function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(answerText).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The pre-intake answers given, with the labels the intake's own summary uses. */
function intakeLines(a: IntakeAnswers, ctx: FlowContext): string[] {
  return answerLines(a, ctx).flatMap(([label, value]) => (value === null ? [] : [`${label}: ${value}`]));
}

/** An intake in another shape (older, or written by staff): its answers as `key: value`. */
function rawLines(intake: unknown): string[] {
  if (intake === null || typeof intake !== 'object' || Array.isArray(intake)) return [];
  return Object.entries(intake as Record<string, unknown>)
    .filter(([k, v]) => k !== 'v' && v !== null && v !== '')
    .map(([key, value]) => `${key}: ${answerText(value)}`);
}

/**
 * "What do you know about me?" in the citizen's language: one line per kind of data, only the
 * kinds there are, then how long each is kept. The JSON download has every detail.
 */
export function summaryText(data: ContactData, retention: RetentionSettings, ctx: FlowContext): string {
  const { t } = ctx;
  const lines = [t('privacy:summary.title')];
  if (data.identities.length) {
    const list = data.identities.map((i) => t('privacy:summary.identity', { channel: t(`privacy:channels.${i.channel}`, { defaultValue: i.channel }), date: day(i.since) }));
    lines.push(`• ${t('privacy:summary.identities', { list: list.join(', ') })}`);
  }
  if (data.contact.name) lines.push(`• ${t('privacy:summary.name', { name: data.contact.name })}`);
  if (data.contact.phone) lines.push(`• ${t('privacy:summary.phone', { phone: data.contact.phone })}`);
  if (data.contact.email) lines.push(`• ${t('privacy:summary.email', { email: data.contact.email })}`);
  for (const c of data.consents) {
    // Two kinds (src/consent): `personal` for the notice, `special` for sensitive data (GDPR art. 9).
    const special = c.kind === 'special';
    const key = c.withdrawnAt
      ? 'privacy:summary.consentWithdrawn'
      : special
        ? c.granted ? 'privacy:summary.specialGiven' : 'privacy:summary.specialDeclined'
        : c.granted ? 'privacy:summary.consentGiven' : 'privacy:summary.consentDeclined';
    lines.push(`• ${t(key, { version: c.noticeVersion, date: day(c.at) })}`);
  }
  for (const c of data.cases) {
    lines.push(`• ${t('privacy:summary.intake', { date: day(c.createdAt) })}`);
    const answers = parseIntake(JSON.stringify(c.intake));
    const given = answers ? intakeLines(answers, ctx) : rawLines(c.intake);
    if (c.needs.length && !answers?.needs?.length) lines.push(`  – ${t('privacy:summary.needs', { list: c.needs.map((n) => t(`intake:needs.${n}`, { defaultValue: n })).join(', ') })}`);
    lines.push(...given.slice(0, MAX_INTAKE_LINES).map((l) => `  – ${l}`));
  }
  if (data.referrals.length) lines.push(`• ${t('privacy:summary.referrals', { n: data.referrals.length })}`);
  const upcoming = data.appointments.filter((a) => a.status !== 'cancelled' && new Date(a.startsAt) > new Date(data.exportedAt));
  if (data.appointments.length) {
    lines.push(`• ${t('privacy:summary.appointments', { n: data.appointments.length })}`);
    if (upcoming[0]) lines.push(`  – ${t('privacy:summary.nextAppointment', { date: dayTime(upcoming[0].startsAt) })}`);
  }
  const messages = data.conversations.reduce((n, c) => n + c.messages.length, 0);
  const first = data.conversations.map((c) => c.createdAt).sort()[0];
  if (first) lines.push(`• ${t('privacy:summary.conversations', { n: data.conversations.length, messages, date: day(first) })}`);
  lines.push('', t('privacy:summary.retention', { months: retention.conversationMonths, years: retention.closedCaseYears }));
  return lines.join('\n');
}
