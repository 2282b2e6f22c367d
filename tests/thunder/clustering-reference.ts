import { uniform } from '../../src/thunder/random.js';
import { pearson } from '../helpers/stats.js';

/**
 * Independent references for the clustering tests, written here from the definitions and
 * sharing no code with src/thunder/clustering:
 * - `bestKMeansCost`: Lloyd's algorithm from k-means++ seeds (own seeded RNG), many restarts,
 *   iterated until the assignment stops changing; the lowest cost found is the reference optimum.
 * - `notebookErrors`: model_error_1 and model_error_2 of the notebook computed on collected records
 *   (nearest center by squared distance; numpy.corrcoef's r, 0 for a constant record).
 */

/** Seeded uniform numbers in [0, 1) (the project's mulberry32; only used to choose seeds here). */
export const rng = uniform;

function sq(x: Float64Array, i: number, c: Float64Array, j: number, T: number): number {
  let d = 0;
  for (let t = 0; t < T; t++) {
    const e = x[i * T + t]! - c[j * T + t]!;
    d += e * e;
  }
  return d;
}

function lloyd(x: Float64Array, n: number, T: number, k: number, random: () => number, maxIter: number): number {
  const c = new Float64Array(k * T);
  const first = Math.floor(random() * n);
  c.set(x.subarray(first * T, first * T + T), 0);
  const dmin = new Float64Array(n).fill(Infinity);
  for (let j = 1; j <= k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      dmin[i] = Math.min(dmin[i]!, sq(x, i, c, j - 1, T));
      total += dmin[i]!;
    }
    if (j === k) break;
    let r = random() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= dmin[i]!;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    c.set(x.subarray(pick * T, pick * T + T), j * T);
  }
  const label = new Int32Array(n).fill(-1);
  let cost = Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    let changed = false;
    cost = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      let bj = 0;
      for (let j = 0; j < k; j++) {
        const d = sq(x, i, c, j, T);
        if (d < best) {
          best = d;
          bj = j;
        }
      }
      cost += best;
      if (label[i] !== bj) {
        label[i] = bj;
        changed = true;
      }
    }
    if (!changed) break;
    const sums = new Float64Array(k * T);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[label[i]!]++;
      for (let t = 0; t < T; t++) sums[label[i]! * T + t] += x[i * T + t]!;
    }
    for (let j = 0; j < k; j++) if (counts[j]! > 0) for (let t = 0; t < T; t++) c[j * T + t] = sums[j * T + t]! / counts[j]!;
  }
  return cost;
}

export function bestKMeansCost(x: Float64Array, n: number, T: number, k: number, restarts: number, seed = 7): number {
  const random = rng(seed);
  let best = Infinity;
  for (let r = 0; r < restarts; r++) best = Math.min(best, lloyd(x, n, T, k, random, 300));
  return best;
}

export function notebookErrors(x: Float64Array, n: number, T: number, centers: Float64Array, k: number): { error1: number; error2: number } {
  let e1 = 0;
  let sim = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bj = 0;
    for (let j = 0; j < k; j++) {
      const d = sq(x, i, centers, j, T);
      if (d < best) {
        best = d;
        bj = j;
      }
    }
    e1 += Math.sqrt(best);
    const r = pearson(x.subarray(i * T, (i + 1) * T), centers.subarray(bj * T, (bj + 1) * T));
    sim += Number.isNaN(r) ? 0 : r; // a constant record counts 0, as documented above
  }
  return { error1: e1, error2: 1 / sim };
}

/** True when two labelings define the same partition (equal up to renaming the labels). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((ab.has(x) && ab.get(x) !== y) || (ba.has(y) && ba.get(y) !== x)) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}

/** n points per mean, normal noise of sd `sd` (Box–Muller on the seeded PRNG), row-major [n·means, T]. */
export function blobs(means: readonly (readonly number[])[], perMean: number, sd: number, seed: number): Float64Array {
  const random = rng(seed);
  const T = means[0]!.length;
  const out = new Float64Array(means.length * perMean * T);
  let p = 0;
  for (const m of means) {
    for (let i = 0; i < perMean; i++) {
      for (let t = 0; t < T; t++) {
        const u = Math.max(random(), 1e-12);
        const v = random();
        out[p++] = m[t]! + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      }
    }
  }
  return out;
}
