/**
 * Principal components of records [n, T] (one contiguous Float64Array), in this process: the
 * sample covariance (divisor n − 1, as MLlib) accumulated on the typed array in one pass over the
 * centred records (lower triangle, O(n·T²/2)), then its symmetric eigendecomposition (ml-matrix,
 * O(T³), independent of n).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface Principal {
  /** [k, T] row-major: unit eigenvectors of the covariance, largest eigenvalue first. */
  readonly components: Float64Array;
  /** [k]: each eigenvalue over the sum of all (negative round-off counted as 0). */
  readonly explained: Float64Array;
}

/** Sample covariance [T, T] (full symmetric, row-major) of records [n, T]. */
export function covariance(x: Float64Array, n: number, T: number): Float64Array {
  const mean = new Float64Array(T);
  for (let i = 0; i < n; i++) for (let t = 0; t < T; t++) mean[t] += x[i * T + t]!;
  for (let t = 0; t < T; t++) mean[t] /= n;
  const cov = new Float64Array(T * T);
  const d = new Float64Array(T);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) d[t] = x[i * T + t]! - mean[t]!;
    for (let a = 0; a < T; a++) {
      const da = d[a]!;
      const row = a * T;
      for (let b = 0; b <= a; b++) cov[row + b] += da * d[b]!;
    }
  }
  const denom = Math.max(n - 1, 1);
  for (let a = 0; a < T; a++) {
    for (let b = 0; b <= a; b++) {
      const v = cov[a * T + b]! / denom;
      cov[a * T + b] = v;
      cov[b * T + a] = v;
    }
  }
  return cov;
}

/** The k leading principal components of records [n, T] (1 ≤ k ≤ T). */
export function principalComponents(x: Float64Array, n: number, T: number, k: number): Principal {
  const cov = covariance(x, n, T);
  const m = new Matrix(T, T);
  for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) m.set(a, b, cov[a * T + b]!);
  const eig = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const lambdas = eig.realEigenvalues;
  const order = lambdas.map((l, i) => [Math.max(l, 0), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  const total = order.reduce((s, [l]) => s + l, 0);
  const vectors = eig.eigenvectorMatrix;
  const components = new Float64Array(k * T);
  const explained = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const [l, idx] = order[j]!;
    explained[j] = total > 0 ? l / total : 0;
    for (let t = 0; t < T; t++) components[j * T + t] = vectors.get(t, idx);
  }
  return { components, explained };
}
