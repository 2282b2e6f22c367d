/**
 * Helpers of the ported Thunder Images/Blocks/images-I/O suite (owned by that port; the Series
 * port has series-helpers.ts): numpy's arange, concatenate and allclose written out.
 */
import { expect } from 'vitest';
import { NDArray, typedArrayFor, type DType } from '../../../src/common/ndarray.js';

/**
 * numpy `arange(stop).reshape(shape)` or `arange(start, stop).reshape(shape)`, of `dtype`
 * (default float64): `arange(8, [2, 4])`, `arange(8, 16, [2, 4], 'int16')`.
 */
export function arange(a: number, b: readonly number[] | number, c?: readonly number[] | DType, d?: DType): NDArray {
  const [start, stop, shape, dtype] = typeof b === 'number' ? [a, b, c as readonly number[], d ?? 'float64'] : [0, a, b, (c as DType | undefined) ?? 'float64'];
  const out = typedArrayFor(dtype, stop - start);
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return new NDArray(out, shape);
}

/** numpy `allclose(actual, expected)` (rtol 1e-5, atol 1e-8) on the flattened values, sizes equal. */
export function expectAllClose(actual: NDArray | ArrayLike<number>, expected: ArrayLike<number>): void {
  const a = actual instanceof NDArray ? actual.data : actual;
  expect(a.length, 'number of values').toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (!(Math.abs(a[i]! - e) <= 1e-8 + 1e-5 * Math.abs(e))) expect(a[i], `value ${i}`).toBe(e);
  }
}

/** numpy `concatenate` of the flattened parts. */
export function concat(...parts: readonly (NDArray | readonly number[])[]): number[] {
  return parts.flatMap((p) => (p instanceof NDArray ? Array.from(p.data) : [...p]));
}

/** Per-image sums of [n, ...] values, as Thunder's `[x.sum() for x in data.toarray()]`. */
export function sums(arr: NDArray): number[] {
  const n = arr.shape[0]!;
  const size = arr.size / n;
  return Array.from({ length: n }, (_, i) => Array.from(arr.data.subarray(i * size, (i + 1) * size)).reduce((x, y) => x + y, 0));
}
