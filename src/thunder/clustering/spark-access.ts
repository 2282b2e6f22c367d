/**
 * The one place clustering touches the Spark engine, through its contract: `SparkSeriesImpl.arrays`
 * (columns `key` bigint, `values` array<double>) in, `SparkSeriesImpl.fromDataFrame` out.
 */
import type { DType } from '../../common/ndarray.js';
import type { DataFrame } from '../../connect/index.js';
import type { Series } from '../series.js';
import { SparkSeriesImpl } from '../spark/series.js';

export type SparkSeriesLike = SparkSeriesImpl;

export function sparkImpl(series: Series): SparkSeriesImpl | undefined {
  return series.impl instanceof SparkSeriesImpl ? series.impl : undefined;
}

/** A Series on `like`'s session over `df` (key, values), one record per record of `like`, keys kept. */
export function sparkSeries(like: SparkSeriesImpl, df: DataFrame, length: number, baseShape: readonly number[] | undefined, dtype: DType): Series {
  return SparkSeriesImpl.fromDataFrame(like.ctx.session, df, { length, baseShape, dtype, denseKeys: like.denseKeys, npartitions: like.ctx.npartitions });
}
