/**
 * Loads and checks the eligibility rules, `content/rules/<programme>.yaml`.
 *
 * Besides the schema, every formula is parsed and type-checked here, every name it uses must
 * exist (a question, a param or a value above it), and every question must be used by some rule
 * (the screener must not ask what it cannot use). Every problem of every file is reported
 * together in one `ContentError`, one line per issue, like the other content:
 *
 *   content/rules/gmi.yaml: checks[1].require: unknown name "incom6m" (not a question, …)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkSchema, errorText, formatPath, readYaml, toPosix } from '../content/yaml-issues.js';
import { ContentError, defaultContentDir, type ContentIssue } from '../content/load.js';
import type { SourceRef } from '../content/programmes.js';
import { ExpressionError, namesIn, parseExpression, typeOf, type Expr, type ValueType } from './expression.js';
import { SCREENED_PROGRAMMES, rulesSchema, type QuestionType, type ScreenedProgramme } from './schema.js';

export interface Question {
  key: string;
  type: QuestionType;
  required: boolean;
  min: number;
  default?: number | boolean;
  ask?: Expr;
  choices?: Record<string, number | boolean>;
}

export interface Check {
  kind: 'require' | 'unknownIf';
  expr: Expr;
  reason: string;
}

/** A rules file, checked and with its formulas parsed: what the engine evaluates. */
export interface ProgrammeRules {
  programme: ScreenedProgramme;
  rulesVersion: string;
  effectiveDate: string;
  lastChecked: string;
  citation: string;
  sources: SourceRef[];
  questions: Question[];
  params: Record<string, number>;
  /** In file order; each may use the ones before it. */
  values: { name: string; expr: Expr }[];
  checks: Check[];
  explain: { when: Expr; reason: string }[];
  guaranteedAmount: Expr | null;
  monthlyAmount: Expr | null;
}

const RULES_DIR = 'rules';
const YAML_EXT = /\.ya?ml$/;

/**
 * Loads `<dir>/rules/*.yaml`, where `dir` is the content directory. Every screened programme
 * needs exactly one file. Synchronous: the screener reads rules inside a dialog turn.
 */
export function loadRules(dir: string): Map<ScreenedProgramme, ProgrammeRules> {
  const rulesDir = path.join(dir, RULES_DIR);
  const dirLabel = toPosix(path.join(path.basename(path.resolve(dir)), RULES_DIR));
  let names: string[];
  try {
    names = readdirSync(rulesDir).filter((n) => YAML_EXT.test(n) && !n.startsWith('.')).sort();
  } catch (err) {
    throw new ContentError([{ file: dirLabel, path: '', message: `cannot read the directory: ${errorText(err)}` }]);
  }
  const issues: ContentIssue[] = [];
  const found = new Map<ScreenedProgramme, ProgrammeRules>();
  for (const name of names) {
    const label = `${dirLabel}/${name}`;
    let text: string;
    try {
      text = readFileSync(path.join(rulesDir, name), 'utf8');
    } catch (err) {
      issues.push({ file: label, path: '', message: `cannot read the file: ${errorText(err)}` });
      continue;
    }
    const result = parseRulesFile(text, label, name.replace(YAML_EXT, ''));
    issues.push(...result.issues);
    if (result.rules) found.set(result.rules.programme, result.rules);
  }
  if (issues.length === 0) {
    const absent = SCREENED_PROGRAMMES.filter((p) => !found.has(p));
    if (absent.length > 0) issues.push({ file: dirLabel, path: '', message: `no rules file for: ${absent.join(', ')}` });
  }
  if (issues.length > 0) throw new ContentError(issues);
  return found;
}

let shipped: Map<ScreenedProgramme, ProgrammeRules> | undefined;

/** The rules under the install's `content/`, loaded once (a broken file throws on first use). */
export function defaultRules(): Map<ScreenedProgramme, ProgrammeRules> {
  return (shipped ??= loadRules(defaultContentDir()));
}

/**
 * Parses and checks the text of one rules file. `file` labels the issues; `expectedId` (the file
 * name without extension) must equal its `programme`.
 */
