/**
 * Results in words: reason texts from `locales/<lng>/eligibility.json` (`reasons.<code>`), with
 * numbers written the way the language writes them (Western digits, as the programme texts do).
 */
import type { Language } from '../bot/core/types.js';
import { translator, type Translate } from '../i18n/index.js';
import type { Evaluation, Reason } from './engine.js';

/** 1296 → "1.296" (el), "1,296" (en); 409.13 → "409,13"; always Western digits. */
export function formatNumber(n: number, lang: Language): string {
  const fraction = Number.isInteger(n) ? 0 : 2;
  return new Intl.NumberFormat(lang, { minimumFractionDigits: fraction, maximumFractionDigits: fraction, numberingSystem: 'latn' }).format(n);
}

/** Reasons about one answer name the answer in words: "the household's income of the last 6 months". */
const ANSWER_REASONS = new Set(['missing_answer', 'amount_needs_answer', 'unused_answer', 'invalid_answer_count', 'invalid_answer_money', 'invalid_answer_yesno']);

export interface ReasonWordsOptions {
  /** Append the answer key, e.g. " [income6m]" (for operators, in the CLI). */
  withKeys?: boolean;
}

export function reasonText(reason: Reason, t: Translate, lang: Language, options: ReasonWordsOptions = {}): string {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(reason.params)) params[name] = formatNumber(value, lang);
  if (reason.answer !== undefined && ANSWER_REASONS.has(reason.code)) {
    params.what = reason.code === 'unused_answer' ? reason.answer : t(`eligibility:answers.${reason.answer}`, { defaultValue: reason.answer });
  }
  const text = t(`eligibility:reasons.${reason.code}`, params);
  return options.withKeys && reason.answer !== undefined && reason.code !== 'unused_answer' ? `${text} [${reason.answer}]` : text;
}

/** The `kentro eligibility check` output line: the contract of the CLI, reasons in English. */
export interface CheckLine {
  programme: string;
  result: Evaluation['result'];
  monthlyAmount: number | null;
  guaranteedAmount: number | null;
  reasons: { code: string; text: string }[];
  rulesVersion: string;
}

export function checkLine(ev: Evaluation, lang: Language = 'en'): CheckLine {
  const t = translator(lang);
  return {
    programme: ev.programme,
    result: ev.result,
    monthlyAmount: ev.monthlyAmount,
    guaranteedAmount: ev.guaranteedAmount,
    reasons: ev.reasons.map((r) => ({ code: r.code, text: reasonText(r, t, lang, { withKeys: true }) })),
    rulesVersion: ev.rulesVersion,
  };
}
