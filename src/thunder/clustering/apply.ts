/**
 * Per-record results as Series of the input's engine. With a model held by Spark and a Series of
 * the same session, MLlib's `transform` assigns the records on the server; otherwise (local
 * data, or a local model applied to any Series) the shared expressions of `exprs.ts` run through
 * the engine's `mapValues`, which never moves records either.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { sizeOf, type DType, type NDArray } from '../../common/ndarray.js';
import type { DataFrame, MlModel } from '../../connect/index.js';
import * as E from '../../udf/expr.js';
import type { Expr } from '../../udf/expr.js';
import { Series } from '../series.js';
import { sparkImpl, sparkSeries } from './spark-access.js';
import { FINITE_RECORDS, FIRST_NON_FINITE_SQL, firstNonFinite, NON_FINITE_SQL } from './records.js';
import { raiseArgumentErrorSql } from '../spark/file-errors.js';
import { sizedFrame } from './spark-ml.js';

/** The Series checked against a model of record length T, with its Spark frame when it shares the model's session. */
export function target(series: unknown, T: number, where: string, ml: MlModel | undefined): { series: Series; frame?: { df: DataFrame; build: (df: DataFrame, length: number, dtype: DType) => Series } } {
  if (!(series instanceof Series)) throw new InvalidArgumentError(where, 'a Series', series);
  if (series.length !== T) throw new InvalidArgumentError(where, `records of length ${T} (the model's T)`, `length ${series.length}`);
  const spark = sparkImpl(series);
  if (!spark) {
    // Local records are at hand: a NaN or ±Inf is refused here, naming the record.
    const peek = (series.impl as { peek?: () => NDArray }).peek;
    const values = peek?.call(series.impl).data;
    const bad = values ? firstNonFinite(values) : -1;
    if (bad >= 0) throw new InvalidArgumentError(where, FINITE_RECORDS, `${values![bad]} in record ${Math.floor(bad / T)} (in key order)`);
  }
  if (!spark) return { series };
  const baseShape = spark.knownBaseShape;
  // The same rule on the server, checked before a record is assigned (the records are not at hand
  // and predict stays a lazy transformation): the action that runs it throws the local engine's
  // InvalidArgumentError, naming the record by its key.
  const found = `concat(${FIRST_NON_FINITE_SQL}, ' in the record with key ', CAST(key AS STRING))`;
  const checked = spark.arrays.selectExpr('key', `CASE WHEN ${NON_FINITE_SQL} THEN ${raiseArgumentErrorSql(where, FINITE_RECORDS, found)} ELSE values END AS values`);
  if (!ml || spark.df.session !== ml.session) return { series: sparkSeries(spark, checked, T, baseShape, 'float64') };
  // Model outputs are small: when the record count is known, as few partitions as for a fit.
  const frame = baseShape ? sizedFrame(checked, sizeOf(baseShape), T, spark.ctx.npartitions) : checked;
  return { series, frame: { df: frame, build: (df, length, dtype) => sparkSeries(spark, df, length, baseShape, dtype) } };
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
