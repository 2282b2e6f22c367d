/** Checks of the estimators' options: each bad value is an `InvalidArgumentError` naming it. */
import { InvalidArgumentError } from '../../common/errors.js';

export function checkK(k: unknown, where: string): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) throw new InvalidArgumentError(`${where}(k)`, 'a positive integer', k);
  return k;
}

/**
 * k of a clustering (KMeans, GaussianMixture): at least 2 on both engines, because MLlib refuses
 * k = 1 and one rule at the call beats a local fit that Spark would reject after a round trip.
 */
export function checkClusters(k: unknown, where: string): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) throw new InvalidArgumentError(`${where}(k)`, 'an integer >= 2 (MLlib clusters into at least two groups)', k);
  return k;
}

export function checkPositiveInt(v: unknown, name: string, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${where}(${name})`, 'a positive integer', v);
  return v;
}

export function checkSeed(v: unknown, where: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InvalidArgumentError(`${where}(seed)`, 'an integer', v);
  return v;
}

export function checkTol(v: unknown, where: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`${where}(tol)`, 'a non-negative number', v);
  return v;
}
