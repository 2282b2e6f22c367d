/**
 * Gaussian mixture with full covariances by expectation–maximisation, on one contiguous
 * Float64Array of records [n, T], in this process.
 *
 * - Initialisation as scikit-learn's default ('kmeans'): a seeded KMeans (./kmeans.ts, k-means++,
 *   run to convergence) gives every record a component; weights, means and covariances are those
 *   of the hard clusters. No component starts empty (each cluster holds at least one record),
 *   unlike MLlib's random start from 5 sampled records per component.
 * - Regularisation as scikit-learn's `reg_covar`: REG_COVAR is added to the diagonal of every
 *   covariance in every M step. A component that settles on identical records (the fish data hold
 *   5,609 all-zero series) then has covariance REG_COVAR·I instead of a singular matrix: its
 *   density stays finite and EM continues (MLlib's EM returns NaN there).
 * - E step in log space (log-sum-exp). Responsibilities below RESP_FLOOR (1e-12) count as 0
 *   in both steps; a component whose upper bound on the log density, log w − ½(T log 2π +
 *   log|Σ|) − ½|x − μ|²/λmax(Σ), is that far below the best exact value met for the record is not
 *   evaluated at all. The log-likelihood leaves out at most k·1e-12 of each record's likelihood.
 * - Stops after `maxIter` M steps, or when the total log-likelihood changes by less than `tol`
 *   (MLlib's rule). The log-likelihood returned is that of the returned parameters.
 *
 * `covariances` are the weighted sample covariances without REG_COVAR; the model's densities use
 * Σ + REG_COVAR·I (as ../gmm-exprs.ts does when it predicts).
 */
import { fitKMeansAsync } from './kmeans.js';
import { nextTurn } from './turns.js';

/** scikit-learn's default reg_covar. */
export const REG_COVAR = 1e-6;

export interface GmmFitOptions {
  readonly k: number;
  readonly maxIter: number;
  /** On the total log-likelihood. */
  readonly tol: number;
  readonly seed: number;
}

export interface GmmFit {
  /** [k], summing to 1. */
  readonly weights: Float64Array;
  /** [k, T] row-major. */
  readonly means: Float64Array;
  /** [k, T, T] row-major, without REG_COVAR. */
  readonly covariances: Float64Array;
  /** Σ over records of log Σ_j w_j N(x | μ_j, Σ_j + REG_COVAR·I). */
  readonly logLikelihood: number;
  /** M steps run. */
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Responsibilities below this are taken as 0. On the fish data 70–80 % of all record ×
 * component responsibilities are below it; leaving them out of both steps changes every
 * statistic by at most n·1e-12 (about 1e-8 here) and saves most of the work.
 */
const RESP_FLOOR = 1e-12;
const LOG_FLOOR = Math.log(RESP_FLOOR);
const LOG_2PI = Math.log(2 * Math.PI);
/** Records per block of packed outer products (a block of T = 20 records takes 430 kB). */
const BLOCK = 256;

/**
 * The M step works on packed outer products P_i = (x_i − g)(x_i − g)ᵀ (lower triangle, row by
 * row, T(T+1)/2 values; g the mean of all records), computed per block of records and shared by
 * all components: it accumulates Σ r·P_i in one flat loop per record and component. The
 * cancellation in Σ r·P_i / n_k − (μ − g)(μ − g)ᵀ is of the order ε·|μ − g|², far below
 * REG_COVAR for data of moderate range. (The E step's quadratic form stays a triangular solve
 * about μ: the same form taken about g loses ε·|x − g|²·λmax(Σ⁻¹), too much for a tight
 * component far from g.)
 */
class Packed {
  readonly size: number;
  readonly centre: Float64Array;
  readonly block: Float64Array;
  /** Records [from, to) of the current block. */
  from = 0;
  to = 0;

  constructor(
    readonly x: Float64Array,
    readonly n: number,
    readonly T: number,
  ) {
    this.size = (T * (T + 1)) / 2;
    this.centre = new Float64Array(T);
    for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) this.centre[t] += x[i * T + t]!;
    for (let t = 0; t < T; t++) this.centre[t] /= n;
    this.block = new Float64Array(BLOCK * this.size);
  }

  /** Fills the block with the products of records [from, min(from + BLOCK, n)). */
  load(from: number): void {
    const { x, T, size, centre, block } = this;
    this.from = from;
    this.to = Math.min(from + BLOCK, this.n);
    const d = new Float64Array(T);
    for (let i = from; i < this.to; i++) {
      for (let t = 0; t < T; t++) d[t] = x[i * T + t]! - centre[t]!;
      let p = (i - from) * size;
      for (let a = 0; a < T; a++) {
        const da = d[a]!;
        for (let b = 0; b <= a; b++) block[p++] = da * d[b]!;
      }
    }
  }
}

