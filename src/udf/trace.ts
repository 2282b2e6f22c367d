/**
 * Traced lambdas: a user function is called once on the driver with a symbolic record whose
 * methods build an expression tree (`expr.ts`). JavaScript operators cannot be overloaded, so the
 * vocabulary is methods; anything outside it fails at trace time, on the driver, with a message
 * listing what is supported — never later on a cluster.
 */
import { describe, InvalidArgumentError } from '../common/errors.js';
import type { TypedArray } from '../common/ndarray.js';
import * as E from './expr.js';
import type { Expr } from './expr.js';
import * as S from './sugar.js';

/** What a traced method accepts as its other operand. */
export type Operand = Traced | number | readonly number[] | TypedArray;

/** Names a lambda may call on a traced value; the error for anything else lists them. */
export const VOCABULARY: readonly string[] = Object.freeze([
  'mean()', 'std()', 'var()', 'sum()', 'min()', 'max()', 'percentile(q)', 'median()', 'length()',
  'abs()', 'sqrt()', 'log()', 'exp()', 'neg()', 'isnan()',
  'add(x)', 'sub(x)', 'mul(x)', 'div(x)', 'pow(x)', 'maximum(x)', 'minimum(x)', 'clip(lo, hi)',
  'gt(x)', 'ge(x)', 'lt(x)', 'le(x)', 'eq(x)', 'ne(x)', 'and(b)', 'or(b)', 'not()', 'where(a, b)',
  'slice(start, stop?, step?)', 'at(i)', 'dot(x)', 'corr(x)',
]);

const supported = (): string =>
  `one of ${VOCABULARY.join(', ')} (x: a traced value, a number, or an array/typed array of the same length)`;

/** Properties that JavaScript machinery (promises, JSON, test matchers, inspectors) probes. */
const PROBED = new Set(['then', 'toJSON', 'asymmetricMatch', '$$typeof', 'nodeType', 'constructor', 'inspect']);

/**
 * A symbolic value inside a traced lambda. Methods never compute; they return new traced values.
 * Static lengths are checked on the spot: `v.add([1, 2])` on a record of length 3 throws.
 */
export class Traced {
  /** The expression this value stands for. */
  readonly expr: Expr;

  constructor(expr: Expr) {
    this.expr = expr;
  }

  mean(): Traced { return wrap(S.mean(this.expr)); }
  /** Population standard deviation (ddof 0), like numpy's default. */
  std(): Traced { return wrap(S.std(this.expr)); }
  /** Population variance (ddof 0). */
  var(): Traced { return wrap(S.variance(this.expr)); }
  sum(): Traced { return wrap(E.reduce('sum', this.expr)); }
  min(): Traced { return wrap(E.reduce('min', this.expr)); }
  max(): Traced { return wrap(E.reduce('max', this.expr)); }
  /** numpy's linear-interpolation percentile, q in [0, 100]. */
  percentile(q: number): Traced { return wrap(E.percentile(q, this.expr)); }
  median(): Traced { return wrap(E.percentile(50, this.expr)); }
  /** The static length of a vector (a plain number, known at trace time); 1 for a scalar. */
  length(): number { return this.expr.type.len ?? 1; }

  abs(): Traced { return wrap(E.unary('abs', this.expr)); }
  sqrt(): Traced { return wrap(E.unary('sqrt', this.expr)); }
  log(): Traced { return wrap(E.unary('log', this.expr)); }
  exp(): Traced { return wrap(E.unary('exp', this.expr)); }
  neg(): Traced { return wrap(E.unary('neg', this.expr)); }
  isnan(): Traced { return wrap(E.unary('isnan', this.expr)); }

  add(x: Operand): Traced { return this.bin('add', x); }
  sub(x: Operand): Traced { return this.bin('sub', x); }
  mul(x: Operand): Traced { return this.bin('mul', x); }
  div(x: Operand): Traced { return this.bin('div', x); }
  pow(x: Operand): Traced { return this.bin('pow', x); }
  /** Elementwise maximum; NaN if either side is NaN. */
  maximum(x: Operand): Traced { return this.bin('maximum', x); }
  minimum(x: Operand): Traced { return this.bin('minimum', x); }
  clip(lo: Operand, hi: Operand): Traced { return this.maximum(lo).minimum(hi); }