export function parseRulesFile(text: string, file: string, expectedId?: string): { rules?: ProgrammeRules; issues: ContentIssue[] } {
  const yaml = readYaml(text, file);
  if (yaml.issues) return { issues: yaml.issues };
  const { lineOf } = yaml;
  const issues: ContentIssue[] = [];
  const issue = (p: readonly PropertyKey[], message: string): void => {
    issues.push({ file, path: formatPath(p), line: lineOf(p), message });
  };

  const parsed = checkSchema(rulesSchema, yaml.data, file, lineOf);
  if (parsed.issues) return { issues: parsed.issues };
  const raw = parsed.value;
  if (expectedId !== undefined && raw.programme !== expectedId) {
    issue(['programme'], `"${raw.programme}" does not match the file name (expected "${expectedId}")`);
    return { issues };
  }

  // Names: questions, params and values share one namespace.
  const types = new Map<string, ValueType>();
  const declare = (name: string, type: ValueType, where: PropertyKey[]): void => {
    if (types.has(name)) issue(where, `the name "${name}" is already used`);
    else types.set(name, type);
  };
  const questions: Question[] = [];
  raw.questions.forEach((q, i) => {
    const type: ValueType = q.type === 'yesno' ? 'boolean' : 'number';
    declare(q.key, type, ['questions', i, 'key']);
    const valueOk = (v: number | boolean): boolean =>
      type === 'boolean' ? typeof v === 'boolean' : typeof v === 'number' && v >= 0 && (q.type !== 'count' || Number.isInteger(v));
    if (q.min !== undefined && q.type !== 'count') issue(['questions', i, 'min'], 'only a count has a minimum');
    if (q.default !== undefined) {
      if (q.required) issue(['questions', i, 'default'], 'a required question has no default');
      else if (!valueOk(q.default)) issue(['questions', i, 'default'], `expected a ${q.type} value`);
    }
    for (const [name, v] of Object.entries(q.choices ?? {})) {
      if (!valueOk(v)) issue(['questions', i, 'choices', name], `expected a ${q.type} value`);
    }
    const question: Question = { key: q.key, type: q.type, required: q.required, min: q.min ?? 0 };
    if (q.default !== undefined) question.default = q.default;
    if (q.choices) question.choices = q.choices;
    questions.push(question);
  });
  for (const name of Object.keys(raw.params)) declare(name, 'number', ['params', name]);

  const compile = (src: string, where: PropertyKey[], want?: ValueType): { expr: Expr; type: ValueType } | null => {
    try {
      const expr = parseExpression(src);
      const type = typeOf(expr, types);
      if (want && type !== want) throw new ExpressionError(`expected ${want === 'number' ? 'a number' : 'a yes/no'} formula`);
      return { expr, type };
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      issue(where, err.message);
      return null;
    }
  };

  const values: ProgrammeRules['values'] = [];
  for (const [name, src] of Object.entries(raw.values)) {
    const compiled = compile(src, ['values', name]);
    if (!compiled) continue;
    declare(name, compiled.type, ['values', name]);
    values.push({ name, expr: compiled.expr });
  }
  // Questions' `ask` may use everything (it is evaluated with the answers given so far).
  raw.questions.forEach((q, i) => {
    if (q.ask === undefined) return;
    const compiled = compile(q.ask, ['questions', i, 'ask'], 'boolean');
    if (compiled) questions[i]!.ask = compiled.expr;
  });

  const checks: Check[] = [];
  raw.checks.forEach((c, i) => {
    const kind = 'require' in c ? 'require' : 'unknownIf';
    const src = 'require' in c ? c.require : c.unknownIf;
    const compiled = compile(src, ['checks', i, kind], 'boolean');
    if (compiled) checks.push({ kind, expr: compiled.expr, reason: c.reason });
  });
  const explain: ProgrammeRules['explain'] = [];
  raw.explain.forEach((e, i) => {
    const compiled = compile(e.when, ['explain', i, 'when'], 'boolean');
    if (compiled) explain.push({ when: compiled.expr, reason: e.reason });
  });
  const amount = (key: 'guaranteedAmount' | 'monthlyAmount'): Expr | null => {
    const src = raw[key];
    return src === undefined ? null : (compile(src, [key], 'number')?.expr ?? null);
  };
  const guaranteedAmount = amount('guaranteedAmount');
  const monthlyAmount = amount('monthlyAmount');
  if (issues.length > 0) return { issues };

  // Every question must feed some rule: a screener asks nothing it cannot use.
  const used = new Set<string>();
  const roots: Expr[] = [...checks.map((c) => c.expr), ...explain.map((e) => e.when)];
  if (guaranteedAmount) roots.push(guaranteedAmount);
  if (monthlyAmount) roots.push(monthlyAmount);
  roots.forEach((e) => namesIn(e, used));
  for (const v of [...values].reverse()) if (used.has(v.name)) namesIn(v.expr, used);
  raw.questions.forEach((q, i) => {
    if (!used.has(q.key)) issue(['questions', i, 'key'], `"${q.key}" is not used by any check, explanation or amount`);
  });
  if (issues.length > 0) return { issues };

  return {
    issues,
    rules: {
      programme: raw.programme,
      rulesVersion: raw.rulesVersion,
      effectiveDate: raw.effectiveDate,
      lastChecked: raw.lastChecked,
      citation: raw.citation,
      sources: raw.sources,
      questions,
      params: raw.params,
      values,
      checks,
      explain,
      guaranteedAmount,
      monthlyAmount,
    },
  };
}

// The helpers below mirror the private ones of src/content/load.ts (same messages and line lookup).





