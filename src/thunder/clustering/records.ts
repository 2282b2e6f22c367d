/**
 * What clustering reads from a Series, checked once per fit: at least one record, no NaN, the
 * expected length. Local records come as one Float64Array [n, T]; Spark records stay on the
 * server (one aggregate query checks them).
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { sizeOf } from '../../common/ndarray.js';
import { col, count, expr, max, min, sum, type DataFrame } from '../../connect/index.js';
import { Series } from '../series.js';
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
export async function readRecords(input: unknown, where: string, options: { minRecords?: number; expectedT?: number } = {}): Promise<Records> {
  const series = requireSeries(input, where);
  const T = series.length;
  requireT(where, T, options.expectedT);
  const minRecords = options.minRecords ?? 1;
  const spark = sparkImpl(series);
  if (spark) {
    const row = (
      await spark.df
        .agg(
          count(expr('1')).alias('n'),
          sum(expr('CAST(exists(values, x -> isnan(x)) AS INT)')).alias('nan'),
          min(expr('size(values)')).alias('tmin'),
          max(expr('size(values)')).alias('tmax'),
        )
        .collect()
    )[0]!;
    const n = Number(row['n'] ?? 0);
    checkCount(where, n, minRecords);
    if (Number(row['nan'] ?? 0) > 0) throw new InvalidArgumentError(where, 'records without NaN', `${Number(row['nan'])} records containing NaN`);
    if (Number(row['tmin']) !== T || Number(row['tmax']) !== T) throw new InvalidArgumentError(where, `records of length ${T}`, `lengths ${row['tmin']}..${row['tmax']}`);
    const known = spark.knownBaseShape;
    return { engine: 'spark', series, impl: spark, df: spark.df.select(col('key'), col('values')), n, T, baseShape: known && sizeOf(known) === n ? known : [n] };
  }
  const arr = await series.impl.toArray();
  const values = arr.data instanceof Float64Array ? arr.data : Float64Array.from(arr.data);
  const n = T === 0 ? 0 : values.length / T;
  checkCount(where, n, minRecords);
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) throw new InvalidArgumentError(where, 'records without NaN', `NaN in record ${Math.floor(i / T)}`);
  }
  return { engine: 'local', series, values, n, T };
}

function checkCount(where: string, n: number, minRecords: number): void {
  if (n === 0) throw new InvalidArgumentError(where, 'a Series with at least one record', 'an empty Series');
  if (n < minRecords) throw new InvalidArgumentError(where, `at least ${minRecords} records (k)`, `${n} records`);
}