  /** Comparisons follow IEEE: anything compared with NaN is false (except `ne`, which is true). */
  gt(x: Operand): Traced { return this.bin('gt', x); }
  ge(x: Operand): Traced { return this.bin('ge', x); }
  lt(x: Operand): Traced { return this.bin('lt', x); }
  le(x: Operand): Traced { return this.bin('le', x); }
  eq(x: Operand): Traced { return this.bin('eq', x); }
  ne(x: Operand): Traced { return this.bin('ne', x); }
  and(x: Traced): Traced { return this.bin('and', x); }
  or(x: Traced): Traced { return this.bin('or', x); }
  not(): Traced { return wrap(E.unary('not', this.expr)); }
  /** `this ? a : b`, elementwise; `this` must be boolean. */
  where(a: Operand, b: Operand): Traced {
    return wrap(E.where(this.expr, operand('where(a)', a), operand('where(b)', b)));
  }

  /** Python-style slice: negative bounds count from the end, out-of-range bounds are clamped. */
  slice(start = 0, stop?: number, step = 1): Traced {
    const n = requireLen('slice', this.expr);
    if (!Number.isInteger(step) || step < 1) throw new InvalidArgumentError('slice(step)', 'a positive integer', step);
    const lo = clampIndex(start, n);
    const hi = stop === undefined ? n : clampIndex(stop, n);
    const count = hi > lo ? Math.ceil((hi - lo) / step) : 0;
    return wrap(E.view([n], [count > 0 ? lo : 0], [step], [count], this.expr));
  }
  /** The element at a static position; negative positions count from the end. */
  at(i: number): Traced {
    const n = requireLen('at', this.expr);
    if (!Number.isInteger(i)) throw new InvalidArgumentError('at(i)', 'an integer', i);
    return wrap(E.element(i < 0 ? n + i : i, this.expr));
  }
  dot(x: Operand): Traced { return wrap(S.dot(this.expr, operand('dot(x)', x))); }
  /** Pearson's r with another vector; 0 if either is constant. */
  corr(x: Operand): Traced { return wrap(S.corr(this.expr, operand('corr(x)', x))); }

  private bin(fn: E.BinaryFn, x: Operand): Traced {
    return wrap(E.binary(fn, this.expr, operand(`${fn}(x)`, x)));
  }
}

function requireLen(where: string, e: Expr): number {
  if (e.type.len === null) throw new InvalidArgumentError(`${where}()`, 'a vector', 'a scalar');
  return e.type.len;
}

function clampIndex(i: number, n: number): number {
  if (!Number.isInteger(i)) throw new InvalidArgumentError('slice bounds', 'integers', i);
  const k = i < 0 ? n + i : i;
  return Math.min(Math.max(k, 0), n);
}

/** Turns a method argument into an expression (numbers → scalar constants, arrays → constant vectors). */
export function operand(where: string, x: Operand): Expr {
  if (x instanceof Traced) return x.expr;
  if (typeof x === 'number') return E.constant(x);
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const values = Float64Array.from(x as ArrayLike<number>);
    return E.array(values);
  }
  throw new InvalidArgumentError(where, 'a traced value, a number, or an array of numbers', x);
}

/**
 * The traced values built during the current `trace` call that nothing has used yet (not a
 * method receiver, not an operand, not the result). JavaScript's `&&`, `||`, `??`, `?:` and `if`
 * see a traced value as an object, always true, so `a && b` silently drops `a`: whatever is left
 * here when the lambda returns was built and dropped, and tracing refuses it.
 */
let unused: Set<Traced> | null = null;

const handler: ProxyHandler<Traced> = {
  get(target, prop, receiver) {
    unused?.delete(target);
    if (typeof prop === 'symbol') {
      if (prop === Symbol.toPrimitive) {
        return () => {
          throw new InvalidArgumentError(
            'traced lambda',
            `method calls instead of JavaScript operators (e.g. v.gt(3) for v > 3, v.add(1) for v + 1, a.and(b) for a && b); supported: ${supported()}`,
          );
        };
      }
      return Reflect.get(target, prop, receiver);
    }
    if (prop in target) return Reflect.get(target, prop, receiver);
    if (PROBED.has(prop)) return undefined;
    throw new InvalidArgumentError(`traced lambda: .${prop}`, supported());
  },
  set(_target, prop) {
    throw new InvalidArgumentError(`traced lambda: setting .${String(prop)}`, 'no assignment to traced values');
  },
};

