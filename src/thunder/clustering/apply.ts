/**
 * Per-record results as Series of the input's engine. With a model held by Spark and a Series of
 * the same session, MLlib's `transform` assigns the records on the server; otherwise (local
 * data, or a local model applied to any Series) the shared expressions of `exprs.ts` run through
 * the engine's `mapValues`, which never moves records either.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import type { DType, NDArray } from '../../common/ndarray.js';
import type { DataFrame, MlModel } from '../../connect/index.js';
import * as E from '../../udf/expr.js';
import type { Expr } from '../../udf/expr.js';
import { Series } from '../series.js';
import { sparkImpl, sparkSeries } from './spark-access.js';

/** The Series checked against a model of record length T, with its Spark frame when it shares the model's session. */
export function target(series: unknown, T: number, where: string, ml: MlModel | undefined): { series: Series; frame?: { df: DataFrame; build: (df: DataFrame, length: number, dtype: DType) => Series } } {
  if (!(series instanceof Series)) throw new InvalidArgumentError(where, 'a Series', series);
  if (series.length !== T) throw new InvalidArgumentError(where, `records of length ${T} (the model's T)`, `length ${series.length}`);
  const spark = sparkImpl(series);
  if (!spark || !ml || spark.df.session !== ml.session) return { series };
  const baseShape = spark.knownBaseShape;
  return { series, frame: { df: spark.df, build: (df, length, dtype) => sparkSeries(spark, df, length, baseShape, dtype) } };
}

/** The expression applied to every record; the result keeps keys and base shape. */
export function mapRecords(series: Series, e: Expr, dtype: DType = 'float64'): Series {
  const length = e.type.len ?? 1;
  const body = dtype === 'float64' ? e : E.cast(dtype, e);
  return new Series(series.impl.mapValues(body, length, dtype));
}

export function rowsOf(m: NDArray): Float64Array[] {
  const [r, c] = m.shape as [number, number];
  const d = Float64Array.from(m.data);
  return Array.from({ length: r }, (_, i) => d.subarray(i * c, (i + 1) * c));
}
