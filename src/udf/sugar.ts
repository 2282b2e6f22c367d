/**
 * Statistics defined in terms of the primitive nodes, shared by traced lambdas and by the
 * Series/Images methods that are built as expressions. Defining them once here is what makes
 * `v.std()` in a user lambda and `series.std()`-style helpers agree to the last bit on one engine.
 *
 * NaN/±Inf: every statistic here propagates NaN (any NaN element gives NaN). An infinite element
 * gives ±Inf for sum/mean and NaN for var/std (Inf - Inf). `corr` is 0 when either operand has zero
 * variance (a constant record), never NaN for finite input.
 */
import { binary, constant, reduce, unary, where, type Expr } from './expr.js';
import { InvalidArgumentError } from '../common/errors.js';

function lengthOf(where_: string, e: Expr): number {
  if (e.type.len === null) throw new InvalidArgumentError(where_, 'a vector', 'a scalar');
  return e.type.len;
}

export function sum(e: Expr): Expr {
  return reduce('sum', e);
}

/** sum / n; the mean of an empty vector is NaN (0 / 0). */
export function mean(e: Expr): Expr {
  return binary('div', reduce('sum', e), constant(lengthOf('mean', e)));
}

/** Population variance (ddof 0), two-pass: mean of squared deviations from the mean. */
export function variance(e: Expr): Expr {
  const d = binary('sub', e, mean(e));
  return mean(binary('mul', d, d));
}

export function std(e: Expr): Expr {
  return unary('sqrt', variance(e));
}

export function dot(a: Expr, b: Expr): Expr {
  lengthOf('dot', a);
  lengthOf('dot', b);
  return reduce('sum', binary('mul', a, b));
}

/** Pearson's r; 0 when either side is constant (zero variance). */
export function corr(a: Expr, b: Expr): Expr {
  const ac = binary('sub', a, mean(a));
  const bc = binary('sub', b, mean(b));
  const den = unary('sqrt', binary('mul', dot(ac, ac), dot(bc, bc)));
  return where(binary('eq', den, constant(0)), constant(0), binary('div', dot(ac, bc), den));
}
