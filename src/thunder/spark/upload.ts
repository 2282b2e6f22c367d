/**
 * Driver arrays as Spark rows: the DataFrames `createDataFrame` uploads for the Spark engine.
 * Builds frames only, never Images/Series objects, so that both the engine (./engine.ts) and the
 * Series (./series.ts `fromValues`) can use it without importing each other.
 */
import { sizeOf, type DType, type NDArray } from '../../common/ndarray.js';
import type { DataFrame } from '../../connect/index.js';
import type { SparkContext } from './context.js';
import { onPath } from './kernels/packed.js';

/** Positions 0..n-1 as the smallest typed array that holds them (the DDL schema widens to bigint). */
export function positions(n: number): Int32Array | Float64Array {
  const out = n < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Offsets [n + 1] of n rows of `len` values each in one flat array. */
export function rowOffsets(n: number, len: number): Int32Array {
  const out = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) out[i] = i * len;
  return out;
}

/** A Series frame and the shape a SparkSeriesImpl keeps of it (structurally `SparkSeriesShape`). */
export interface UploadedSeries {
  /** `(key bigint, values array<double>)`, on the session's path and repartitioned. */
  readonly df: DataFrame;
  readonly shape: { readonly length: number; readonly baseShape: readonly number[]; readonly dtype: DType; readonly denseKeys: boolean };
}

/**
 * Uploads [...baseShape, T] values as rows `(key, values array<double>)`: keys 0..n-1 (the base
 * shape kept) or the given `keys` [n] (the base shape becomes [n], keys not dense).
 */
export async function uploadSeriesRows(ctx: SparkContext, values: NDArray, keys?: Float64Array): Promise<UploadedSeries> {
  const T = values.shape[values.ndim - 1]!;
  const baseShape = values.shape.slice(0, -1);
  const n = sizeOf(baseShape);
  const doubles = values.data instanceof Float64Array ? values.data : Float64Array.from(values.data);
  const df = await ctx.session.createDataFrame(
    { key: keys ?? positions(n), values: { values: doubles, offsets: rowOffsets(n, T) } },
    'key bigint, values array<double>',
  );
  return {
    df: onPath(ctx, df, 'key').repartition(ctx.npartitions),
    shape: { length: T, baseShape: keys ? [n] : baseShape, dtype: values.dtype, denseKeys: !keys },
  };
}
