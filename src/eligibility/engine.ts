/**
 * The eligibility engine: answers + a programme's rules → an *indicative* result.
 *
 * - Any `require` check that is false → "likely_not_eligible" (with that check's reason).
 * - Otherwise, any answer still needed (not given, "I don't know", or invalid) or any
 *   `unknownIf` check that is true → "unknown" ("can't tell yet"), naming what is missing.
 * - Otherwise → "likely_eligible", with the estimated monthly amount where the rules give one.
 *
 * Which answers are "needed" comes out of the three-valued evaluation (expression.ts): a
 * question that is not required counts only when the other answers make it matter.
 */
import { evaluate, known, missing, type Val } from './expression.js';
import type { ProgrammeRules, Question } from './load.js';
import type { ScreenedProgramme } from './schema.js';

export type EligibilityResult = 'likely_eligible' | 'likely_not_eligible' | 'unknown';

/** An answer as given: a value, or null for "I don't know". */
export type AnswerValue = number | boolean | null;
export type Answers = Record<string, AnswerValue>;

/** A reason before it is put into words: its code and the numbers its text may show. */
export interface Reason {
  code: string;
  /** For reasons about one answer (missing, invalid, unused): its key. */
  answer?: string;
  params: Record<string, number>;
}

export interface Evaluation {
  programme: ScreenedProgramme;
  result: EligibilityResult;
  /** € per month; 0 when likely not eligible; null when unknown or the programme pays no amount. */
  monthlyAmount: number | null;
  /** € per month (ΕΕΕ), whenever the household is known; null otherwise. */
  guaranteedAmount: number | null;
  reasons: Reason[];
  rulesVersion: string;
  /** Answer keys the result (or the amount) still waits for, in question order. */
  missing: string[];
  /** The answers used, after parsing and defaults (for echoing them back). */
  answers: Answers;
}

/** Words that mean "I don't know" in raw input (CLI, JSON): besides null. */
const DONT_KNOW = new Set(['unknown', 'dont_know', "don't know", 'dontknow', '?']);

