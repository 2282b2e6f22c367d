/** Shared helpers for the engine-parametrized cases. */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { EngineOptions } from '../../../src/thunder/index.js';
import { scratchDir } from '../../helpers/temp.js';

/** Produces the loader options selecting the engine under test (`{}` = local). */
export type MakeEngine = () => Promise<EngineOptions>;

export const fixtures = fileURLToPath(new URL('../../fixtures/thunder-test-resources/', import.meta.url));

export function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i]!, `element ${i}`).toBeCloseTo(expected[i]!, digits);
}

export function expectSame(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  expect(Array.from(actual)).toEqual(Array.from(expected));
}

/** A new empty folder in the system temp folder, removed after the test file (tests/helpers/temp.ts). */
export async function tempDir(): Promise<string> {
  return scratchDir('thunder-test-');
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
