/**
 * What clustering reads from a Series, checked once per fit: at least one record, records of at
 * least one value and the expected length, no NaN or ±Inf (the rule `apply.ts` uses for predict). Local records come as one Float64Array [n, T]; Spark records stay on the
 * server (one aggregate query checks them).
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { checkOptions } from '../../common/validate.js';
import type { ActionOptions } from '../../connect/index.js';
import { sizeOf } from '../../common/ndarray.js';
import { col, count, expr, max, min, sum, type DataFrame } from '../../connect/index.js';
import { Series } from '../series.js';
import { fitFrame } from './spark-ml.js';
import { sparkImpl, type SparkSeriesLike } from './spark-access.js';

export interface LocalRecords {
  readonly engine: 'local';
  readonly series: Series;
  /** [n, T] in key order. */
  readonly values: Float64Array;
  readonly n: number;
  readonly T: number;
}

export interface SparkRecords {
  readonly engine: 'spark';
  readonly series: Series;
  readonly impl: SparkSeriesLike;
  /** `(key, values array<double>, FEATURES)` partitioned for MLlib (`fitFrame`). */
  readonly df: DataFrame;
  readonly n: number;
  readonly T: number;
  /** The base shape (`[n]` when the engine does not know it, e.g. after a filter). */
  readonly baseShape: readonly number[];
}

export type Records = LocalRecords | SparkRecords;

function requireSeries(series: unknown, where: string): Series {
  if (!(series instanceof Series)) throw new InvalidArgumentError(where, 'a Series', series);
  return series;
}

function requireT(where: string, T: number, expectedT: number | undefined): void {
  if (expectedT !== undefined && T !== expectedT) throw new InvalidArgumentError(where, `records of length ${expectedT} (the model's T)`, `length ${T}`);
}

/**
 * Reads and checks the records. `minRecords` is the smallest count the caller can use (k for a
 * fit); `expectedT` the record length a model was fitted on.
 */
export async function readRecords(input: unknown, where: string, options: { minRecords?: number; expectedT?: number; action?: ActionOptions } = {}): Promise<Records> {
  const series = requireSeries(input, where);
  const action = options.action ?? {};
  checkOptions(action, ['signal', 'tags', 'onProgress'], where.replace(/\(series\)$/, ''));
  // An aborted signal wins over everything else, on both engines, before any query.
  action.signal?.throwIfAborted();
  const T = series.length;
  if (T === 0) throw new InvalidArgumentError(where, 'records of at least one value', 'records of length 0');
  requireT(where, T, options.expectedT);
  const minRecords = options.minRecords ?? 1;
  const spark = sparkImpl(series);
  if (spark) {
    const row = (
      await spark.arrays
        .agg(
          count(expr('1')).alias('n'),
          sum(expr(`CAST(${NON_FINITE_SQL} AS INT)`)).alias('nan'),
          min(expr(`CASE WHEN ${NON_FINITE_SQL} THEN key END`)).alias('badKey'),
          min(expr('size(values)')).alias('tmin'),
          max(expr('size(values)')).alias('tmax'),
        )
        .collect(action)
    )[0]!;
    const n = Number(row['n'] ?? 0);
    checkCount(where, n, minRecords);
    const nonFinite = Number(row['nan'] ?? 0);
    if (nonFinite > 0) throw new InvalidArgumentError(where, FINITE_RECORDS, `${nonFinite} record${nonFinite === 1 ? '' : 's'} containing NaN or ±Inf, the first with key ${String(row['badKey'])}`);
    if (Number(row['tmin']) !== T || Number(row['tmax']) !== T) throw new InvalidArgumentError(where, `records of length ${T}`, `lengths ${row['tmin']}..${row['tmax']}`);
    const known = spark.knownBaseShape;
    return { engine: 'spark', series, impl: spark, df: fitFrame(spark.arrays, n, T, spark.ctx.npartitions), n, T, baseShape: known && sizeOf(known) === n ? known : [n] };
  }
  const arr = await series.impl.toArray();
  const values = arr.data instanceof Float64Array ? arr.data : Float64Array.from(arr.data);
  const n = T === 0 ? 0 : values.length / T;
  checkCount(where, n, minRecords);
  const bad = firstNonFinite(values);
  if (bad >= 0) throw new InvalidArgumentError(where, FINITE_RECORDS, `${values[bad]} in record ${Math.floor(bad / T)}`);
  return { engine: 'local', series, values, n, T };
}

/** The rule fit and predict check on both engines (the `expected` of their `InvalidArgumentError`). */
export const FINITE_RECORDS = 'records of finite numbers (no NaN or ±Inf)';

/** SQL lambda body: true when the double `x` is NaN or ±Inf (NaN sorts above every double in Spark). */
const NON_FINITE_X = 'isnan(x) OR abs(x) > 1.7976931348623157E308';

/** SQL over a record's `values`: true when one of them is NaN or ±Inf. */
export const NON_FINITE_SQL = `exists(values, x -> ${NON_FINITE_X})`;

/** SQL over a record's `values`: its first NaN or ±Inf as a string ('NaN', 'Infinity', '-Infinity'), as JavaScript prints it. */
export const FIRST_NON_FINITE_SQL = `CAST(filter(values, x -> ${NON_FINITE_X})[0] AS STRING)`;

/** The position of the first NaN or ±Inf, or -1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return i;
  return -1;
}

function checkCount(where: string, n: number, minRecords: number): void {
  if (n === 0) throw new InvalidArgumentError(where, 'a Series with at least one record', 'an empty Series');
  if (n < minRecords) throw new InvalidArgumentError(where, `at least ${minRecords} records (k)`, `${n} records`);
}