/** A traced value guarded against unknown method names. */
export function wrap(expr: Expr): Traced {
  const target = new Traced(expr);
  unused?.add(target);
  return new Proxy(target, handler);
}

const COMBINE_HINT = 'combine conditions with a.and(b), a.or(b), a.not() and pick values with cond.where(x, y)';

/** Method names of the vocabulary, for recognising traced operands in a lambda's source. */
const METHOD_NAMES = VOCABULARY.map((v) => v.slice(0, v.indexOf('(')));
const TRACED_CALL = new RegExp(`\\.\\s*(?:${METHOD_NAMES.join('|')})\\s*\\(`);

/**
 * `||` and `??` never evaluate their right side when the left is a traced value (an object), so
 * nothing is left unused to catch at run time: look for them in the lambda's source, next to an
 * operand that calls a traced method (`v.gt(3) || v.lt(-3)`). Strings and comments are blanked
 * first; plain-number defaults such as `v.sub(offset || 0)` pass.
 */
function logicalOperatorOnTraced(fn: (...records: Traced[]) => unknown): string | undefined {
  const src = Function.prototype.toString
    .call(fn)
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ')
    .replace(/'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, '0');
  const re = /(\|\||\?\?)/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const left = operandText(src, m.index, -1);
    const right = operandText(src, m.index + 2, 1);
    if (TRACED_CALL.test(left) || (m[1] === '||' && TRACED_CALL.test(right))) return m[1];
  }
  return undefined;
}

/** The text of the operand next to position `at` in direction `dir`, up to an enclosing bracket or separator. */
function operandText(src: string, at: number, dir: 1 | -1): string {
  let depth = 0;
  let i = dir === 1 ? at : at - 1;
  const stop = dir === 1 ? /[,;}\]]/ : /[,;{\[]/;
  const open = dir === 1 ? '(' : ')';
  const close = dir === 1 ? ')' : '(';
  for (; i >= 0 && i < src.length; i += dir) {
    const ch = src[i]!;
    if (ch === open) depth++;
    else if (ch === close) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (stop.test(ch) || src.startsWith('=>', dir === 1 ? i : i - 1) || src.startsWith('&&', dir === 1 ? i : i - 1) || src.startsWith('||', dir === 1 ? i : i - 1) || src.startsWith('??', dir === 1 ? i : i - 1))) break;
  }
  return dir === 1 ? src.slice(at, i) : src.slice(i + 1, at);
}

/**
 * Calls `fn` once with symbolic records of the given lengths and returns the expression it built.
 * Throws `InvalidArgumentError` (argument `where`) when `fn` calls anything outside the vocabulary,
 * uses JavaScript operators on traced values, or returns something that is not a traced value.
 */
export function trace(fn: (...records: Traced[]) => unknown, lengths: readonly number[], where: string): Expr {
  const operator = logicalOperatorOnTraced(fn);
  if (operator) {
    throw new InvalidArgumentError(where, `no JavaScript ${operator} on traced values (it never looks at the traced condition: an object is always true); ${COMBINE_HINT}`);
  }
  const outer = unused;
  const built = new Set<Traced>();
  unused = null;
  const args = lengths.map((len, i) => wrap(E.input(i, len)));
  unused = built;
  let out: unknown;
  try {
    out = fn(...args);
    if (out instanceof Traced) void (out as Traced).expr; // the result counts as used
  } finally {
    unused = outer;
  }
  if (built.size > 0) {
    throw new InvalidArgumentError(
      where,
      `a function whose traced values all reach its result; ${built.size} was built and then dropped (JavaScript &&, ||, ??, ?: and if treat a traced value as an object, always true): ${COMBINE_HINT}`,
    );
  }
  if (out instanceof Traced) return out.expr;
  throw new InvalidArgumentError(
    where,
    `a function returning a traced value built with ${supported()}; it returned ${describe(out)}` +
      (typeof out === 'boolean' ? ' (JavaScript comparisons cannot be traced: use v.gt(x), v.lt(x), a.and(b)...)' : ''),
  );
}
