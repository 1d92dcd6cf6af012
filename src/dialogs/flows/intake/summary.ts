import { isLanguage } from '../../../bot/core/types.js';
import type { IntakeAnswers } from '../../../intake/answers.js';
import { formatPhone } from '../../../intake/phone.js';
import type { FlowContext } from '../../engine/types.js';
import { LANGUAGE_NAMES } from '../languages.js';

/** An interpreter answer as the citizen reads it: the language in its own script, or as typed. */
export function interpreterText(value: IntakeAnswers['interpreter'], ctx: FlowContext): string | null {
  if (value === undefined || value === null) return null;
  if (value === false) return ctx.t('intake:summary.noInterpreter');
  return isLanguage(value) ? LANGUAGE_NAMES[value] : value;
}

export function phoneText(a: IntakeAnswers, ctx: FlowContext): string | null {
  if (a.phone) return formatPhone(a.phone);
  return a.reachHere ? ctx.t('intake:summary.reachHere') : null;
}

export function householdText(a: IntakeAnswers, ctx: FlowContext): string | null {
  if (a.adults == null && a.children == null) return null;
  const dash = ctx.t('intake:summary.notGiven');
  return ctx.t('intake:summary.householdValue', { adults: a.adults ?? dash, children: a.children ?? dash });
}

/** Each answer as (label, readable value or null when skipped), in the order of the questions. */
export function answerLines(a: IntakeAnswers, ctx: FlowContext): [label: string, value: string | null][] {
  const list = (items: readonly string[] | null | undefined, ns: string) => (items?.length ? items.map((i) => ctx.t(`intake:${ns}.${i}`)).join(', ') : null);
  const lines: [string, string | null][] = [
    ['name', a.name ?? null],
    ['phone', phoneText(a, ctx)],
    ['area', a.area ?? null],
    ['household', householdText(a, ctx)],
    ['needs', list(a.needs, 'needs')],
    ['vulnerable', list(a.vulnerable, 'groups')],
    ['interpreter', interpreterText(a.interpreter, ctx)],
    ['contactTime', a.contactTime ? ctx.t(`intake:times.${a.contactTime}`) : null],
  ];
  return lines.map(([key, value]) => [ctx.t(`intake:summary.labels.${key}`), value]);
}

/** Each answer on its own line, "not given" for what was skipped: what the citizen confirms. */
export function summaryText(a: IntakeAnswers, ctx: FlowContext): string {
  const none = ctx.t('intake:summary.notGiven');
  return [ctx.t('intake:summary.title'), ...answerLines(a, ctx).map(([label, value]) => `• ${label}: ${value ?? none}`)].join('\n');
}
