/**
 * Independent references for the local clustering engine's tests, written from the definitions
 * and sharing no code with src/thunder/clustering:
 * - `bruteLloyd`: Lloyd's algorithm with every distance computed, from given centers.
 * - `logDensity` / `mixtureLogLikelihood`: the Gaussian mixture log-likelihood
 *   Σ_i log Σ_j w_j (2π)^(−T/2) |Σ_j|^(−1/2) exp(−½ (x_i − μ_j)ᵀ Σ_j⁻¹ (x_i − μ_j)), with the
 *   determinant and the solve by Gaussian elimination with partial pivoting.
 * - `groupMoments`: weight, mean and (biased, divisor n_g) covariance of labelled groups.
 */

/** Squared distance between row i of a and row j of b (T columns). */
function sq(a: Float64Array, i: number, b: Float64Array, j: number, T: number): number {
  let d = 0;
  for (let t = 0; t < T; t++) d += (a[i * T + t]! - b[j * T + t]!) ** 2;
  return d;
}

/** Nearest center of each record (lowest index on ties) and the total squared distance. */
export function nearest(x: Float64Array, n: number, T: number, centers: Float64Array): { labels: Int32Array; cost: number } {
  const k = centers.length / T;
  const labels = new Int32Array(n);
  let cost = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < k; j++) {
      const d = sq(x, i, centers, j, T);
      if (d < best) {
        best = d;
        labels[i] = j;
      }
    }
    cost += best;
  }
  return { labels, cost };
}

/**
 * `iterations` rounds of (means of the assigned records → new centers; an empty cluster keeps
 * its center), each followed by a fresh nearest-center assignment; stops early when no center
 * moves. Returns the final centers, labels and cost.
 */
export function bruteLloyd(x: Float64Array, n: number, T: number, initial: Float64Array, iterations: number) {
  const k = initial.length / T;
  const centers = Float64Array.from(initial);
  let { labels, cost } = nearest(x, n, T, centers);
  let run = 0;
  while (run < iterations) {
    run++;
    const sums = new Float64Array(k * T);
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]!]++;
      for (let t = 0; t < T; t++) sums[labels[i]! * T + t] += x[i * T + t]!;
    }
    let movedAny = false;
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue;
      for (let t = 0; t < T; t++) {
        const v = sums[j * T + t]! / counts[j]!;
        if (v !== centers[j * T + t]) movedAny = true;
        centers[j * T + t] = v;
      }
    }
    ({ labels, cost } = nearest(x, n, T, centers));
    if (!movedAny) break;
  }
  return { centers, labels, cost, iterations: run };
}

/** log|A| and A⁻¹b for a symmetric positive definite A [T, T] by Gaussian elimination. */
function logDetAndSolve(A: Float64Array, b: Float64Array, T: number): { logDet: number; y: Float64Array } {
  const m = Float64Array.from(A);
  const y = Float64Array.from(b);
  let logDet = 0;
  for (let c = 0; c < T; c++) {
    let p = c;
    for (let r = c + 1; r < T; r++) if (Math.abs(m[r * T + c]!) > Math.abs(m[p * T + c]!)) p = r;
    if (p !== c) {
      for (let t = 0; t < T; t++) [m[c * T + t], m[p * T + t]] = [m[p * T + t]!, m[c * T + t]!];
      [y[c], y[p]] = [y[p]!, y[c]!];
    }
    const piv = m[c * T + c]!;
    if (!(piv > 0 || piv < 0)) throw new Error('singular covariance');
    logDet += Math.log(Math.abs(piv));
    for (let r = c + 1; r < T; r++) {
      const f = m[r * T + c]! / piv;
      for (let t = c; t < T; t++) m[r * T + t] -= f * m[c * T + t]!;
      y[r] -= f * y[c]!;
    }
  }
  for (let c = T - 1; c >= 0; c--) {
    let s = y[c]!;
    for (let t = c + 1; t < T; t++) s -= m[c * T + t]! * y[t]!;
    y[c] = s / m[c * T + c]!;
  }
  return { logDet, y };
}

