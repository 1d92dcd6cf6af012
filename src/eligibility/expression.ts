/**
 * The small formula language of the rules files (content/rules/*.yaml):
 *
 *   min(firstAdult + extraAdult * (adults - 1) + perMinor * minors, guaranteedCap)
 *   adults == 1 and minors >= 1 and singleParent
 *   singleParentHousehold ? 1 : 0
 *
 * Numbers (`14_400` allowed), `true`/`false`, names (answers, params, earlier values), `+ - * /`,
 * `< <= > >= == !=`, `and or not`, `c ? a : b`, `min(…)`, `max(…)`. Types (number, yes/no) are
 * checked when the file is loaded, so a rule never fails in front of a citizen.
 *
 * Evaluation is three-valued: an answer the citizen did not give (or did not know) is *missing*,
 * and missing spreads through a formula unless the rest decides it (`false and ?` is false,
 * `true or ?` is true). A missing result names the answers it waits for: that is how the engine
 * says "can't tell yet, we need X" and how the screener knows which question to ask next.
 */

export type ValueType = 'number' | 'boolean';
export type Scalar = number | boolean;

type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';
const FUNCTIONS = ['min', 'max'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'name'; name: string }
  | { k: 'call'; fn: FunctionName; args: Expr[] }
  | { k: 'neg'; arg: Expr }
  | { k: 'not'; arg: Expr }
  | { k: 'bin'; op: BinaryOp; l: Expr; r: Expr }
  | { k: 'if'; c: Expr; t: Expr; e: Expr };

/** A problem with a formula: where (1-based column, when known) and what. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(message: string) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

interface Token {
  t: 'num' | 'name' | 'op' | 'end';
  s: string;
  col: number;
}

const OPERATORS = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/', '(', ')', ',', '?', ':'];
const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false']);

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^\d[\d_]*(?:\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', s: num[0], col: i + 1 });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', s: name[0], col: i + 1 });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected "${ch}" at column ${i + 1}`);
    out.push({ t: 'op', s: op, col: i + 1 });
    i += op.length;
  }
  out.push({ t: 'end', s: '', col: src.length + 1 });
  return out;
}

/** Parses a formula; throws an ExpressionError naming the column of the problem. */
export function parseExpression(src: string): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const isOp = (s: string): boolean => peek().t === 'op' && peek().s === s;
  const isWord = (s: string): boolean => peek().t === 'name' && peek().s === s;
  const describe = (tok: Token): string => (tok.t === 'end' ? 'the end' : `"${tok.s}" at column ${tok.col}`);
  const expect = (s: string): void => {
    if (!isOp(s)) throw new ExpressionError(`expected "${s}" but found ${describe(peek())}`);
    next();
  };

  const ternary = (): Expr => {
    const c = or();
    if (!isOp('?')) return c;
    next();
    const t = ternary();
    expect(':');
    const e = ternary();
    return { k: 'if', c, t, e };
  };
  const or = (): Expr => {
    let l = and();
    while (isWord('or')) {
      next();
      l = { k: 'bin', op: 'or', l, r: and() };
    }
    return l;
  };
  const and = (): Expr => {
    let l = not();
    while (isWord('and')) {
      next();
      l = { k: 'bin', op: 'and', l, r: not() };
    }
    return l;
  };
  const not = (): Expr => {
    if (isWord('not')) {
      next();
      return { k: 'not', arg: not() };
    }
    return comparison();
  };
  const comparison = (): Expr => {
    const l = sum();
    const tok = peek();
    if (tok.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(tok.s)) {
      next();
      const r = sum();
      const after = peek();
      if (after.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(after.s)) {
        throw new ExpressionError(`comparisons cannot be chained (${describe(after)}); join them with "and"`);
      }
      return { k: 'bin', op: tok.s as BinaryOp, l, r };
    }
    return l;
  };
  const sum = (): Expr => {
    let l = product();
    while (isOp('+') || isOp('-')) {
      const op = next().s as BinaryOp;
      l = { k: 'bin', op, l, r: product() };
    }
    return l;
  };
  const product = (): Expr => {
    let l = unary();
    while (isOp('*') || isOp('/')) {
      const op = next().s as BinaryOp;
      l = { k: 'bin', op, l, r: unary() };
    }
    return l;
  };
  const unary = (): Expr => {
    if (isOp('-')) {
      next();
      return { k: 'neg', arg: unary() };
    }
    return atom();
  };
  const atom = (): Expr => {
    const tok = next();
    if (tok.t === 'num') return { k: 'num', v: Number(tok.s.replace(/_/g, '')) };
    if (tok.t === 'op' && tok.s === '(') {
      const inner = ternary();
      expect(')');
      return inner;
    }
    if (tok.t === 'name') {
      if (tok.s === 'true' || tok.s === 'false') return { k: 'bool', v: tok.s === 'true' };
      if (KEYWORDS.has(tok.s)) throw new ExpressionError(`unexpected "${tok.s}" at column ${tok.col}`);
      if (isOp('(')) {
        if (!(FUNCTIONS as readonly string[]).includes(tok.s)) {
          throw new ExpressionError(`unknown function "${tok.s}" at column ${tok.col} (known: ${FUNCTIONS.join(', ')})`);
        }
        next();
        const args: Expr[] = [ternary()];
        while (isOp(',')) {
          next();
          args.push(ternary());
        }
        expect(')');
        if (args.length < 2) throw new ExpressionError(`${tok.s}() needs at least two values (column ${tok.col})`);
        return { k: 'call', fn: tok.s as FunctionName, args };
      }
      return { k: 'name', name: tok.s };
    }
    throw new ExpressionError(`expected a number, a name or "(" but found ${describe(tok)}`);
  };

  const expr = ternary();
  if (peek().t !== 'end') throw new ExpressionError(`unexpected ${describe(peek())}`);
  return expr;
}

