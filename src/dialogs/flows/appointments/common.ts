import type { AppointmentSummary, AppointmentsPort } from '../../../appointments/port.js';
import { dateLabel, placeLabel, timeLabel, whenLabel } from '../../../appointments/format.js';
import { DAYS_SHOWN, hoursUnconfirmed } from '../../../appointments/slots.js';
import type { CentreContent } from '../../../content/schema.js';
import { parseYesNo } from '../../engine/input.js';
import type { FlowContext, Json, Next, Option, Step } from '../../engine/types.js';
import { phonesOf, unconfirmedNote } from '../centre-facts.js';

/** Flow ids of the appointment capability. */
export const FLOW = {
  entry: 'appointments',
  book: 'appointment-book',
  cancel: 'appointment-cancel',
  change: 'appointment-change',
  action: 'appointment-action',
} as const;

/** The port, or null after telling the citizen to phone (a core without appointments). */
export function portOf(ctx: FlowContext): AppointmentsPort | null {
  const port = ctx.services.appointments;
  if (!port) ctx.say(ctx.t('appointments:unavailable', { phone: phonesOf(ctx) }));
  return port ?? null;
}

export function centreOf(ctx: FlowContext, centreId: string): CentreContent | null {
  return ctx.content.centres.get(centreId) ?? null;
}

/** "Δευτέρα 29 Μαρτίου, 09:30 — Ανάφη". */
export function appointmentLine(ctx: FlowContext, a: AppointmentSummary): string {
  const centre = centreOf(ctx, a.centreId);
  if (!centre) return a.start;
  return `${whenLabel(a.start, ctx.lang, centre.timezone)} — ${placeLabel(centre, a.location, ctx.lang)}`;
}

/** Appointment summaries kept in the slot `list`. */
export function listOf(ctx: FlowContext): AppointmentSummary[] {
  const list = ctx.slots.list;
  if (!Array.isArray(list)) return [];
  return list.filter((a): a is Json & Record<string, Json> => typeof a === 'object' && a !== null && !Array.isArray(a) && typeof a.id === 'string') as unknown as AppointmentSummary[];
}

export const toJson = (list: AppointmentSummary[]): Json => list as unknown as Json;

