import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/bot/core/types.js';
import { ContentError, defaultContentDir } from '../../src/content/load.js';
import { ExpressionError, evaluate, missing, known, parseExpression, typeOf } from '../../src/eligibility/expression.js';
import { defaultRules, loadRules, parseRulesFile } from '../../src/eligibility/load.js';
import { SCREENED_PROGRAMMES } from '../../src/eligibility/schema.js';
import { i18n } from '../../src/i18n/index.js';

describe('the formula language', () => {
  const types = new Map([['a', 'number'], ['b', 'boolean'], ['c', 'boolean']] as const);
  const run = (src: string, values: Record<string, number | boolean | null>) =>
    evaluate(parseExpression(src), (n) => (values[n] === null || values[n] === undefined ? missing(n) : known(values[n]!)));

  it('computes with precedence, min/max, ternaries and underscores in numbers', () => {
    expect(run('216 + 108 * (a - 1) + 54 * 2', { a: 3 })).toEqual(known(540));
    expect(run('min(a * 2, 14_400)', { a: 9000 })).toEqual(known(14400));
    expect(run('b ? 1 : 0', { b: true })).toEqual(known(1));
    expect(run('not b and a >= 1', { b: false, a: 1 })).toEqual(known(true));
  });

  it('is three-valued: a missing answer spreads unless the rest decides', () => {
    expect(run('false and b', { b: null })).toEqual(known(false));
    expect(run('b and false', { b: null })).toEqual(known(false));
    expect(run('b or true', { b: null })).toEqual(known(true));
    const r = run('a < 10 and (b or c)', { a: null, b: false, c: null });
    expect(r.known).toBe(false);
    expect(!r.known && [...r.missing].sort()).toEqual(['a', 'c']);
  });

  it('rejects bad syntax, unknown names and mixed types with a message', () => {
    expect(() => parseExpression('min(a, ')).toThrow(ExpressionError);
    expect(() => parseExpression('1 < a < 3')).toThrow(/cannot be chained/);
    expect(() => parseExpression('sqrt(a, 2)')).toThrow(/unknown function "sqrt"/);
    expect(() => typeOf(parseExpression('a + zz'), types)).toThrow(/unknown name "zz"/);
    expect(() => typeOf(parseExpression('a and b'), types)).toThrow(/must be yes\/no/);
  });
});

describe('the rules files (content/rules)', () => {
  let copy: string | undefined;
  afterEach(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
    copy = undefined;
  });
  /** A copy of content/ as `<tmp>/content`, so issue labels read "content/rules/…". */
  const copyContent = (): string => {
    copy = mkdtempSync(path.join(tmpdir(), 'kentro-rules-'));
    const dir = path.join(copy, 'content');
    cpSync(defaultContentDir(), dir, { recursive: true });
    return dir;
  };
  const loadError = (dir: string): ContentError => {
    try {
      loadRules(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(ContentError);
      return err as ContentError;
    }
    throw new Error('expected loadRules to throw');
  };
  const edit = (dir: string, programme: string, change: (text: string) => string): void => {
    const file = path.join(dir, 'rules', `${programme}.yaml`);
    writeFileSync(file, change(readFileSync(file, 'utf8')));
  };

  it('has one valid, versioned file per screened programme, with effective date and sources', () => {
    const rules = defaultRules();
    expect([...rules.keys()].sort()).toEqual([...SCREENED_PROGRAMMES].sort());
    for (const r of rules.values()) {
      expect(r.rulesVersion).toMatch(new RegExp(`^${r.effectiveDate}\\.\\d+$`));
      expect(r.sources.length).toBeGreaterThan(0);
    }
  });

  it('names file, path and reason of each problem, across files', () => {
    const dir = copyContent();
    edit(dir, 'gmi', (t) => t.replace('require: income6m < incomeCeiling', 'require: incom6m < incomeCeiling'));
    edit(dir, 'child_benefit', (t) => t.replace('rulesVersion: 2026-01-01.1', 'rulesVersion: v1').replace('effectiveDate:', 'effectiveDte:'));
    edit(dir, 'housing_benefit', (t) => t.replace('monthlyAmount: baseAmount + singleParentExtra + unprotectedExtra', 'monthlyAmount: baseAmount > 0'));
    const issues = loadError(dir).issues.map((i) => `${i.file}: ${i.path}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^content\/rules\/gmi\.yaml: checks\[1\]\.require: unknown name "incom6m"/),
        expect.stringMatching(/^content\/rules\/child_benefit\.yaml: rulesVersion: expected a version "YYYY-MM-DD\.n"/),
        'content/rules/child_benefit.yaml: effectiveDate: expected a date YYYY-MM-DD',
        'content/rules/child_benefit.yaml: effectiveDte: unknown key',
        'content/rules/housing_benefit.yaml: monthlyAmount: expected a number formula',
      ]),
    );
  });

  it('refuses a question no rule uses (a screener asks nothing it cannot use) and a missing programme', () => {
    const dir = copyContent();
    edit(dir, 'elderly_uninsured_benefit', (t) => t.replace('questions:\n', 'questions:\n  - key: shoeSize\n    type: count\n    required: false\n'));
    unlinkSync(path.join(dir, 'rules', 'child_benefit.yaml'));
    const issues = loadError(dir).issues;
    expect(issues).toEqual([expect.objectContaining({ file: 'content/rules/elderly_uninsured_benefit.yaml', path: 'questions[0].key', message: '"shoeSize" is not used by any check, explanation or amount' })]);
    edit(dir, 'elderly_uninsured_benefit', (t) => t.replace(/ {2}- key: shoeSize\n.*\n.*\n/, ''));
    expect(loadError(dir).issues).toEqual([{ file: 'content/rules', path: '', message: 'no rules file for: child_benefit' }]);
  });

  it('reports YAML syntax errors with their line', () => {
    const { issues } = parseRulesFile('programme: gmi\nvalues:\n  x: a ? 1 : 0\n', 'content/rules/gmi.yaml', 'gmi');
    expect(issues[0]).toMatchObject({ file: 'content/rules/gmi.yaml', line: 3 });
    expect(issues[0]!.message).toMatch(/^YAML syntax error at line 3/);
  });

  it('has, in every language, the words for every reason, question and answer the rules can produce', () => {
    const t = i18n();
    const keys = new Set<string>(['missing_answer', 'amount_needs_answer', 'unused_answer', 'invalid_answer_count', 'invalid_answer_money', 'invalid_answer_yesno'].map((c) => `reasons.${c}`));
    for (const r of defaultRules().values()) {
      [...r.checks, ...r.explain].forEach((c) => keys.add(`reasons.${c.reason}`));
      for (const q of r.questions) {
        keys.add(`questions.${q.key}`);
        keys.add(`answers.${q.key}`);
        if (q.type === 'count') keys.add(`echo.${q.key}_other`);
        for (const choice of Object.keys(q.choices ?? {})) keys.add(`choices.${q.key}.${choice}`);
      }
    }
    const absent = LANGUAGES.flatMap((lng) => [...keys].filter((k) => !t.exists(`eligibility:${k}`, { lng, fallbackLng: false })).map((k) => `${lng}: ${k}`));
    expect(absent).toEqual([]);
  });
});
