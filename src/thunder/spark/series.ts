/**
 * Series on Spark: a DataFrame `(key bigint, values)`, one row per record, `key` the flat C-order
 * position over the base shape; `values` is a packed record on the kernel path
 * (`kernels/packed.ts`), else `array<double>`. The base shape, dtype and length T stay on the
 * driver (the index lives in `Series`). Values are doubles whatever the dtype says: every series
 * method computes in doubles, MLlib wants them, and the dtype still governs `toArray`/writers.
 *
 * Keys are dense (0..n-1) until `filter`/`sample`; `toImages` renumbers sparse keys first.
 * After `filter` the record count is unknown until `count()` (then `shape` works again).
 */
import { InvalidArgumentError, NotSupportedError } from '../../common/errors.js';
import { NDArray, sizeOf, type DType } from '../../common/ndarray.js';
import { col, type DataFrame, type SparkSession } from '../../connect/index.js';
import type { Expr } from '../../udf/expr.js';
import type { ImagesImpl, SeriesImpl, Stat, WriteRequest } from '../engine.js';
import { statDtype } from '../local/records.js';
import { Series, type IndexValue } from '../series.js';
import { aggregateAcross } from './aggregate.js';
import { collectRecords, firstRecord } from './collect.js';
import { DEFAULT_PARTITIONS, renumbered, type SparkContext } from './context.js';
import { predicateSql, valuesSql } from './expressions.js';
import { SparkImagesImpl } from './images.js';
import { writeSeriesOnExecutors } from './kernels/writers.js';
import { kernelPredicate, kernelValues } from './kernels/exprs.js';
import { settledKernels } from './kernels/install.js';
import { onPath, packedSql, unpackedSql } from './kernels/packed.js';
import { SparkRecords } from './records.js';
import { combineByKey, combineWithOne, foldRecords, mapWithCoordinates, sortedKeys, takeByRanks } from './series-ops.js';
import { chooseBlockSize, seriesToImages, seriesToImagesKernels } from './transpose.js';
import { uploadSeriesRows } from './upload.js';

export interface SparkSeriesShape {
  /** Values per record (T). */
  readonly length: number;
  /** The record grid when known (its size is the record count); undefined: unknown until counted. */
  readonly baseShape: readonly number[] | undefined;
  readonly dtype: DType;
  /** Keys are exactly 0..count-1. */
  readonly denseKeys: boolean;
}

export interface FromDataFrameOptions {
  /** Values per record (T); every row's `values` must hold exactly this many. */
  readonly length: number;
  /** The record grid (e.g. `[count]`, or the image shape when keys are dense 0..n-1); omitted: `[count]` once counted. */
  readonly baseShape?: readonly number[] | undefined;
  /** dtype reported on the driver and used by `toArray` (default float64). */
  readonly dtype?: DType;
  /** Labels of the value positions (length T; default 0..T-1). */
  readonly index?: readonly IndexValue[];
  /** Keys are exactly 0..count-1 (default: true when `baseShape` is given). */
  readonly denseKeys?: boolean;
  /** Partitions for later shuffles (default 12). */
  readonly npartitions?: number;
}

/** `df` has exactly two columns: `key` (bigint) and `values` (see the module comment; `arrays` for array<double>). */
export class SparkSeriesImpl extends SparkRecords<SparkSeriesImpl> implements SeriesImpl {
  readonly mode = 'spark' as const;
  readonly length: number;
  readonly dtype: DType;
  readonly denseKeys: boolean;
  private readonly baseShape: readonly number[] | undefined;

  constructor(ctx: SparkContext, df: DataFrame, shape: SparkSeriesShape) {
    super(ctx, df, shape.baseShape ? sizeOf(shape.baseShape) : undefined);
    this.length = shape.length;
    this.dtype = shape.dtype;
    this.baseShape = shape.baseShape;
    this.denseKeys = shape.denseKeys;
  }

  protected rebuild(df: DataFrame, ctx: SparkContext): SparkSeriesImpl {
    return this.derive(df, {}, ctx);
  }

  /**
   * Wraps a DataFrame `(key bigint, values array<double>)` — e.g. cluster labels as one-element
   * arrays — into a Series on this session (for code outside this module, such as clustering).
   * Extra columns are dropped; the columns are not checked here (a mismatch fails at the first action).
   */
  static fromDataFrame(session: SparkSession, df: DataFrame, options: FromDataFrameOptions): Series {
    const { length, baseShape, dtype = 'float64', index, npartitions = DEFAULT_PARTITIONS } = options;
    if (!Number.isInteger(length) || length < 0) throw new InvalidArgumentError('fromDataFrame(length)', 'a non-negative integer', length);
    const ctx: SparkContext = { session, npartitions, kernels: settledKernels(session), ready: Promise.resolve() };
    const impl = new SparkSeriesImpl(ctx, onPath(ctx, df, 'key'), {
      length,
      baseShape,
      dtype,
      denseKeys: options.denseKeys ?? baseShape !== undefined,
    });
    return new Series(impl, index);
  }

  /** `(key bigint, values array<double>)` whatever the path: for MLlib and Spark SQL expressions. */
  get arrays(): DataFrame {
    return this.ctx.kernels ? this.df.selectExpr('key', `${unpackedSql('values')} AS values`) : this.df;
  }