// ---------------------------------------------------------------------------------------------
// Names and types (checked once, when the rules file is loaded)
// ---------------------------------------------------------------------------------------------

/** Every name a formula reads. */
export function namesIn(expr: Expr, out = new Set<string>()): Set<string> {
  switch (expr.k) {
    case 'name':
      out.add(expr.name);
      break;
    case 'call':
      expr.args.forEach((a) => namesIn(a, out));
      break;
    case 'neg':
    case 'not':
      namesIn(expr.arg, out);
      break;
    case 'bin':
      namesIn(expr.l, out);
      namesIn(expr.r, out);
      break;
    case 'if':
      namesIn(expr.c, out);
      namesIn(expr.t, out);
      namesIn(expr.e, out);
      break;
    default:
      break;
  }
  return out;
}

const typeName = (t: ValueType): string => (t === 'number' ? 'a number' : 'yes/no');

/** The type of a formula given the types of the names; throws an ExpressionError when it does not add up. */
export function typeOf(expr: Expr, types: ReadonlyMap<string, ValueType>): ValueType {
  const want = (e: Expr, t: ValueType, what: string): void => {
    const got = typeOf(e, types);
    if (got !== t) throw new ExpressionError(`${what} must be ${typeName(t)}, not ${typeName(got)}`);
  };
  switch (expr.k) {
    case 'num':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'name': {
      const t = types.get(expr.name);
      if (!t) throw new ExpressionError(`unknown name "${expr.name}" (not a question, a param or an earlier value)`);
      return t;
    }
    case 'call':
      expr.args.forEach((a) => want(a, 'number', `the values of ${expr.fn}()`));
      return 'number';
    case 'neg':
      want(expr.arg, 'number', 'the value after "-"');
      return 'number';
    case 'not':
      want(expr.arg, 'boolean', 'the value after "not"');
      return 'boolean';
    case 'if': {
      want(expr.c, 'boolean', 'the condition before "?"');
      const t = typeOf(expr.t, types);
      want(expr.e, t, 'both sides of ":"');
      return t;
    }
    case 'bin':
      switch (expr.op) {
        case 'and':
        case 'or':
          want(expr.l, 'boolean', `both sides of "${expr.op}"`);
          want(expr.r, 'boolean', `both sides of "${expr.op}"`);
          return 'boolean';
        case '==':
        case '!=':
          want(expr.r, typeOf(expr.l, types), `both sides of "${expr.op}"`);
          return 'boolean';
        case '<':
        case '<=':
        case '>':
        case '>=':
          want(expr.l, 'number', `both sides of "${expr.op}"`);
          want(expr.r, 'number', `both sides of "${expr.op}"`);
          return 'boolean';
        default:
          want(expr.l, 'number', `both sides of "${expr.op}"`);
          want(expr.r, 'number', `both sides of "${expr.op}"`);
          return 'number';
      }
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation (three-valued)
// ---------------------------------------------------------------------------------------------

/** A known value, or the answers it still waits for. */
export type Val = { known: true; value: Scalar } | { known: false; missing: ReadonlySet<string> };

export const known = (value: Scalar): Val => ({ known: true, value });
export const missing = (...names: string[]): Val => ({ known: false, missing: new Set(names) });

function union(vals: Val[]): Val {
  const names = new Set<string>();
  for (const v of vals) if (!v.known) v.missing.forEach((n) => names.add(n));
  return { known: false, missing: names };
}

/** Evaluates a type-checked formula; `lookup` gives each name's value (or what it is missing). */
export function evaluate(expr: Expr, lookup: (name: string) => Val): Val {
  const ev = (e: Expr): Val => evaluate(e, lookup);
  switch (expr.k) {
    case 'num':
    case 'bool':
      return known(expr.v);
    case 'name':
      return lookup(expr.name);
    case 'neg': {
      const a = ev(expr.arg);
      return a.known ? known(-(a.value as number)) : a;
    }
    case 'not': {
      const a = ev(expr.arg);
      return a.known ? known(!a.value) : a;
    }
    case 'call': {
      const args = expr.args.map(ev);
      if (args.some((a) => !a.known)) return union(args);
      const nums = args.map((a) => (a as { value: number }).value);
      return known(expr.fn === 'min' ? Math.min(...nums) : Math.max(...nums));
    }
    case 'if': {
      const c = ev(expr.c);
      if (c.known) return c.value ? ev(expr.t) : ev(expr.e);
      // Both branches may need answers too: name them all, so one question is not followed by a surprise.
      return union([c, ev(expr.t), ev(expr.e)]);
    }
    case 'bin': {
      if (expr.op === 'and' || expr.op === 'or') {
        const decisive = expr.op === 'or';
        const l = ev(expr.l);
        if (l.known && l.value === decisive) return l;
        const r = ev(expr.r);
        if (r.known && r.value === decisive) return r;
        if (l.known && r.known) return known(!decisive);
        return union([l, r]);
      }
      const l = ev(expr.l);
      const r = ev(expr.r);
      if (!l.known || !r.known) return union([l, r]);
      return known(binary(expr.op, l.value, r.value));
    }
  }
}

function binary(op: BinaryOp, a: Scalar, b: Scalar): Scalar {
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw new ExpressionError('division by zero');
      return x / y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    default:
      throw new ExpressionError(`"${op}" is not arithmetic`);
  }
}
