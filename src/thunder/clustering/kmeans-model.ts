/**
 * A fitted KMeans model: centers [k, T] on the driver (always small), and for a Spark fit the
 * MLlib model in the server's ML cache.
 *
 * `predict`, `similarity` and `distances` are lazy Series transformations (same keys and base
 * shape as the input, T = 1). On Spark they run on the server; the records never come to the
 * driver. After `dispose()` they throw `MlModelDisposedError`. A Series whose T differs from the
 * model's throws `InvalidArgumentError`.
 */
import { NDArray } from '../../common/ndarray.js';
import type { MlModel } from '../../connect/index.js';
import type { Series } from '../series.js';
import { mapRecords, target } from './apply.js';
import { HeldModel } from './held-model.js';
import { chosenCenter, distanceExpr, labelExpr, similarityExpr } from './exprs.js';
import { distanceFrame, labelsFrame, similarityFrame } from './spark-ml.js';

export class KMeansModel extends HeldModel {
  /** Number of centers: k, or fewer when the records hold fewer distinct values (MLlib then returns fewer). */
  readonly k: number;
  /** [k, T], float64. */
  readonly centers: NDArray<Float64Array>;
  /** Σ over the training records of the squared distance to the nearest center. */
  readonly trainingCost: number;

  /** @internal Models come from `KMeans.fit` and `KMeans.sweep`. */
  constructor(centers: NDArray<Float64Array>, trainingCost: number, ml?: MlModel) {
    super(ml);
    this.centers = centers;
    this.k = centers.shape[0]!;
    this.trainingCost = trainingCost;
  }

  protected get what(): string {
    return `the KMeans model (k=${this.k})`;
  }

  get T(): number {
    return this.centers.shape[1]!;
  }

  /** Label of the nearest center per record (int32 values in [0, k)). */
  predict(series: Series): Series {
    this.check('predict(series)');
    const t = target(series, this.T, 'predict(series)', this.ml);
    if (t.frame && this.ml) return t.frame.build(labelsFrame(this.ml, t.frame.df), 1, 'int32');
    return mapRecords(t.series, labelExpr(this.centers), 'int32');
  }

  /** Pearson's r of each record with its assigned center; 0 for constant records. */
  similarity(series: Series): Series {
    this.check('similarity(series)');
    const t = target(series, this.T, 'similarity(series)', this.ml);
    if (t.frame && this.ml) return t.frame.build(similarityFrame(this.ml, t.frame.df, this.centers), 1, 'float64');
    return mapRecords(t.series, similarityExpr(this.T, chosenCenter(this.centers, labelExpr(this.centers))));
  }

  /** Euclidean distance of each record to its assigned center. */
  distances(series: Series): Series {
    this.check('distances(series)');
    const t = target(series, this.T, 'distances(series)', this.ml);
    if (t.frame && this.ml) return t.frame.build(distanceFrame(this.ml, t.frame.df, this.centers), 1, 'float64');
    return mapRecords(t.series, distanceExpr(this.T, chosenCenter(this.centers, labelExpr(this.centers))));
  }
}