/** Parameters of the components and what the E step needs of them. */
class Components {
  readonly weights: Float64Array;
  readonly means: Float64Array;
  /** Covariances without REG_COVAR, packed lower triangles, [k, T(T+1)/2]. */
  readonly covariances: Float64Array;
  /** Cholesky factors of Σ + REG_COVAR·I, [k, T, T] row-major, and the inverses of their diagonals. */
  readonly chol: Float64Array;
  readonly invDiag: Float64Array;
  /** log w − ½(T log 2π + log|Σ|), [k]. */
  readonly logNorm: Float64Array;
  /** ½ / (an upper bound of the largest eigenvalue of Σ + REG_COVAR·I), [k]. */
  readonly halfInvLambda: Float64Array;
  readonly size: number;

  constructor(
    readonly k: number,
    readonly T: number,
    readonly centre: Float64Array,
  ) {
    this.size = (T * (T + 1)) / 2;
    this.weights = new Float64Array(k);
    this.means = new Float64Array(k * T);
    this.covariances = new Float64Array(k * this.size);
    this.chol = new Float64Array(k * T * T);
    this.invDiag = new Float64Array(k * T);
    this.logNorm = new Float64Array(k);
    this.halfInvLambda = new Float64Array(k);
  }

  /** Factorises component j after its weight, mean and covariance were set. */
  prepare(j: number): void {
    const { T, size } = this;
    const cov = this.covariances.subarray(j * size, (j + 1) * size);
    const at = (a: number, b: number) => (a >= b ? cov[(a * (a + 1)) / 2 + b]! : cov[(b * (b + 1)) / 2 + a]!) + (a === b ? REG_COVAR : 0);
    // Cholesky Σ + REG_COVAR·I = L Lᵀ.
    const L = this.chol.subarray(j * T * T, (j + 1) * T * T);
    const invDiag = this.invDiag.subarray(j * T, (j + 1) * T);
    let logDet = 0;
    for (let a = 0; a < T; a++) {
      for (let b = 0; b <= a; b++) {
        let s = at(a, b);
        for (let m = 0; m < b; m++) s -= L[a * T + m]! * L[b * T + m]!;
        if (a === b) {
          if (!(s > 0)) throw new RangeError(`GaussianMixture: covariance ${j} is not positive definite (pivot ${s} at ${a})`);
          L[a * T + a] = Math.sqrt(s);
          invDiag[a] = 1 / L[a * T + a]!;
          logDet += Math.log(s);
        } else {
          L[a * T + b] = s * invDiag[b]!;
        }
      }
    }
    // λmax ≤ min(Frobenius norm, largest absolute row sum) of the regularised covariance.
    let frob = 0;
    let rows = 0;
    for (let a = 0; a < T; a++) {
      let r = 0;
      for (let b = 0; b < T; b++) {
        const v = at(a, b);
        frob += v * v;
        r += Math.abs(v);
      }
      rows = Math.max(rows, r);
    }
    this.halfInvLambda[j] = 0.5 / Math.min(Math.sqrt(frob), rows);
    this.logNorm[j] = Math.log(this.weights[j]!) - 0.5 * (T * LOG_2PI + logDet);
  }

  /** log(w_j N(x_i | μ_j, Σ_j)) by forward substitution with the Cholesky factor; `z` is scratch [T]. */
  logDensity(j: number, x: Float64Array, i: number, z: Float64Array): number {
    const { T } = this;
    const o = j * T * T;
    const L = this.chol;
    const mu = this.means;
    const inv = this.invDiag;
    let q = 0;
    for (let a = 0; a < T; a++) {
      let s = x[i * T + a]! - mu[j * T + a]!;
      const row = o + a * T;
      for (let b = 0; b < a; b++) s -= L[row + b]! * z[b]!;
      const v = s * inv[j * T + a]!;
      z[a] = v;
      q += v * v;
    }
    return this.logNorm[j]! - 0.5 * q;
  }

  /** Upper bound of logDensity from the Euclidean distance alone (T operations). */
  bound(j: number, x: Float64Array, i: number): number {
    const { T } = this;
    let d = 0;
    for (let t = 0; t < T; t++) {
      const e = x[i * T + t]! - this.means[j * T + t]!;
      d += e * e;
    }
    return this.logNorm[j]! - d * this.halfInvLambda[j]!;
  }
}

/**
 * E step: responsibilities [k, n] (component-major, exact zeros where negligible) and the total
 * log-likelihood of the records under `c`.
 */