function strings(value: Json | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The centre and location the day and time steps work on (slots `centreId`, `location`). */
function target(ctx: FlowContext): { centre: CentreContent; location: string } | null {
  const centre = typeof ctx.slots.centreId === 'string' ? centreOf(ctx, ctx.slots.centreId) : null;
  return centre && typeof ctx.slots.location === 'string' ? { centre, location: ctx.slots.location } : null;
}

/**
 * Loads the next days with room into slot `days` and goes to step `day`; with none, says so
 * (call the centre) and ends.
 */
export async function toDays(ctx: FlowContext, notice?: string, after?: string): Promise<Next> {
  const port = portOf(ctx);
  const where = target(ctx);
  if (!port || !where) return { end: true };
  const days = await port.days(where.centre.id, where.location, after ? { after } : {});
  if (notice) ctx.say(notice);
  if (days.length === 0) {
    ctx.say(ctx.t('appointments:day.none', { phone: phonesOf(ctx) }));
    return { end: true };
  }
  ctx.slots.days = days;
  return { step: 'day' };
}

/** Loads the free times of `date` into slot `times`; none left: fresh days. */
async function toTimes(ctx: FlowContext, date: string, notice?: string): Promise<Next> {
  const port = portOf(ctx);
  const where = target(ctx);
  if (!port || !where) return { end: true };
  const times = await port.times(where.centre.id, where.location, date);
  if (times.length === 0) return toDays(ctx, notice ?? ctx.t('appointments:day.full'));
  if (notice) ctx.say(notice);
  ctx.slots.date = date;
  ctx.slots.times = times;
  return { step: 'time' };
}

/** After "that time was just taken": fresh times of the same day, or fresh days. */
export function afterTaken(ctx: FlowContext): Promise<Next> {
  const date = typeof ctx.slots.date === 'string' ? ctx.slots.date : null;
  const notice = ctx.t('appointments:taken');
  return date ? toTimes(ctx, date, notice) : toDays(ctx, notice);
}

/** Day buttons (slot `days`). */
export const dayStep: Step = {
  expect: 'choice',
  prompt: (ctx) => {
    const where = target(ctx);
    const note = where && hoursUnconfirmed(where.centre, where.location) ? `\n${unconfirmedNote(ctx)}` : '';
    return `${ctx.t('appointments:day.prompt')}${note}`;
  },
  options: (ctx) => {
    const zone = target(ctx)?.centre.timezone ?? 'Europe/Athens';
    const days = strings(ctx.slots.days);
    const options: Option[] = days.map((d) => ({ value: `day:${d}`, label: dateLabel(d, ctx.lang, zone) }));
    // A full page of days: there may be more after them.
    return days.length >= DAYS_SHOWN ? [...options, { value: 'day:later', label: ctx.t('appointments:day.later') }] : options;
  },
  onAnswer: (answer, ctx) => {
    if (answer.kind !== 'option') return { stay: true };
    if (answer.value === 'day:later') return toDays(ctx, undefined, strings(ctx.slots.days).at(-1));
    return toTimes(ctx, answer.value.slice('day:'.length));
  },
};

/** Time buttons (slot `times`), and "another day". */
export const timeStep: Step = {
  expect: 'choice',
  prompt: (ctx) => {
    const zone = target(ctx)?.centre.timezone ?? 'Europe/Athens';
    return ctx.t('appointments:time.prompt', { day: typeof ctx.slots.date === 'string' ? dateLabel(ctx.slots.date, ctx.lang, zone) : '' });
  },
  options: (ctx) => {
    const zone = target(ctx)?.centre.timezone ?? 'Europe/Athens';
    const times: Option[] = strings(ctx.slots.times).map((t) => ({ value: `time:${t}`, label: timeLabel(t, ctx.lang, zone) }));
    return [...times, { value: 'time:other-day', label: ctx.t('appointments:time.otherDay') }];
  },
  onAnswer: (answer, ctx) => {
    if (answer.kind !== 'option') return { stay: true };
    if (answer.value === 'time:other-day') return toDays(ctx);
    ctx.slots.start = answer.value.slice('time:'.length);
    return { step: 'confirm' };
  },
};

/** The when and where of the slot chosen (slots `start`, `centreId`, `location`). */
export function chosenLabels(ctx: FlowContext): { when: string; place: string } {
  const where = target(ctx);
  const start = typeof ctx.slots.start === 'string' ? ctx.slots.start : '';
  if (!where) return { when: start, place: '' };
  return { when: whenLabel(start, ctx.lang, where.centre.timezone), place: placeLabel(where.centre, where.location, ctx.lang) };
}

/** Yes/no as buttons (numbers work for channels without buttons), and typed in any language. */
export function yesNoStep(prompt: (ctx: FlowContext) => string, decide: (yes: boolean, ctx: FlowContext) => Next | Promise<Next>): Step {
  return {
    expect: 'choice',
    prompt,
    options: (ctx) => [
      { value: 'confirm:yes', label: ctx.t('appointments:buttons.yes') },
      { value: 'confirm:no', label: ctx.t('appointments:buttons.no') },
    ],
    onAnswer: (answer, ctx) => decide(answer.kind === 'option' && answer.value === 'confirm:yes', ctx),
    onText: (text, _u, ctx) => {
      const yes = parseYesNo(text);
      return yes === null ? null : decide(yes, ctx);
    },
  };
}

/** "Done! Your appointment: …", whether a reminder will come, and how to change or cancel it. */
export function bookedText(ctx: FlowContext, a: AppointmentSummary, reminder: 'day' | 'soon' | null, key: string): string {
  const lines = [ctx.t(key, { appointment: appointmentLine(ctx, a) })];
  const next = [reminder === 'day' ? ctx.t('appointments:willRemind') : reminder === 'soon' ? ctx.t('appointments:willRemindSoon') : null, ctx.t('appointments:changeHint', { item: ctx.t('menu:options.appointments') })].filter(Boolean);
  return [...lines, next.join(' ')].join('\n');
}
