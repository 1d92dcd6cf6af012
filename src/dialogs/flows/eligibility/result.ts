/**
 * The screener's result in the citizen's language, as short messages: the indication (and the
 * estimated amount) with the answers it used, the reasons, the papers to bring, and the sentence
 * that this is an indication, not a decision, with the rules' date and source.
 */
import type { Language } from '../../../bot/core/types.js';
import type { Evaluation } from '../../../eligibility/engine.js';
import type { ProgrammeRules } from '../../../eligibility/load.js';
import { formatNumber, reasonText } from '../../../eligibility/words.js';
import type { FlowContext } from '../../engine/types.js';

const bullet = (line: string): string => `• ${line}`;

/** The programme's name from content/programmes, in the citizen's language. */
export function programmeName(ctx: FlowContext, programme: string): string {
  return ctx.content.programmes?.get(programme)?.name[ctx.lang] ?? programme;
}

export function resultMessages(ctx: FlowContext, rules: ProgrammeRules, ev: Evaluation, given: Record<string, unknown>): string[] {
  const { t, lang } = ctx;
  const messages: string[] = [];

  const headline = [t(`eligibility:result.${ev.result}`, { programme: programmeName(ctx, rules.programme) })];
  if (ev.result === 'likely_eligible' && ev.monthlyAmount !== null) headline.push(t('eligibility:result.amount', { amount: formatNumber(ev.monthlyAmount, lang) }));
  const echo = echoAnswers(ctx, rules, ev, given);
  if (echo.length > 0) headline.push('', t('eligibility:result.yourAnswers'), ...echo.map(bullet));
  messages.push(headline.join('\n'));

  if (ev.reasons.length > 0) messages.push([t('eligibility:result.why'), ...ev.reasons.map((r) => bullet(reasonText(r, t, lang)))].join('\n'));

  const documents = ctx.content.programmes?.get(rules.programme)?.sections.documents;
  messages.push(
    documents
      ? [t('eligibility:result.documents'), ...documents.items.map((d) => bullet(d[lang])), ...(documents.text ? [documents.text[lang]] : [])].join('\n')
      : t('eligibility:result.documentsAskCentre'),
  );

  messages.push(
    [
      t('eligibility:result.disclaimer'),
      t('eligibility:result.rules', { date: longDate(rules.effectiveDate, lang), citation: rules.citation, checked: monthYear(rules.lastChecked, lang) }),
    ].join('\n'),
  );
  return messages;
}

/** The answers the citizen gave, in question order, so that staff and citizen can correct them. */
function echoAnswers(ctx: FlowContext, rules: ProgrammeRules, ev: Evaluation, given: Record<string, unknown>): string[] {
  const { t, lang } = ctx;
  const lines: string[] = [];
  for (const q of rules.questions) {
    if (!(q.key in given)) continue;
    const value = ev.answers[q.key];
    const label = t(`eligibility:answers.${q.key}`);
    if (value === null || value === undefined) lines.push(t('eligibility:echo.line', { label, value: t('eligibility:echo.dontKnow') }));
    else if (q.type === 'count') lines.push(t(`eligibility:echo.${q.key}`, { count: value as number }));
    else if (q.type === 'money') lines.push(t('eligibility:echo.line', { label, value: t('eligibility:echo.money', { amount: formatNumber(value as number, lang) }) }));
    else lines.push(t('eligibility:echo.line', { label, value: t(value ? 'eligibility:echo.yes' : 'eligibility:echo.no') }));
  }
  return lines;
}

function longDate(iso: string, lang: Language): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(new Date(Date.UTC(y, m - 1, d)));
}

function monthYear(yyyymm: string, lang: Language): string {
  const [y, m] = yyyymm.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(new Date(Date.UTC(y, m - 1, 1)));
}