function expectation(x: Float64Array, n: number, c: Components, resp: Float64Array): number {
  const { k, T } = c;
  const lp = new Float64Array(k);
  const ub = new Float64Array(k);
  const z = new Float64Array(T);
  resp.fill(0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let first = 0;
    for (let j = 0; j < k; j++) {
      ub[j] = c.bound(j, x, i);
      if (ub[j]! > ub[first]!) first = j;
    }
    let mx = (lp[first] = c.logDensity(first, x, i, z));
    for (let j = 0; j < k; j++) {
      if (j === first) continue;
      if (ub[j]! < mx + LOG_FLOOR) {
        lp[j] = -Infinity;
        continue;
      }
      const v = (lp[j] = c.logDensity(j, x, i, z));
      if (v > mx) mx = v;
    }
    let s = 0;
    for (let j = 0; j < k; j++) if (lp[j]! !== -Infinity) s += Math.exp(lp[j]! - mx);
    const lse = mx + Math.log(s);
    total += lse;
    for (let j = 0; j < k; j++) if (lp[j]! - lse >= LOG_FLOOR) resp[j * n + i] = Math.exp(lp[j]! - lse);
  }
  return total;
}

/** M step: weights, means and covariances from responsibilities [k, n], then factorised. */
function maximization(packed: Packed, resp: Float64Array, c: Components): void {
  const { x, n, T, centre } = packed;
  const { k, size } = c;
  // scikit-learn's 10·ε keeps an emptied component's division defined.
  const nk = new Float64Array(k).fill(10 * Number.EPSILON);
  const first = new Float64Array(k * T);
  const second = c.covariances.fill(0);
  for (let from = 0; from < n; from += BLOCK) {
    packed.load(from);
    const block = packed.block;
    for (let j = 0; j < k; j++) {
      const fo = j * T;
      const so = j * size;
      for (let i = from; i < packed.to; i++) {
        const w = resp[j * n + i]!;
        if (w === 0) continue;
        nk[j] += w;
        for (let t = 0; t < T; t++) first[fo + t] += w * (x[i * T + t]! - centre[t]!);
        const po = (i - from) * size;
        for (let p = 0; p < size; p++) second[so + p] += w * block[po + p]!;
      }
    }
  }
  for (let j = 0; j < k; j++) {
    const m = first.subarray(j * T, (j + 1) * T);
    for (let t = 0; t < T; t++) m[t] /= nk[j]!;
    let p = j * size;
    for (let a = 0; a < T; a++) for (let b = 0; b <= a; b++) second[p] = second[p++]! / nk[j]! - m[a]! * m[b]!;
    for (let t = 0; t < T; t++) c.means[j * T + t] = m[t]! + centre[t]!;
    c.weights[j] = nk[j]! / n;
    c.prepare(j);
  }
}

/**
 * Hard clusters from a seeded KMeans as the starting point (see the file comment); `signal` ends
 * it between Lloyd iterations.
 */
async function initialise(packed: Packed, k: number, seed: number, resp: Float64Array, signal: AbortSignal | undefined): Promise<Components> {
  const { x, n, T } = packed;
  const km = await fitKMeansAsync(x, n, T, { k, maxIter: 300, seed, init: 'k-means++', tol: 0 }, signal);
  resp.fill(0);
  // Fewer distinct records than k: the extra components copy clusters (and share their records).
  const copies = new Int32Array(km.k);
  for (let j = 0; j < k; j++) copies[j % km.k]++;
  for (let i = 0; i < n; i++) {
    const l = km.labels[i]!;
    for (let j = l; j < k; j += km.k) resp[j * n + i] = 1 / copies[l]!;
  }
  const c = new Components(k, T, packed.centre);
  maximization(packed, resp, c);
  return c;
}

/**
 * Fits a k-component mixture to `x` [n, T] (n ≥ k ≥ 1); deterministic for a seed. Between the
 * k-means start's Lloyd iterations and between EM iterations (up to a second each at K = 200 on
 * the fish data) the event loop runs (./turns.ts), so that a program's other work (Spark results
 * arriving, progress, timers) goes on and `signal` can end the fit: it rejects with the signal's
 * reason.
 */
export async function fitGmm(x: Float64Array, n: number, T: number, o: GmmFitOptions, signal?: AbortSignal): Promise<GmmFit> {
  signal?.throwIfAborted();
  const { k } = o;
  const resp = new Float64Array(k * n);
  const packed = new Packed(x, n, T);
  const c = await initialise(packed, k, o.seed, resp, signal);
  let ll = expectation(x, n, c, resp);
  let iterations = 0;
  let converged = false;
  while (iterations < o.maxIter) {
    await nextTurn(signal);
    maximization(packed, resp, c);
    iterations++;
    const next = expectation(x, n, c, resp);
    converged = Math.abs(next - ll) < o.tol;
    ll = next;
    if (converged) break;
  }
  const covariances = new Float64Array(k * T * T);
  let p = 0;
  for (let j = 0; j < k; j++) {
    const o2 = j * T * T;
    for (let a = 0; a < T; a++) for (let b = 0; b <= a; b++) covariances[o2 + a * T + b] = covariances[o2 + b * T + a] = c.covariances[p++]!;
  }
  return { weights: Float64Array.from(c.weights), means: Float64Array.from(c.means), covariances, logLikelihood: ll, iterations, converged };
}
