/** Shared helpers for the engine-parametrized cases. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { EngineOptions } from '../../../src/thunder/index.js';

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

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'thunder-test-'));
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
