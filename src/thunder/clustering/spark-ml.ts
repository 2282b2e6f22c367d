/**
 * Spark side of the clustering models: fitting with MLlib through ML over Connect, and the
 * per-record quantities computed on the server from `transform` output. Nothing here collects
 * records; only centers, weights and sums come back.
 */
import { NDArray } from '../../common/ndarray.js';
import {
  MlEstimator,
  arrayToVector,
  col,
  elementAt,
  expr,
  lit,
  sum,
  vectorToArray,
  array,
  type ActionOptions,
  type DataFrame,
  type DenseMatrix,
  type MlModel,
  type MlParams,
  type MlValue,
} from '../../connect/index.js';
import { compileSparkSql, toSingleExpression } from '../../udf/spark-sql.js';
import type { Expr } from '../../udf/expr.js';
import { distanceExpr, similarityExpr } from './exprs.js';

export const FEATURES = '_features';
export const PREDICTION = '_prediction';
export const PROBABILITY = '_probability';
const CENTER = '_center';

/** (key, values) plus the vector column MLlib reads. */
export function withFeatures(df: DataFrame): DataFrame {
  return df.select(col('key'), col('values'), arrayToVector('values').alias(FEATURES));
}

/**
 * Feature bytes (n × T doubles) per partition of the frame MLlib fits on. Every MLlib iteration
 * is a job with one task per partition, so small data in the series' 12 partitions paid for 12
 * tasks (and their scheduling) per iteration with almost nothing to do in each: the notebook's
 * 13,224 × 20 series (2 MB) now fit in one partition; large data keep the series' partitioning.
 */
export const FEATURE_BYTES_PER_PARTITION = 8 * 2 ** 20;

/** Partitions for `n` records of `T` doubles: one per FEATURE_BYTES_PER_PARTITION, from 1 to `max`. */
export function mlPartitions(n: number, T: number, max: number): number {
  return Math.max(1, Math.min(max, Math.ceil((n * T * 8) / FEATURE_BYTES_PER_PARTITION)));
}

/**
 * `(key, values …)` in `mlPartitions` partitions (as is when that is `maxPartitions`). Fewer
 * partitions come from a shuffle by key, sorted by key within each partition: MLlib's k-means||
 * draws its initial centres by position within a partition, and a plain `repartition` orders rows
 * as the shuffle blocks arrive (on a cluster, differently from one computation to the next), so
 * the same seed gave different models (seen: K = 30 costs 17.3 and 28.2 from two sweeps of the
 * same data on the 3-process cluster).
 */
export function sizedFrame(df: DataFrame, n: number, T: number, maxPartitions: number): DataFrame {
  const p = mlPartitions(n, T, maxPartitions);
  return p < maxPartitions ? df.repartition(p, col('key')).sortWithinPartitions('key') : df;
}

/** `(key, values array<double>)` as the frame MLlib fits on: `sizedFrame` with features. */
export function fitFrame(df: DataFrame, n: number, T: number, maxPartitions: number): DataFrame {
  return withFeatures(sizedFrame(df, n, T, maxPartitions));
}

/** Fits with `refit` on loss: MLlib's estimators are deterministic for their seed and a Series plan reads the same rows. */
export function fitMl(className: string, params: MlParams, df: DataFrame, options: ActionOptions = {}): Promise<MlModel> {
  return new MlEstimator(className, params).fit(df, { ...options, onLost: 'refit' });
}

export function asMatrix(v: MlValue, what: string): NDArray<Float64Array> {
  const m = v as DenseMatrix | null;
  if (!m || typeof m !== 'object' || !(m.values instanceof Float64Array) || typeof m.numRows !== 'number') {
    throw new TypeError(`${what}: expected a matrix from the server`);
  }
  return new NDArray(m.values, [m.numRows, m.numCols]);
}

export function asNumber(v: MlValue, what: string): number {
  if (typeof v !== 'number') throw new TypeError(`${what}: expected a number from the server`);
  return v;
}

/** `values` → an SQL expression of `values` and the assigned center column. */
function perRecord(e: Expr): string {
  return toSingleExpression(compileSparkSql(e, { inputs: ['values', CENTER], output: 'values', stagePrefix: '_kc' }));
}

/** transform(model) of `featured` (with FEATURES) with the assigned center (`_center`) next to each record's values. */
function withAssignedCenter(model: MlModel, featured: DataFrame, centers: NDArray): DataFrame {
  const T = centers.shape[1]!;
  const rows = Array.from({ length: centers.shape[0]! }, (_, j) => Float64Array.from(centers.data.subarray(j * T, (j + 1) * T)));
  return model
    .transform(featured, { predictionCol: PREDICTION })
    .withColumn(CENTER, elementAt(lit(rows), col(PREDICTION).plus(1)));
}

export function labelsFrame(model: MlModel, df: DataFrame, params: MlParams = { predictionCol: PREDICTION }): DataFrame {
  return model.transform(withFeatures(df), params).select(col('key'), array(col(PREDICTION).cast('double')).alias('values'));
}

export function similarityFrame(model: MlModel, df: DataFrame, centers: NDArray): DataFrame {
  return withAssignedCenter(model, withFeatures(df), centers).select(col('key'), expr(perRecord(similarityExpr(centers.shape[1]!))).alias('values'));
}

export function distanceFrame(model: MlModel, df: DataFrame, centers: NDArray): DataFrame {
  return withAssignedCenter(model, withFeatures(df), centers).select(col('key'), expr(perRecord(distanceExpr(centers.shape[1]!))).alias('values'));
}

/** Σ distance and Σ similarity over all records of `featured` (a `fitFrame`), in one server-side aggregate. */
export async function sparkScores(model: MlModel, featured: DataFrame, centers: NDArray, options: ActionOptions = {}): Promise<{ distance: number; similarity: number }> {
  const T = centers.shape[1]!;
  const row = (
    await withAssignedCenter(model, featured, centers)
      .agg(
        sum(elementAt(expr(perRecord(distanceExpr(T))), 1)).alias('d'),
        sum(elementAt(expr(perRecord(similarityExpr(T))), 1)).alias('s'),
      )
      .collect(options)
  )[0]!;
  return { distance: Number(row['d']), similarity: Number(row['s']) };
}

/** A vector column of the transform output as `array<double>` values. */
export function vectorFrame(model: MlModel, df: DataFrame, outputCol: string, params: MlParams): DataFrame {
  return model.transform(withFeatures(df), params).select(col('key'), vectorToArray(outputCol).alias('values'));
}
