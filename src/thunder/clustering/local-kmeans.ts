/**
 * Local KMeans: ./local/kmeans.ts (greedy k-means++ or random seeds, Lloyd's iterations with
 * Elkan's bounds) on a [n, T] Float64Array. Deterministic for a seed. MLlib's 'k-means||' is a
 * parallel variant of k-means++, so locally it maps to k-means++.
 */
import { NDArray } from '../../common/ndarray.js';
import { fitKMeansAsync, sqDist } from './local/kmeans.js';

export interface LocalKMeansOptions {
  readonly k: number;
  readonly maxIter: number;
  readonly seed: number;
  readonly initMode: 'k-means||' | 'random';
  /** Convergence when no center moves more than tol (Euclidean), as MLlib. */
  readonly tol: number;
}

/** The cost of each fit, known at its end: `localCost` of those centers on the same records is free. */
const fittedCosts = new WeakMap<NDArray, { readonly values: Float64Array; readonly cost: number }>();

/**
 * Centers [k', T] of `values` [n, T] (k' < k only when the records hold fewer than k distinct
 * values, as MLlib). See `fitKMeansAsync`: the event loop runs between Lloyd iterations and
 * `signal` ends the fit there, rejecting with its reason.
 */
export async function fitLocalKMeans(values: Float64Array, n: number, T: number, o: LocalKMeansOptions, signal?: AbortSignal): Promise<NDArray<Float64Array>> {
  const fit = await fitKMeansAsync(values, n, T, { k: o.k, maxIter: o.maxIter, seed: o.seed, init: o.initMode === 'random' ? 'random' : 'k-means++', tol: o.tol }, signal);
  const centers = new NDArray(fit.centers, [fit.k, T]);
  fittedCosts.set(centers, { values, cost: fit.cost });
  return centers;
}

/** Σ over records of the squared distance to the nearest center (MLlib's trainingCost). */
export function localCost(values: Float64Array, n: number, T: number, centers: NDArray): number {
  const known = fittedCosts.get(centers);
  if (known && known.values === values) return known.cost;
  const k = centers.shape[0]!;
  const c = Float64Array.from(centers.data);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) best = Math.min(best, sqDist(values, i, c, j, T));
    total += best;
  }
  return total;
}
