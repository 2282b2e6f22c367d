/**
 * KMeans on Series of either engine.
 *
 *   const model = await new KMeans({ k: 30, seed: 1 }).fit(series);
 *   model.predict(series).toArray();             // labels, shape = base shape
 *
 * Local: `local-kmeans.ts` (seeded; 'k-means||' runs as k-means++). Spark: MLlib's KMeans fitted on the
 * server through ML over Connect; only the centers and the cost come back.
 *
 * Errors (all before any fit): `InvalidArgumentError` for k < 2 or not an integer, k greater
 * than the number of records, an empty Series, records of length 0, records containing NaN or
 * ±Inf, bad options; an aborted `signal` rejects with its reason before anything runs.
 * Aborting a fit under way: locally the event loop runs between Lloyd iterations and the fit
 * rejects with the signal's reason at the next one (the seeding before them runs to its end).
 */
import { InvalidArgumentError } from '../../common/errors.js';
import type { ActionOptions } from '../../connect/index.js';
import type { Series } from '../series.js';
import { KMeansModel } from './kmeans-model.js';
import { fitLocalKMeans, localCost } from './local-kmeans.js';
import { checkClusters, checkPositiveInt, checkSeed, checkTol } from './options.js';
import { readRecords, type Records } from './records.js';
import { FEATURES, asMatrix, asNumber, fitMl } from './spark-ml.js';
import { sweep, type SweepOptions, type SweepResult } from './sweep.js';

export type KMeansInitMode = 'k-means||' | 'random';

export interface KMeansOptions {
  readonly k: number;
  /** Default 20. */
  readonly maxIter?: number;
  /** Default: MLlib's fixed default on Spark, 1 locally; either way deterministic. */
  readonly seed?: number;
  /** Default 'k-means||'. */
  readonly initMode?: KMeansInitMode;
  /** Convergence distance of the centers (default 1e-4, MLlib's). */
  readonly tol?: number;
}

const LOCAL_DEFAULT_SEED = 1;

export class KMeans {
  readonly k: number;
  readonly maxIter: number;
  readonly seed: number | undefined;
  readonly initMode: KMeansInitMode;
  readonly tol: number;

  constructor(options: KMeansOptions) {
    if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('KMeans(options)', 'an object with k', options);
    this.k = checkClusters(options.k, 'KMeans');
    this.maxIter = checkPositiveInt(options.maxIter ?? 20, 'maxIter', 'KMeans');
    this.seed = checkSeed(options.seed, 'KMeans');
    const init = options.initMode ?? 'k-means||';
    if (init !== 'k-means||' && init !== 'random') throw new InvalidArgumentError('KMeans(initMode)', "'k-means||' or 'random'", init);
    this.initMode = init;
    this.tol = checkTol(options.tol, 'KMeans') ?? 1e-4;
  }

  /** Fits on the records of `series` (on its engine). */
  async fit(series: Series, options: ActionOptions = {}): Promise<KMeansModel> {
    const records = await readRecords(series, 'KMeans.fit(series)', { minRecords: this.k, action: options });
    return this.fitRecords(records, options);
  }

  /** @internal Fits on checked records (the sweep checks once for all K). */
  async fitRecords(records: Records, options: ActionOptions = {}): Promise<KMeansModel> {
    if (records.n < this.k) throw new InvalidArgumentError('KMeans.fit(series)', `at least ${this.k} records (k)`, `${records.n} records`);
    if (records.engine === 'local') {
      const centers = await fitLocalKMeans(
        records.values,
        records.n,
        records.T,
        { k: this.k, maxIter: this.maxIter, seed: this.seed ?? LOCAL_DEFAULT_SEED, initMode: this.initMode, tol: this.tol },
        options.signal,
      );
      return new KMeansModel(centers, localCost(records.values, records.n, records.T, centers));
    }
    const ml = await fitMl(
      'org.apache.spark.ml.clustering.KMeans',
      { featuresCol: FEATURES, k: this.k, maxIter: this.maxIter, initMode: this.initMode, tol: this.tol, ...(this.seed !== undefined ? { seed: BigInt(this.seed) } : {}) },
      records.df,
      options,
    );
    try {
      const [centers, cost] = await Promise.all([ml.get('clusterCenterMatrix', options), ml.get('summary.trainingCost', options)]);
      return new KMeansModel(asMatrix(centers, 'clusterCenterMatrix'), asNumber(cost, 'summary.trainingCost'), ml);
    } catch (e) {
      await ml.dispose().catch(() => undefined);
      throw e;
    }
  }

  /**
   * Fits one model per K, concurrently (Spark: `concurrency` fits in flight on one session, the
   * server's FAIR scheduler shares the executors; locally one at a time unless `concurrency` says
   * otherwise), and scores each on the same records:
   * `error1` = Σ Euclidean distance to the assigned center (the notebook's model_error_1),
   * `error2` = 1 / Σ similarity (model_error_2), `trainingCost` = Σ squared distance. On Spark
   * the scores are server-side aggregates; nothing per record comes back.
   */
  static sweep(series: Series, options: SweepOptions): Promise<SweepResult[]> {
    return sweep(series, options);
  }
}
