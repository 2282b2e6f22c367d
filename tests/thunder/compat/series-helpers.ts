/**
 * Helpers for the ported Thunder 1.4.2 suite: the engines of Thunder's `eng` fixture (local, and
 * Spark on the test server) and numpy's `allclose`. Expected values in the cases are Thunder's
 * literals or its numpy expressions written out by hand; nothing here computes them from our code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NDArray, type EngineOptions } from '../../../src/thunder/index.js';
import { kernelStatus, useKernels } from '../../../src/thunder/spark/kernels/install.js';
import { useSpark } from '../../helpers/spark.js';

export type Engine = () => EngineOptions;

/**
 * Runs `body` once per engine, like Thunder's `eng` fixture: `local` (engine omitted), `spark`
 * (a session on the test server that takes the JVM kernels) and `spark-sql` (a second session
 * told to use the Spark SQL path, the fallback for servers that refuse the kernels).
 */
export function eachEngine(body: (eng: Engine, name: 'local' | 'spark' | 'spark-sql') => void): void {
  const kernels = useSpark();
  const sql = useSpark();
  beforeAll(() => useKernels(sql(), false));
  describe('local', () => body(() => ({}), 'local'));
  describe('spark', () => {
    it('runs on the kernel path', async () => {
      expect((await kernelStatus(kernels())).path).toBe('kernels');
    });
    body(() => ({ engine: kernels() }), 'spark');
  });
  describe('spark-sql', () => {
    it('runs on the SQL path', async () => {
      expect((await kernelStatus(sql())).path).toBe('sql');
    });
    body(() => ({ engine: sql() }), 'spark-sql');
  });
}

type Nested = number | readonly Nested[];

function flat(x: Nested | NDArray | ArrayLike<number>): number[] {
  if (x instanceof NDArray) return Array.from(x.data, Number);
  if (typeof x === 'number') return [x];
  return Array.from(x as ArrayLike<Nested>).flatMap((v) => flat(v as Nested));
}

/**
 * numpy's `allclose(actual, expected)`: |a − e| ≤ atol + rtol·|e| elementwise (rtol 1e-5, atol
 * 1e-8 unless given), with a scalar `expected` broadcast; sizes must agree otherwise.
 */
export function allclose(actual: NDArray | Nested | ArrayLike<number>, expected: Nested | ArrayLike<number>, atol = 1e-8, rtol = 1e-5): void {
  const a = flat(actual as Nested);
  const e0 = flat(expected as Nested);
  const e = e0.length === 1 && a.length !== 1 ? a.map(() => e0[0]!) : e0;
  expect(a.length, `size of ${JSON.stringify(a)} vs ${JSON.stringify(e)}`).toBe(e.length);
  a.forEach((v, i) => {
    const ok = Math.abs(v - e[i]!) <= atol + rtol * Math.abs(e[i]!) || (Number.isNaN(v) && Number.isNaN(e[i]!));
    expect(ok, `element ${i}: ${v} vs ${e[i]} (all: ${JSON.stringify(a)} vs ${JSON.stringify(e)})`).toBe(true);
  });
}

/** numpy.arange(n) as a list. */
export const arange = (n: number, start = 0): number[] => Array.from({ length: n }, (_, i) => start + i);

/** An int32 NDArray of `shape` holding 0..size-1 (numpy `arange(size).reshape(shape)` with integer data). */
export function arangeArray(shape: readonly number[], dtype: 'int16' | 'int32' = 'int32'): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'int16' ? Int16Array.from(arange(n)) : Int32Array.from(arange(n));
  return new NDArray(data, shape);
}

/** Matrix product of two nested matrices (numpy.dot), written out. */
export function dot(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}

/** Pearson's correlation coefficient (numpy.corrcoef(x, y)[0, 1]), written out. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** Runs `fn` and returns the error it throws (failing the test when it does not throw). */
export async function thrown(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}
