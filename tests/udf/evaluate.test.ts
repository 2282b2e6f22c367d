/** The local evaluator against hand-computed values, including the documented NaN/±Inf rules. */
import { describe, expect, it } from 'vitest';
import { evaluate, trace, type Traced } from '../../src/udf/index.js';

const x = Float64Array.from([1, 2, 3, 4, 5]);
const ev = (fn: (v: Traced) => Traced, input: Float64Array = x): number | number[] => {
  const r = evaluate(trace(fn as (...r: Traced[]) => unknown, [input.length], 'test'), input);
  return typeof r === 'number' ? r : Array.from(r);
};

describe('evaluate', () => {
  it('statistics of 1..5', () => {
    expect(ev((v) => v.sum())).toBe(15);
    expect(ev((v) => v.mean())).toBe(3);
    expect(ev((v) => v.var())).toBe(2);
    expect(ev((v) => v.std())).toBeCloseTo(Math.SQRT2, 15);
    expect(ev((v) => v.min())).toBe(1);
    expect(ev((v) => v.max())).toBe(5);
    expect(ev((v) => v.median())).toBe(3);
    // numpy: percentile([1..5], 20) = 1 + 0.8 * (2 - 1)
    expect(ev((v) => v.percentile(20))).toBeCloseTo(1.8, 15);
    expect(ev((v) => v.percentile(100))).toBe(5);
    expect(ev((v) => v.percentile(0))).toBe(1);
  });

  it('elementwise arithmetic with scalars, arrays and traced values', () => {
    expect(ev((v) => v.mul(2))).toEqual([2, 4, 6, 8, 10]);
    expect(ev((v) => v.sub([1, 1, 1, 1, 1]))).toEqual([0, 1, 2, 3, 4]);
    expect(ev((v) => v.add(v))).toEqual([2, 4, 6, 8, 10]);
    expect(ev((v) => v.pow(2))).toEqual([1, 4, 9, 16, 25]);
    expect(ev((v) => v.neg().abs())).toEqual([1, 2, 3, 4, 5]);
    expect(ev((v) => v.sqrt().pow(2).sub(v).abs().max())).toBeLessThan(1e-15);
    expect(ev((v) => v.log().exp().sub(v).abs().max())).toBeLessThan(1e-14);
    expect(ev((v) => v.clip(2, 4))).toEqual([2, 2, 3, 4, 4]);
    expect(ev((v) => v.sub(v.mean()).div(v.std()))).toEqual([-2, -1, 0, 1, 2].map((d) => d / Math.SQRT2));
  });

  it('comparisons, logic and where (booleans as 1/0)', () => {
    expect(ev((v) => v.gt(2))).toEqual([0, 0, 1, 1, 1]);
    expect(ev((v) => v.ge(2).and(v.le(4)))).toEqual([0, 1, 1, 1, 0]);
    expect(ev((v) => v.eq(3).or(v.ne(3).not()))).toEqual([0, 0, 1, 0, 0]);
    expect(ev((v) => v.lt(3).where(0, v))).toEqual([0, 0, 3, 4, 5]);
    expect(ev((v) => v.std().gt(1))).toBe(1);
  });

  it('slice, at, dot, corr, length', () => {
    expect(ev((v) => v.slice(1, 4))).toEqual([2, 3, 4]);
    expect(ev((v) => v.slice(0, 5, 2))).toEqual([1, 3, 5]);
    expect(ev((v) => v.at(-1))).toBe(5);
    expect(ev((v) => v.dot([1, 0, 1, 0, 1]))).toBe(9);
    expect(ev((v) => v.corr([2, 4, 6, 8, 10]))).toBeCloseTo(1, 15);
    expect(ev((v) => v.corr([5, 4, 3, 2, 1]))).toBeCloseTo(-1, 15);
    expect(ev((v) => v.corr([7, 7, 7, 7, 7]))).toBe(0);
    expect(ev((v) => v.mul(v.length()))).toEqual([5, 10, 15, 20, 25]);
  });

  it('NaN and ±Inf follow the documented rules', () => {
    const withNaN = Float64Array.from([1, Number.NaN, 3]);
    for (const f of [(v: Traced) => v.sum(), (v: Traced) => v.mean(), (v: Traced) => v.std(), (v: Traced) => v.min(), (v: Traced) => v.max(), (v: Traced) => v.percentile(10)]) {
      expect(ev(f, withNaN)).toBeNaN();
    }
    expect(ev((v) => v.gt(0), withNaN)).toEqual([1, 0, 1]);
    expect(ev((v) => v.ne(v), withNaN)).toEqual([0, 1, 0]);
    expect(ev((v) => v.maximum(2), withNaN)).toEqual([2, Number.NaN, 3]);
    expect(ev((v) => v.isnan(), withNaN)).toEqual([0, 1, 0]);
    const z = Float64Array.from([1, 0, -1]);
    expect(ev((v) => v.div(0), z)).toEqual([Infinity, Number.NaN, -Infinity]);
    expect(ev((v) => v.div(-0), z)).toEqual([Infinity, Number.NaN, -Infinity]);
    expect(ev((v) => v.log(), z)).toEqual([0, -Infinity, Number.NaN]);
    expect(ev((v) => v.sqrt(), z)).toEqual([1, 0, Number.NaN]);
    const inf = Float64Array.from([1, Infinity, 3]);
    expect(ev((v) => v.sum(), inf)).toBe(Infinity);
    expect(ev((v) => v.std(), inf)).toBeNaN();
    expect(ev((v) => v.percentile(100), inf)).toBe(Infinity);
  });

  it('two-record lambdas', () => {
    const e = trace(((a: Traced, b: Traced) => a.add(b).mul(0.5)) as (...r: Traced[]) => unknown, [2, 2], 'reduce(fn)');
    expect(Array.from(evaluate(e, Float64Array.from([1, 3]), Float64Array.from([3, 5])) as Float64Array)).toEqual([2, 4]);
  });
});
