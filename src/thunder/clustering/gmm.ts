/**
 * Gaussian mixtures on Series of either engine (notebook question 21).
 *
 *   const gmm = await new GaussianMixture({ k: 5, seed: 1 }).fit(series);
 *   gmm.weights; gmm.means;  // [k], [k, T]
 *   gmm.predict(series);     // most probable component per record
 *
 * Spark: MLlib's GaussianMixture through ML over Connect. Local: `local-gmm.ts` (EM, full
 * covariances, k-means start, scikit-learn's reg_covar 1e-6 on the diagonals, so components on
 * identical records stay finite). Defaults as MLlib: maxIter 100, tol 0.01 (on the total log-likelihood).
 * Input errors as KMeans (k, empty, NaN, k > records).
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { NDArray } from '../../common/ndarray.js';
import { col, vectorToArray, type ActionOptions, type MlModel, type Row } from '../../connect/index.js';
import type { Series } from '../series.js';
import { mapRecords, target } from './apply.js';
import { mostProbableExpr, probabilityExpr } from './gmm-exprs.js';
import { HeldModel } from './held-model.js';
import { fitLocalGmm } from './local-gmm.js';
import { checkClusters, checkPositiveInt, checkSeed, checkTol } from './options.js';
import { readRecords } from './records.js';
import { FEATURES, PREDICTION, PROBABILITY, asNumber, fitMl, labelsFrame, vectorFrame } from './spark-ml.js';

export interface GaussianMixtureOptions {
  readonly k: number;
  readonly seed?: number;
  /** Default 100. */
  readonly maxIter?: number;
  /** Default 0.01. */
  readonly tol?: number;
}

export class GaussianMixture {
  readonly k: number;
  readonly seed: number | undefined;
  readonly maxIter: number;
  readonly tol: number;

  constructor(options: GaussianMixtureOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('GaussianMixture(options)', 'an object with k', options);
    this.k = checkClusters(options.k, 'GaussianMixture');
    this.seed = checkSeed(options.seed, 'GaussianMixture');
    this.maxIter = checkPositiveInt(options.maxIter ?? 100, 'maxIter', 'GaussianMixture');
    this.tol = checkTol(options.tol, 'GaussianMixture') ?? 0.01;
  }

  async fit(series: Series, options: ActionOptions = {}): Promise<GaussianMixtureModel> {
    const r = await readRecords(series, 'GaussianMixture.fit(series)', { minRecords: this.k, action: options });
    const { k } = this;
    if (r.engine === 'local') {
      options.signal?.throwIfAborted();
      const g = await fitLocalGmm(r.values, r.n, r.T, { k, maxIter: this.maxIter, tol: this.tol, seed: this.seed ?? 1 }, options.signal);
      return new GaussianMixtureModel(g.weights, new NDArray(g.means, [k, r.T]), new NDArray(g.covariances, [k, r.T, r.T]), g.logLikelihood);
    }
    const ml = await fitMl(
      'org.apache.spark.ml.clustering.GaussianMixture',
      { featuresCol: FEATURES, k, maxIter: this.maxIter, tol: this.tol, ...(this.seed !== undefined ? { seed: BigInt(this.seed) } : {}) },
      r.df,
      options,
    );
    try {
      const [w, ll, rows] = await Promise.all([
        ml.get('weights', options),
        ml.get('summary.logLikelihood', options),
        ml.getDataFrame('gaussiansDF').select(vectorToArray('mean').alias('mean'), col('cov')).collect(options),
      ]);
      const T = r.T;
      const weights = Float64Array.from(w as number[]);
      const means = new Float64Array(k * T);
      const covs = new Float64Array(k * T * T);
      rows.forEach((row: Row, j) => {
        means.set(row['mean'] as number[], j * T);
        covs.set(denseFromRow(row['cov'], T), j * T * T);
      });
      return new GaussianMixtureModel(weights, new NDArray(means, [k, T]), new NDArray(covs, [k, T, T]), asNumber(ll, 'summary.logLikelihood'), ml);
    } catch (e) {
      await ml.dispose().catch(() => undefined);
      throw e;
    }
  }
}

/** A MatrixUDT value collected as a row object (type, numRows, numCols, values, isTransposed), row-major out. */
function denseFromRow(v: unknown, T: number): Float64Array {
  const m = v as { type: number; numRows: number; numCols: number; values: number[]; isTransposed: boolean; colPtrs: number[] | null; rowIndices: number[] | null };
  const out = new Float64Array(T * T);
  if (m.type === 1) {
    for (let r = 0; r < m.numRows; r++) for (let c = 0; c < m.numCols; c++) out[r * T + c] = m.isTransposed ? m.values[r * m.numCols + c]! : m.values[c * m.numRows + r]!;
  } else {
    const ptrs = m.colPtrs ?? [];
    const idx = m.rowIndices ?? [];
    for (let c = 0; c < m.numCols; c++) for (let p = ptrs[c]!; p < ptrs[c + 1]!; p++) out[idx[p]! * T + c] = m.values[p]!;
  }
  return out;
}

export class GaussianMixtureModel extends HeldModel {
  readonly k: number;
  readonly weights: Float64Array;
  /** [k, T] */
  readonly means: NDArray<Float64Array>;
  /** [k, T, T] */
  readonly covariances: NDArray<Float64Array>;
  /** Total log-likelihood of the training records. */
  readonly logLikelihood: number;

  /** @internal */
  constructor(weights: Float64Array, means: NDArray<Float64Array>, covariances: NDArray<Float64Array>, logLikelihood: number, ml?: MlModel) {
    super(ml);
    this.k = weights.length;
    this.weights = weights;
    this.means = means;
    this.covariances = covariances;
    this.logLikelihood = logLikelihood;
  }

  protected get what(): string {
    return `the GaussianMixture model (k=${this.k})`;
  }

  get T(): number {
    return this.means.shape[1]!;
  }

  private params() {
    return { k: this.k, T: this.T, weights: this.weights, means: this.means.data, covariances: this.covariances.data };
  }

  /** Most probable component per record (int32 in [0, k)). */
  predict(series: Series): Series {
    this.check('predict(series)');
    const t = target(series, this.T, 'predict(series)', this.ml);
    if (t.frame && this.ml) {
      return t.frame.build(labelsFrame(this.ml, t.frame.df, { predictionCol: PREDICTION, probabilityCol: PROBABILITY }), 1, 'int32');
    }
    return mapRecords(t.series, mostProbableExpr(probabilityExpr(this.params()), this.k), 'int32');
  }

  /** Posterior probability of each component per record (T = k). */
  predictProbability(series: Series): Series {
    this.check('predictProbability(series)');
    const t = target(series, this.T, 'predictProbability(series)', this.ml);
    if (t.frame && this.ml) return t.frame.build(vectorFrame(this.ml, t.frame.df, PROBABILITY, { predictionCol: PREDICTION, probabilityCol: PROBABILITY }), this.k, 'float64');
    return mapRecords(t.series, probabilityExpr(this.params()));
  }
}
