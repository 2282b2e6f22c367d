/**
 * Local Gaussian mixture with full covariances by expectation–maximisation (the model MLlib's
 * GaussianMixture fits): ./local/gmm.ts. Initialisation from a seeded k-means++ KMeans (hard
 * clusters, as scikit-learn's default), REG_COVAR (1e-6, scikit-learn's reg_covar) on every
 * covariance's diagonal so that components on identical records stay finite, stops after `maxIter`
 * iterations or when the total log-likelihood changes by less than `tol` (MLlib's rule).
 * `covariances` exclude REG_COVAR; the model's densities (and predictions) use Σ + REG_COVAR·I.
 */
import { fitGmm } from './local/gmm.js';

export interface LocalGmm {
  readonly weights: Float64Array;
  /** [k, T] row-major. */
  readonly means: Float64Array;
  /** [k, T, T] row-major. */
  readonly covariances: Float64Array;
  readonly logLikelihood: number;
}

/** See `fitGmm`: `signal` ends the fit between the iterations of its k-means start and of EM. */
export async function fitLocalGmm(values: Float64Array, n: number, T: number, o: { k: number; maxIter: number; tol: number; seed: number }, signal?: AbortSignal): Promise<LocalGmm> {
  const g = await fitGmm(values, n, T, { k: o.k, maxIter: o.maxIter, tol: o.tol, seed: o.seed }, signal);
  return { weights: g.weights, means: g.means, covariances: g.covariances, logLikelihood: g.logLikelihood };
}