/** Reads one raw answer for a question: a value, null for "I don't know", or undefined when invalid. */
export function readAnswer(question: Question, raw: unknown): AnswerValue | undefined {
  if (raw === null || (typeof raw === 'string' && DONT_KNOW.has(raw.trim().toLowerCase()))) return null;
  if (question.type === 'yesno') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'yes') return true;
    if (raw === 'no') return false;
    return undefined;
  }
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < 0) return undefined;
  if (question.type === 'count' && (!Number.isInteger(n) || n < question.min)) return undefined;
  return n;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Evaluates `raw` answers (keys as in the rules' questions) against `rules`. Unknown keys and
 * invalid values become reasons; they never throw.
 */
export function evaluateEligibility(rules: ProgrammeRules, raw: Record<string, unknown>): Evaluation {
  const reasons: Reason[] = [];
  const answers: Answers = {};
  const invalid = new Set<string>();
  const byKey = new Map(rules.questions.map((q) => [q.key, q]));

  for (const [key, value] of Object.entries(raw)) {
    const question = byKey.get(key);
    if (!question) {
      reasons.push({ code: 'unused_answer', answer: key, params: {} });
      continue;
    }
    const read = readAnswer(question, value);
    if (read === undefined) {
      invalid.add(key);
      reasons.push({ code: `invalid_answer_${question.type}`, answer: key, params: question.type === 'count' ? { min: question.min } : {} });
    } else answers[key] = read;
  }
  for (const q of rules.questions) {
    if (q.default !== undefined && (answers[q.key] === undefined || answers[q.key] === null)) answers[q.key] = q.default;
  }

  const scope = makeScope(rules, answers);
  const needed = new Set<string>();
  const notEligible: Reason[] = [];
  const cannotTell: Reason[] = [];
  const params = (): Record<string, number> => scope.numbers();

  for (const check of rules.checks) {
    const v = evaluate(check.expr, scope.lookup);
    if (!v.known) v.missing.forEach((k) => needed.add(k));
    else if (check.kind === 'require' && v.value === false) notEligible.push({ code: check.reason, params: params() });
    else if (check.kind === 'unknownIf' && v.value === true) cannotTell.push({ code: check.reason, params: params() });
  }
  for (const q of rules.questions) if (q.required && (answers[q.key] === undefined || answers[q.key] === null)) needed.add(q.key);

  const guaranteed = rules.guaranteedAmount ? evaluate(rules.guaranteedAmount, scope.lookup) : null;
  const guaranteedAmount = guaranteed?.known ? round2(guaranteed.value as number) : null;
  const base = { programme: rules.programme, guaranteedAmount, rulesVersion: rules.rulesVersion, answers };

  if (notEligible.length > 0) {
    return { ...base, result: 'likely_not_eligible', monthlyAmount: rules.monthlyAmount ? 0 : null, reasons: [...notEligible, ...reasons], missing: [] };
  }

  const order = (keys: Iterable<string>): string[] => {
    const set = new Set(keys);
    return rules.questions.map((q) => q.key).filter((k) => set.has(k));
  };
  const explained: Reason[] = [];
  for (const e of rules.explain) {
    const v = evaluate(e.when, scope.lookup);
    if (v.known && v.value === true) explained.push({ code: e.reason, params: params() });
  }
  // An answer that is not required is reported only once it is known to matter (its `ask` is true).
  const relevant = (key: string): boolean => {
    const q = byKey.get(key);
    if (!q || q.required || !q.ask) return true;
    const v = evaluate(q.ask, scope.lookup);
    return v.known && v.value === true;
  };
  const undecided = [...needed];
  for (const k of undecided) if (!relevant(k)) needed.delete(k);
  // A check still waits for answers: never "likely eligible", and name them all if none was kept.
  if (needed.size === 0) undecided.forEach((k) => needed.add(k));
  const amount = rules.monthlyAmount ? evaluate(rules.monthlyAmount, scope.lookup) : null;
  const amountNeeds = amount && !amount.known ? [...amount.missing].filter((k) => !needed.has(k) && relevant(k)) : [];
  const missingReasons = order(needed)
    .filter((k) => !invalid.has(k))
    .map((k): Reason => ({ code: 'missing_answer', answer: k, params: {} }));

  if (needed.size > 0 || cannotTell.length > 0) {
    return {
      ...base,
      result: 'unknown',
      monthlyAmount: null,
      reasons: [...missingReasons, ...cannotTell, ...explained, ...reasons],
      missing: order([...needed, ...amountNeeds]),
    };
  }
  const monthly = amount?.known ? round2(Math.max(0, amount.value as number)) : null;
  const amountReasons = order(amountNeeds).map((k): Reason => ({ code: 'amount_needs_answer', answer: k, params: {} }));
  return { ...base, result: 'likely_eligible', monthlyAmount: monthly, reasons: [...explained, ...amountReasons, ...reasons], missing: order(amountNeeds) };
}

/**
 * The next question the screener should ask, or null when the result is decided (or nothing
 * more can help). Answered questions (also "I don't know") are not asked again; a question whose
 * `ask` is false is skipped; one that is not required is asked only when the result or the
 * amount waits for it (or it has a default the answer may change).
 */
export function nextQuestion(rules: ProgrammeRules, answers: Answers): Question | null {
  const ev = evaluateEligibility(rules, answers);
  if (ev.result === 'likely_not_eligible') return null;
  const scope = makeScope(rules, ev.answers);
  const pending = new Set(pendingKeys(rules, ev.answers));
  for (const q of rules.questions) {
    if (q.key in answers) continue;
    if (q.ask) {
      const v = evaluate(q.ask, scope.lookup);
      if (v.known && v.value === false) continue;
    }
    if (q.required || q.default !== undefined || pending.has(q.key)) return q;
  }
  return null;
}

/** Every answer a check or an amount still waits for, whether or not it is known to matter yet. */
function pendingKeys(rules: ProgrammeRules, answers: Answers): string[] {
  const scope = makeScope(rules, answers);
  const keys = new Set<string>();
  const exprs = [...rules.checks.map((c) => c.expr), ...(rules.monthlyAmount ? [rules.monthlyAmount] : []), ...(rules.guaranteedAmount ? [rules.guaranteedAmount] : [])];
  for (const e of exprs) {
    const v = evaluate(e, scope.lookup);
    if (!v.known) v.missing.forEach((k) => keys.add(k));
  }
  return [...keys];
}

/** Names → values for one evaluation: answers, params, and values computed once each, in order. */
function makeScope(rules: ProgrammeRules, answers: Answers) {
  const cache = new Map<string, Val>();
  const valueExprs = new Map(rules.values.map((v) => [v.name, v.expr]));
  const lookup = (name: string): Val => {
    const hit = cache.get(name);
    if (hit) return hit;
    let v: Val;
    if (name in rules.params) v = known(rules.params[name]!);
    else if (valueExprs.has(name)) v = evaluate(valueExprs.get(name)!, lookup);
    else {
      const a = answers[name];
      v = a === undefined || a === null ? missing(name) : known(a);
    }
    cache.set(name, v);
    return v;
  };
  /** Every number known so far: what reason texts may show ({{income6m}}, {{incomeCeiling}}, …). */
  const numbers = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const name of [...Object.keys(rules.params), ...rules.values.map((v) => v.name), ...Object.keys(answers)]) {
      const v = lookup(name);
      if (v.known && typeof v.value === 'number') out[name] = round2(v.value);
    }
    return out;
  };
  return { lookup, numbers };
}
