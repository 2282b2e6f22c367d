/**
 * Local Gaussian mixture with full covariances by expectation–maximisation (the model MLlib's
 * GaussianMixture fits). Initialisation: seeded k-means (ml-kmeans) for the means, the pooled
 * per-dimension variance for diagonal covariances, equal weights. Each covariance gets 1e-6 on
 * its diagonal so that it stays positive definite when a component collapses. Stops after
 * `maxIter` iterations or when the total log-likelihood changes by less than `tol` (MLlib's rule).
 */
import { kmeans } from 'ml-kmeans';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

export interface LocalGmm {
  readonly weights: Float64Array;
  /** [k, T] row-major. */
  readonly means: Float64Array;
  /** [k, T, T] row-major. */
  readonly covariances: Float64Array;
  readonly logLikelihood: number;
}

const RIDGE = 1e-6;

interface Component {
  readonly weight: number;
  readonly mean: Float64Array;
  /** Lower Cholesky factor of the covariance, row-major. */
  readonly chol: Float64Array;
  readonly logNorm: number;
}

function component(weight: number, mean: Float64Array, cov: Float64Array, T: number): Component {
  const m = new Matrix(T, T);
  for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) m.set(a, b, cov[a * T + b]! + (a === b ? RIDGE : 0));
  const ch = new CholeskyDecomposition(m);
  if (!ch.isPositiveDefinite()) throw new RangeError('GaussianMixture: a covariance is not positive definite');
  const L = ch.lowerTriangularMatrix;
  const chol = new Float64Array(T * T);
  let logDet = 0;
  for (let a = 0; a < T; a++) {
    for (let b = 0; b <= a; b++) chol[a * T + b] = L.get(a, b);
    logDet += 2 * Math.log(L.get(a, a));
  }
  return { weight, mean, chol, logNorm: Math.log(weight) - 0.5 * (T * Math.log(2 * Math.PI) + logDet) };
}

/** log(w N(x | mean, cov)) via forward substitution with the Cholesky factor. */
function logDensity(c: Component, x: Float64Array, T: number, z: Float64Array): number {
  let q = 0;
  for (let a = 0; a < T; a++) {
    let s = x[a]! - c.mean[a]!;
    for (let b = 0; b < a; b++) s -= c.chol[a * T + b]! * z[b]!;
    z[a] = s / c.chol[a * T + a]!;
    q += z[a]! * z[a]!;
  }
  return c.logNorm - 0.5 * q;
}

export function fitLocalGmm(values: Float64Array, n: number, T: number, o: { k: number; maxIter: number; tol: number; seed: number }): LocalGmm {
  const { k } = o;
  const points: number[][] = Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * T, (i + 1) * T)));
  const init = kmeans(points, k, { seed: o.seed, maxIterations: 10, initialization: 'kmeans++' });
  const pooled = new Float64Array(T);
  const mu = new Float64Array(T);
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) mu[t] += values[i * T + t]! / n;
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) pooled[t] += (values[i * T + t]! - mu[t]!) ** 2 / n;
  let comps = init.centroids.map((c) => {
    const cov = new Float64Array(T * T);
    for (let t = 0; t < T; t++) cov[t * T + t] = pooled[t]! > 0 ? pooled[t]! : 1;
    return component(1 / k, Float64Array.from(c), cov, T);
  });

  const resp = new Float64Array(n * k);
  const z = new Float64Array(T);
  const logp = new Float64Array(k);
  let ll = -Infinity;
  for (let iter = 0; iter < o.maxIter; iter++) {
    // E step
    let total = 0;
    for (let i = 0; i < n; i++) {
      const x = values.subarray(i * T, (i + 1) * T);
      let mx = -Infinity;
      for (let j = 0; j < k; j++) {
        logp[j] = logDensity(comps[j]!, x, T, z);
        if (logp[j]! > mx) mx = logp[j]!;
      }
      let s = 0;
      for (let j = 0; j < k; j++) s += Math.exp(logp[j]! - mx);
      const lse = mx + Math.log(s);
      total += lse;
      for (let j = 0; j < k; j++) resp[i * k + j] = Math.exp(logp[j]! - lse);
    }
    const converged = Math.abs(total - ll) < o.tol;
    ll = total;
    if (converged) break;
    // M step
    comps = Array.from({ length: k }, (_, j) => {
      let nk = 0;
      const mean = new Float64Array(T);
      for (let i = 0; i < n; i++) {
        const r = resp[i * k + j]!;
        nk += r;
        for (let t = 0; t < T; t++) mean[t] += r * values[i * T + t]!;
      }
      const safe = Math.max(nk, 1e-300);
      for (let t = 0; t < T; t++) mean[t] /= safe;
      const cov = new Float64Array(T * T);
      for (let i = 0; i < n; i++) {
        const r = resp[i * k + j]!;
        if (r === 0) continue;
        for (let a = 0; a < T; a++) {
          const da = values[i * T + a]! - mean[a]!;
          for (let b = 0; b <= a; b++) cov[a * T + b] += (r * da * (values[i * T + b]! - mean[b]!)) / safe;
        }
      }
      for (let a = 0; a < T; a++) for (let b = 0; b < a; b++) cov[b * T + a] = cov[a * T + b]!;
      return component(Math.max(nk / n, 1e-300), mean, cov, T);
    });
  }
  const weights = Float64Array.from(comps, (c) => c.weight);
  const means = new Float64Array(k * T);
  const covariances = new Float64Array(k * T * T);
  comps.forEach((c, j) => {
    means.set(c.mean, j * T);
    for (let a = 0; a < T; a++) {
      for (let b = 0; b < T; b++) {
        let s = 0;
        for (let m = 0; m <= Math.min(a, b); m++) s += c.chol[a * T + m]! * c.chol[b * T + m]!;
        covariances[j * T * T + a * T + b] = s - (a === b ? RIDGE : 0);
      }
    }
  });
  return { weights, means, covariances, logLikelihood: ll };
}

