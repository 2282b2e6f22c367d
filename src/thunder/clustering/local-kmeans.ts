/**
 * Local KMeans: `ml-kmeans` (Lloyd's iterations, seeded k-means++ or random initialisation) on a
 * [n, T] Float64Array. Deterministic for a seed. MLlib's 'k-means||' is a parallel variant of
 * k-means++, so locally it maps to k-means++.
 */
import { kmeans } from 'ml-kmeans';
import { NDArray } from '../../common/ndarray.js';

export interface LocalKMeansOptions {
  readonly k: number;
  readonly maxIter: number;
  readonly seed: number;
  readonly initMode: 'k-means||' | 'random';
  /** Convergence when no center moves more than tol (Euclidean), as MLlib. */
  readonly tol: number;
}

export function fitLocalKMeans(values: Float64Array, n: number, T: number, o: LocalKMeansOptions): NDArray<Float64Array> {
  const points: number[][] = new Array(n);
  for (let i = 0; i < n; i++) points[i] = Array.from(values.subarray(i * T, (i + 1) * T));
  // ml-kmeans compares squared distances with its tolerance.
  const result = kmeans(points, o.k, {
    maxIterations: o.maxIter,
    seed: o.seed,
    tolerance: o.tol * o.tol,
    initialization: o.initMode === 'random' ? 'random' : 'kmeans++',
  });
  const centers = new Float64Array(o.k * T);
  result.centroids.forEach((c, j) => centers.set(c, j * T));
  return new NDArray(centers, [o.k, T]);
}

/** Σ over records of the squared distance to the nearest center (MLlib's trainingCost). */
export function localCost(values: Float64Array, n: number, T: number, centers: NDArray): number {
  const k = centers.shape[0]!;
  const c = centers.data;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) {
      let d = 0;
      for (let t = 0; t < T; t++) {
        const diff = values[i * T + t]! - c[j * T + t]!;
        d += diff * diff;
      }
      if (d < best) best = d;
    }
    total += best;
  }
  return total;
}
