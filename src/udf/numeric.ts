/**
 * Scalar semantics shared by the local evaluator and mirrored by the Spark SQL compiler.
 * They are IEEE-754 double arithmetic with two deliberate, documented choices that both back ends
 * implement identically:
 * - division by ±0: `x / 0` is +Inf for x > 0, -Inf for x < 0 and NaN for x = 0 or NaN
 *   (the sign of a zero divisor is ignored; Spark has no IEEE division in ANSI mode);
 * - comparisons are IEEE (NaN compares false, `ne` true), unlike Spark's "NaN is largest" order;
 *   min/max/maximum/minimum return NaN when any operand is NaN (numpy's behaviour).
 */
import { InvalidArgumentError } from '../common/errors.js';
import type { DType } from '../common/ndarray.js';
import { roundToHalf, toInt64, typedArrayFor } from '../common/ndarray.js';
import type { ArithFn, CompareFn } from './expr.js';

/** The InvalidArgumentError of a value int64 cannot hold, on every back end (`caster`, `castText`, the kernels' `NumpyCasts`). */
export const INT64_CAST_ERROR = { argument: "astype('int64')", expected: 'finite values whose integer part is within ±(2^53 − 1)' } as const;

export function safeDiv(a: number, b: number): number {
  if (b === 0) return a > 0 ? Infinity : a < 0 ? -Infinity : NaN;
  return a / b;
}

export const arith: Record<ArithFn, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: safeDiv,
  pow: (a, b) => Math.pow(a, b),
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  atan2: (a, b) => Math.atan2(a, b),
};

export const compare: Record<CompareFn, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
};

/**
 * numpy's default ('linear') percentile of an ascending-sorted array `s` (NaN sorted last).
 * NaN if empty or if any element is NaN. When the position falls exactly on an element that
 * element is returned as is (so ±Inf survive); otherwise `lo + frac * (hi - lo)`.
 */
export function sortedPercentile(s: ArrayLike<number>, n: number, q: number): number {
  if (n === 0 || Number.isNaN(s[n - 1]!)) return NaN;
  const { lo, frac } = percentilePosition(n, q);
  const a = s[lo]!;
  if (frac === 0) return a;
  return a + frac * (s[lo + 1]! - a);
}

/** 0-based lower index and fraction of numpy's linear percentile position `q/100 * (n-1)`. */
export function percentilePosition(n: number, q: number): { lo: number; frac: number } {
  const pos = (q / 100) * (n - 1);
  const lo = Math.min(Math.floor(pos), Math.max(n - 1, 0));
  return { lo, frac: lo + 1 < n ? pos - lo : 0 };
}

/** The rank scipy's percentile_filter picks from a window of `size` sorted values (0-based). */
export function rankFilterRank(size: number, q: number): number {
  return Math.min(Math.floor((size * q) / 100), size - 1);
}

/**
 * Converts to a dtype exactly as a typed-array store does (truncate, wrap, NaN → 0, fround), and
 * as numpy's astype for the two dtypes that are no typed-array store: float16 rounds to the
 * nearest half; int64 truncates and throws `InvalidArgumentError` for what it cannot hold exactly
 * (NaN, ±Inf, beyond ±(2^53 − 1)) — never a rounded value.
 */
export function caster(dtype: DType): (x: number) => number {
  if (dtype === 'float64') return (x) => x;
  if (dtype === 'float16') return roundToHalf;
  if (dtype === 'int64') {
    return (x) => {
      const v = toInt64(x);
      if (v === undefined) throw new InvalidArgumentError(INT64_CAST_ERROR.argument, INT64_CAST_ERROR.expected, x);
      return v;
    };
  }
  const cell = typedArrayFor(dtype, 1);
  return (x) => {
    cell[0] = x;
    return cell[0]!;
  };
}

/** Angle 2πm/n with m reduced modulo n first, so large k·t keep full precision (both back ends). */
export function dftAngle(k: number, t: number, n: number): number {
  return (2 * Math.PI * ((k * t) % n)) / n;
}
