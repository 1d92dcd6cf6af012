/**
 * One screener question as buttons, and what the citizen pressed or typed as an answer value.
 * Buttons where possible (yes/no, counts 0–4 and "5 or more", "0 €"), "I don't know" always;
 * typed digits in any script, amounts like "1.200" or "1200 €", yes/no words in every language.
 */
import type { AnswerValue } from '../../../eligibility/engine.js';
import type { Question } from '../../../eligibility/load.js';
import { asciiDigits, fold, parseNumber, parseYesNo } from '../../engine/input.js';
import type { FlowContext, Option } from '../../engine/types.js';

export const DONT_KNOW = 'a:unknown';
const MORE = 'a:more';
/** Highest count button; more is typed after "5 or more". */
const COUNT_BUTTONS_UP_TO = 4;
const MAX_COUNT = 30;
const MAX_MONEY = 100_000_000;

const DONT_KNOW_WORDS = new Set(
  [
    'δεν ξερω', 'δεν γνωριζω', 'δε ξερω', 'den xero', 'den ksero', 'den kserw', 'den xerw', 'δεν ξέρω',
    "i don't know", 'i dont know', "don't know", 'dont know', 'not sure', 'no idea', 'unknown',
    'لا أعرف', 'لا اعرف', 'ما بعرف', 'مش عارف', 'لا ادري', 'لا أدري',
    'نمی دانم', 'نمیدانم', 'نمی‌دانم', 'نمیدونم', 'نمی‌دونم', 'نمی دونم',
    'не знаю', 'не знаю точно',
    'je ne sais pas', 'sais pas', 'je sais pas',
  ].map(fold),
);

/** The buttons of a question, "I don't know" last. */
export function questionOptions(q: Question, ctx: FlowContext): Option[] {
  const options: Option[] = [];
  if (q.choices) {
    for (const name of Object.keys(q.choices)) options.push({ value: `c:${name}`, label: ctx.t(`eligibility:choices.${q.key}.${name}`) });
  } else if (q.type === 'yesno') {
    options.push({ value: 'a:yes', label: ctx.t('eligibility:buttons.yes') }, { value: 'a:no', label: ctx.t('eligibility:buttons.no') });
  } else if (q.type === 'count') {
    for (let n = q.min; n <= COUNT_BUTTONS_UP_TO; n++) options.push({ value: `n:${n}`, label: String(n) });
    options.push({ value: MORE, label: ctx.t('eligibility:buttons.more') });
  } else {
    options.push({ value: 'n:0', label: ctx.t('eligibility:buttons.none') });
  }
  options.push({ value: DONT_KNOW, label: ctx.t('eligibility:buttons.dontKnow') });
  return options;
}

export type Interpreted = { value: AnswerValue } | { more: true };

/** What a pressed button or typed text means for `q`, or null when it is not an answer to it. */
export function interpret(q: Question, raw: string, ctx: FlowContext, options = questionOptions(q, ctx)): Interpreted | null {
  const text = raw.trim();
  if (text === '?' || DONT_KNOW_WORDS.has(fold(text))) return { value: null };
  // A button's value, or its label typed out.
  const option = options.find((o) => o.value === text) ?? options.find((o) => fold(o.label) === fold(text) && fold(text) !== '');
  if (option) return fromOption(q, option.value);
  if (q.type === 'yesno') {
    const yes = parseYesNo(text);
    if (yes !== null && !q.choices) return { value: yes };
    // Without buttons the options are listed numbered: "2" picks the second.
    const n = parseNumber(text);
    const picked = n === null ? undefined : options[n - 1];
    return picked ? fromOption(q, picked.value) : null;
  }
  if (q.type === 'count') {
    const n = parseNumber(text);
    return n !== null && n >= q.min && n <= MAX_COUNT ? { value: n } : null;
  }
  const amount = parseMoney(text);
  return amount !== null ? { value: amount } : null;
}

/** A count typed after "5 or more". */
export function interpretCount(q: Question, raw: string): AnswerValue | undefined {
  const text = raw.trim();
  if (text === DONT_KNOW || text === '?' || DONT_KNOW_WORDS.has(fold(text))) return null;
  const n = parseNumber(text);
  return n !== null && n >= q.min && n <= MAX_COUNT ? n : undefined;
}

function fromOption(q: Question, value: string): Interpreted | null {
  if (value === DONT_KNOW) return { value: null };
  if (value === MORE) return { more: true };
  if (value === 'a:yes' || value === 'a:no') return { value: value === 'a:yes' };
  if (value.startsWith('n:')) return { value: Number(value.slice(2)) };
  if (value.startsWith('c:')) {
    const v = q.choices?.[value.slice(2)];
    return v === undefined ? null : { value: v };
  }
  return null;
}

/**
 * An amount in euro as people type it: "1200", "1.200", "1 200", "1,200.50", "409,13",
 * "1200 €", "١٢٠٠ يورو". Null when it is not an amount.
 */
export function parseMoney(text: string): number | null {
  const s = asciiDigits(text)
    .replace(/\u066b/g, ',') // Arabic decimal separator
    .replace(/\u066c/g, '.') // Arabic thousands separator
    .toLowerCase()
    .replace(/€|eur(?:o|os)?\b|ευρώ|ευρω|ευρο|یورو|يورو|євро|евро/g, '')
    .replace(/[\s\u00a0\u202f']/g, '');
  let n: number | null = null;
  if (/^\d+$/.test(s)) n = Number(s);
  else if (/^\d+[.,]\d{1,2}$/.test(s)) n = Number(s.replace(',', '.'));
  else if (/^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$/.test(s)) n = Number(s.replace(/[.,]/g, ''));
  else {
    // "1.200,50" or "1,200.50": the last separator is the decimal one.
    const m = /^(\d{1,3}(?:([.,])\d{3})+)([.,])(\d{1,2})$/.exec(s);
    if (m && m[2] !== m[3]) n = Number(`${m[1]!.replace(/[.,]/g, '')}.${m[4]}`);
  }
  return n !== null && Number.isFinite(n) && n <= MAX_MONEY ? n : null;
}