/** log N(x | mean, cov) for one record x [T]. */
export function logDensity(x: ArrayLike<number>, mean: ArrayLike<number>, cov: Float64Array, T: number): number {
  const d = Float64Array.from({ length: T }, (_, t) => x[t]! - mean[t]!);
  const { logDet, y } = logDetAndSolve(cov, d, T);
  let q = 0;
  for (let t = 0; t < T; t++) q += d[t]! * y[t]!;
  return -0.5 * (T * Math.log(2 * Math.PI) + logDet + q);
}

/** Total log-likelihood of records [n, T] under the mixture, each covariance plus ridge·I. */
export function mixtureLogLikelihood(
  x: Float64Array,
  n: number,
  T: number,
  m: { weights: ArrayLike<number>; means: ArrayLike<number>; covariances: ArrayLike<number> },
  ridge: number,
): number {
  const k = m.weights.length;
  const covs = Array.from({ length: k }, (_, j) => {
    const c = Float64Array.from({ length: T * T }, (_, p) => m.covariances[j * T * T + p]!);
    for (let t = 0; t < T; t++) c[t * T + t] += ridge;
    return c;
  });
  let total = 0;
  const lp = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(i * T, (i + 1) * T);
    for (let j = 0; j < k; j++) lp[j] = Math.log(m.weights[j]!) + logDensity(xi, Array.from({ length: T }, (_, t) => m.means[j * T + t]!), covs[j]!, T);
    const mx = Math.max(...lp);
    total += mx + Math.log(lp.reduce((s, v) => s + Math.exp(v - mx), 0));
  }
  return total;
}

/** Weight (fraction of records), mean and covariance (divisor = group size) of each label. */
export function groupMoments(x: Float64Array, n: number, T: number, labels: ArrayLike<number>, k: number) {
  const counts = new Float64Array(k);
  const means = new Float64Array(k * T);
  for (let i = 0; i < n; i++) {
    counts[labels[i]!]++;
    for (let t = 0; t < T; t++) means[labels[i]! * T + t] += x[i * T + t]!;
  }
  for (let j = 0; j < k; j++) for (let t = 0; t < T; t++) means[j * T + t] /= counts[j]!;
  const covariances = new Float64Array(k * T * T);
  for (let i = 0; i < n; i++) {
    const j = labels[i]!;
    for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) covariances[j * T * T + a * T + b] += (x[i * T + a]! - means[j * T + a]!) * (x[i * T + b]! - means[j * T + b]!);
  }
  for (let j = 0; j < k; j++) for (let p = 0; p < T * T; p++) covariances[j * T * T + p] /= counts[j]!;
  return { weights: Float64Array.from(counts, (c) => c / n), means, covariances };
}

/**
 * Records of correlated Gaussian groups: group g has `sizes[g]` records m_g + A_g z, z standard
 * normal (Box–Muller on `random`), so its covariance is A_g A_gᵀ. Row-major [Σ sizes, T].
 */
export function gaussianGroups(means: number[][], factors: number[][][], sizes: number[], random: () => number): Float64Array {
  const T = means[0]!.length;
  const out = new Float64Array(sizes.reduce((a, b) => a + b, 0) * T);
  let p = 0;
  means.forEach((m, g) => {
    for (let i = 0; i < sizes[g]!; i++) {
      const z = Array.from({ length: T }, () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random()));
      for (let a = 0; a < T; a++) out[p++] = m[a]! + factors[g]![a]!.reduce((s, f, b) => s + f * z[b]!, 0);
    }
  });
  return out;
}

/** True when the symmetric matrix A [T, T] is positive definite (every elimination pivot > 0, Sylvester). */
export function positiveDefinite(A: ArrayLike<number>, T: number): boolean {
  const m = Float64Array.from({ length: T * T }, (_, p) => A[p]!);
  for (let c = 0; c < T; c++) {
    const piv = m[c * T + c]!;
    if (!(piv > 0)) return false;
    for (let r = c + 1; r < T; r++) {
      const f = m[r * T + c]! / piv;
      for (let t = c; t < T; t++) m[r * T + t] -= f * m[c * T + t]!;
    }
  }
  return true;
}