  get knownBaseShape(): readonly number[] | undefined {
    return this.baseShape ?? (this.counted === undefined ? undefined : [this.counted]);
  }

  private derive(df: DataFrame, changes: Partial<SparkSeriesShape> = {}, ctx: SparkContext = this.ctx): SparkSeriesImpl {
    return new SparkSeriesImpl(ctx, df, {
      length: changes.length ?? this.length,
      dtype: changes.dtype ?? this.dtype,
      baseShape: 'baseShape' in changes ? changes.baseShape : this.knownBaseShape,
      denseKeys: changes.denseKeys ?? this.denseKeys,
    });
  }

  mapValues(expr: Expr, length: number, dtype: DType): SeriesImpl {
    const df = this.ctx.kernels
      ? this.df.select(col('key'), kernelValues(expr, 'values').alias('values'))
      : this.df.selectExpr('key', `${valuesSql(expr, 'values')} AS values`);
    return this.derive(df, { length, dtype });
  }

  filterValues(predicate: Expr): SeriesImpl {
    const condition = this.ctx.kernels ? kernelPredicate(predicate, 'values') : predicateSql(predicate, 'values');
    return this.derive(this.df.filter(condition), { baseShape: undefined, denseKeys: false });
  }

  aggregate(stat: Stat): SeriesImpl {
    const across = aggregateAcross(this.df, 'values', this.length, stat, 'key', this.ctx.kernels);
    const df = this.ctx.kernels ? across.selectExpr('key', `${packedSql('values')} AS values`) : across;
    return this.derive(df, { baseShape: [1], denseKeys: true, dtype: statDtype(stat, this.dtype) });
  }

  withBaseShape(shape: readonly number[]): SeriesImpl {
    return this.derive(this.df, { baseShape: shape });
  }

  toImages(): ImagesImpl {
    const base = this.knownBaseShape;
    if (!base) throw new NotSupportedError('toImages()', 'the record count is not known yet after filter(); await count() first');
    const voxels = sizeOf(base);
    const dense = this.denseKeys ? this.df : renumbered(this.df, 'key');
    const block = chooseBlockSize(voxels, this.length, this.ctx.npartitions);
    const df = this.ctx.kernels ? seriesToImagesKernels(dense, voxels, this.length, block, this.dtype) : seriesToImages(dense, this.length, block, this.dtype);
    return new SparkImagesImpl(this.ctx, df, { valueShape: base, dtype: this.dtype, count: this.length });
  }

  async first(): Promise<NDArray> {
    await this.ctx.ready;
    const row = await firstRecord(this.df, 'key', this.dtype);
    if (!row) throw new InvalidArgumentError('first()', 'at least one record', 'an empty series');
    return row;
  }

  async toArray(): Promise<NDArray> {
    await this.ctx.ready;
    const { data, count } = await collectRecords(this.df, 'key', this.length, this.dtype, this.denseKeys);
    this.counted = count;
    return data.reshape([...(this.baseShape ?? [count]), this.length]);
  }

  /** Thunder 1.x binary series written by the executors that hold the records (see `kernels/writers.ts`). */
  writeFiles(request: WriteRequest): Promise<boolean> {
    return writeSeriesOnExecutors(this, request);
  }

  /** See `SparkRecords.sampled`; keys are kept. */
  async sample(n: number, seed: number): Promise<SeriesImpl> {
    const total = await this.count();
    return this.derive(this.sampled(n, seed, 'key'), { baseShape: [Math.min(n, total)], denseKeys: false });
  }

  // ---- pairing and reaching across records (plans in series-ops.ts) ----

  combine(other: SeriesImpl, e: Expr, length: number, dtype: DType, how: 'key' | 'broadcast'): SeriesImpl {
    if (!(other instanceof SparkSeriesImpl) || other.ctx.session !== this.ctx.session) {
      throw new InvalidArgumentError('other', 'a series on the same Spark session', other.mode);
    }
    const df = how === 'key' ? combineByKey(this.ctx, this.df, other.df, e) : combineWithOne(this.ctx, this.df, other.df, e);
    return this.derive(df, { length, dtype });
  }

  mapWithKeys(e: Expr, length: number, dtype: DType): SeriesImpl {
    const grid = this.knownBaseShape;
    if (!grid) throw new NotSupportedError('map(fn, { withKeys: true })', 'the record count is not known yet after filter(); await count() first');
    return this.derive(mapWithCoordinates(this.ctx, this.df, grid, this.denseKeys, e), { length, dtype, denseKeys: true });
  }

  takeRecords(ranks: readonly number[], baseShape: readonly number[]): SeriesImpl {
    return this.derive(takeByRanks(this.ctx, this.df, this.denseKeys, ranks), { baseShape, denseKeys: true });
  }

  reduce(e: Expr): SeriesImpl {
    return this.derive(foldRecords(this.ctx, this.df, e), { baseShape: [1], denseKeys: true, dtype: 'float64' });
  }

  async recordKeys(): Promise<Float64Array> {
    await this.ctx.ready;
    return sortedKeys(this.df);
  }

  async fromValues(values: NDArray): Promise<SeriesImpl> {
    const { df, shape } = await uploadSeriesRows(this.ctx, values);
    return new SparkSeriesImpl(this.ctx, df, shape);
  }
}
