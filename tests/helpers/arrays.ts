/** Element-by-element comparisons of numeric arrays that name the first differing index. */
import { expect } from 'vitest';

/** Same values: NaN equals NaN, and -0 is distinct from 0 (Object.is). */
export function expectIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>, label = ''): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect(`${label} [${i}]: ${actual[i]}`).toBe(`${label} [${i}]: ${expected[i]}`);
  }
}

/** Each |actual - expected| within `tol` times max(1, |expected|). */
export function expectRelative(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (!(Math.abs(actual[i]! - e) <= tol * Math.max(1, Math.abs(e)))) expect(`[${i}]: ${actual[i]}`).toBe(`[${i}]: ${e}`);
  }
}
