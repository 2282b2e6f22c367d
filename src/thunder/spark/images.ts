/**
 * Images on Spark: a DataFrame `(index bigint, values)`, one row per image flattened in C order.
 * `values` is a packed record on the kernel path (`kernels/packed.ts`), else an array with the
 * narrowest exact element type for the dtype (see `sql-types.ts`). The image shape, dtype and
 * (when known) the count stay on the driver. Indexes are always dense 0..n-1: `filter` and
 * `sample` renumber them, so `range`, `toSeries` and `concat` can rely on it.
 */
import { InvalidArgumentError, NotSupportedError } from '../../common/errors.js';
import { NDArray, sizeOf, type DType } from '../../common/ndarray.js';
import { aggregate, callFunction, col, expr, lit, type DataFrame } from '../../connect/index.js';
import type { Expr } from '../../udf/expr.js';
import type { FilterSpec, ImagesImpl, SeriesImpl, Stat, WriteRequest } from '../engine.js';
import { statDtype } from '../local/records.js';
import { aggregateAcross } from './aggregate.js';
import { collectRecords, firstRecord } from './collect.js';
import { renumbered, type SparkContext } from './context.js';
import { letIn, pairSql, predicateSql, valuesSql } from './expressions.js';
import { filterSql } from './filters.js';
import { writeImagesOnExecutors } from './kernels/writers.js';
import { kernelPair, kernelPredicate, kernelValues } from './kernels/exprs.js';
import { spatialFilterKernelSql } from './kernels/filter-spec.js';
import { packedSql, unpackedSql } from './kernels/packed.js';
import { SparkRecords } from './records.js';
import { SparkSeriesImpl } from './series.js';
import { asDoubles, castArrayTo } from './sql-types.js';
import { chooseBlockSize, imagesToSeries, imagesToSeriesKernels } from './transpose.js';

export interface SparkImagesShape {
  readonly valueShape: readonly number[];
  readonly dtype: DType;
  /** Number of images when known without a job. */
  readonly count: number | undefined;
}

/** `df` has columns `index` (bigint, dense 0..n-1) and `values` (see the module comment). */
export class SparkImagesImpl extends SparkRecords<SparkImagesImpl> implements ImagesImpl {
  readonly mode = 'spark' as const;
  readonly valueShape: readonly number[];
  readonly dtype: DType;

  constructor(ctx: SparkContext, df: DataFrame, shape: SparkImagesShape) {
    super(ctx, df, shape.count);
    this.valueShape = shape.valueShape;
    this.dtype = shape.dtype;
  }

  protected rebuild(df: DataFrame, ctx: SparkContext): SparkImagesImpl {
    return this.derive(df, {}, ctx);
  }

  get knownCount(): number | undefined {
    return this.counted;
  }

  private get size(): number {
    return sizeOf(this.valueShape);
  }

  /** The image values as array<double> SQL. */
  private get doubles(): string {
    return this.ctx.kernels ? unpackedSql('values') : asDoubles('values', this.dtype);
  }

  private derive(df: DataFrame, changes: Partial<SparkImagesShape> = {}, ctx: SparkContext = this.ctx): SparkImagesImpl {
    return new SparkImagesImpl(ctx, df, {
      valueShape: changes.valueShape ?? this.valueShape,
      dtype: changes.dtype ?? this.dtype,
      count: 'count' in changes ? changes.count : this.counted,
    });
  }

  mapValues(e: Expr, valueShape: readonly number[], dtype: DType): ImagesImpl {
    if (this.ctx.kernels) {
      const mapped = this.df.select(col('index'), kernelValues(e, 'values').alias('values'));
      const df = dtype === 'float64' ? mapped : mapped.selectExpr('index', `${packedSql('values', dtype)} AS values`);
      return this.derive(df, { valueShape, dtype });
    }
    const values = castArrayTo(valuesSql(e, this.doubles), dtype);
    return this.derive(this.df.selectExpr('index', `${values} AS values`), { valueShape, dtype });
  }

  filterValues(predicate: Expr): ImagesImpl {
    const condition = this.ctx.kernels ? kernelPredicate(predicate, 'values') : predicateSql(predicate, this.doubles);
    return this.derive(renumbered(this.df.filter(condition), 'index'), { count: undefined });
  }

  range(start: number, stop: number): ImagesImpl {
    const df = this.df.filter(`index >= ${start} AND index < ${stop}`).selectExpr(`index - ${start} AS index`, 'values');
    return this.derive(df, { count: stop - start });
  }

  aggregate(stat: Stat): ImagesImpl {
    const dtype = statDtype(stat, this.dtype);
    const across = aggregateAcross(this.df, this.ctx.kernels ? 'values' : this.doubles, this.size, stat, 'index', this.ctx.kernels);
    const df = across.selectExpr('index', `${this.ctx.kernels ? packedSql('values', dtype) : castArrayTo('values', dtype)} AS values`);
    return this.derive(df, { count: 1, dtype });
  }

  spatialFilter(spec: FilterSpec): ImagesImpl {
    const values = this.ctx.kernels
      ? spatialFilterKernelSql('values', this.valueShape, spec, this.dtype)
      : castArrayTo(filterSql(this.doubles, this.valueShape, spec, this.dtype), this.dtype);
    return this.derive(this.df.selectExpr('index', `${values} AS values`));
  }

  concat(other: ImagesImpl): ImagesImpl {
    if (!(other instanceof SparkImagesImpl) || other.ctx.session !== this.ctx.session) {
      throw new InvalidArgumentError('concat(other)', 'images on the same Spark session', other.mode);
    }
    if (other.dtype !== this.dtype) throw new InvalidArgumentError('concat(other)', `images of dtype ${this.dtype}`, other.dtype);
    if (other.valueShape.join() !== this.valueShape.join()) {
      throw new InvalidArgumentError('concat(other)', `images of shape [${this.valueShape.join(', ')}]`, `[${other.valueShape.join(', ')}]`);
    }
    if (other.ctx.kernels !== this.ctx.kernels) {
      throw new InvalidArgumentError('concat(other)', `images made on the ${this.ctx.kernels ? 'kernel' : 'Spark SQL'} path (see useKernels)`, `images made on the ${other.ctx.kernels ? 'kernel' : 'Spark SQL'} path`);
    }
    const n = this.counted;
    const shifted =
      n !== undefined
        ? other.df.selectExpr(`index + ${n} AS index`, 'values')
        : other.df.crossJoin(this.df.agg(expr('count(1) AS _n'))).selectExpr('index + _n AS index', 'values');
    const total = n !== undefined && other.counted !== undefined ? n + other.counted : undefined;
    return this.derive(this.df.union(shifted), { count: total });
  }

  toSeries(): SeriesImpl {
    const n = this.counted;
    if (n === undefined) throw new NotSupportedError('toSeries()', 'the image count is not known yet after filter(); await count() first');
    const block = chooseBlockSize(this.size, n, this.ctx.npartitions);
    const df = (this.ctx.kernels ? imagesToSeriesKernels : imagesToSeries)(this.df, this.size, block, this.ctx.npartitions);
    return new SparkSeriesImpl(this.ctx, df, { length: n, baseShape: this.valueShape, dtype: this.dtype, denseKeys: true });
  }

  async first(): Promise<NDArray> {
    await this.ctx.ready;
    const row = await firstRecord(this.df, 'index', this.dtype);
    if (!row) throw new InvalidArgumentError('first()', 'at least one image', 'no images');
    return row.reshape(this.valueShape);
  }

  async toArray(): Promise<NDArray> {
    await this.ctx.ready;
    const { data, count } = await collectRecords(this.df, 'index', this.size, this.dtype, true);
    this.counted = count;
    return data.reshape([count, ...this.valueShape]);
  }

  /** One file per image written by the executors that hold them (see `kernels/writers.ts`). */
  writeFiles(request: WriteRequest): Promise<boolean> {
    return writeImagesOnExecutors(this, request);
  }

  /** See `SparkRecords.sampled`; the images drawn are renumbered in index order. */
  async sample(n: number, seed: number): Promise<ImagesImpl> {
    const total = await this.count();
    return this.derive(renumbered(this.sampled(n, seed, 'index'), 'index'), { count: Math.min(n, total) });
  }

  /**
   * Folds the images in index order on one executor: the images are gathered into one sorted
   * array (so only the result comes back), then `aggregate` applies the two-image expression.
   */
  async reduce(e: Expr): Promise<NDArray> {
    await this.ctx.ready;
    if (this.ctx.kernels) return this.reduceKernels(e);
    const step = letIn('_r.v', '_b', pairSql(e, '_acc', '_b'));
    const all = this.df.agg(expr(`array_sort(collect_list(struct(index, ${this.doubles} AS v))) AS _all`));
    const folded = all
      .filter('size(_all) > 0')
      .selectExpr('CAST(0 AS BIGINT) AS index', `aggregate(slice(_all, 2, size(_all)), element_at(_all, 1).v, (_acc, _r) -> ${step}) AS values`);
    const { data, count } = await collectRecords(folded, 'index', this.size, 'float64', true);
    if (count === 0) throw new InvalidArgumentError('reduce(fn)', 'at least one image', 'no images');
    return new NDArray(data.data, this.valueShape);
  }

  /** See `ImagesImpl.mapWithKeys`: input 1 is `array(index)`, a two-record expression on either path. */
  mapWithKeys(e: Expr, valueShape: readonly number[], dtype: DType): ImagesImpl {
    const keyed = this.df.selectExpr('index', 'values', 'array(CAST(index AS DOUBLE)) AS _k');
    if (this.ctx.kernels) {
      return this.derive(keyed.select(col('index'), callFunction('thunder_pack', kernelPair(e, 'values', '_k'), lit(dtype)).alias('values')), { valueShape, dtype });
    }
    return this.derive(keyed.selectExpr('index', `${castArrayTo(pairSql(e, this.doubles, '_k'), dtype)} AS values`), { valueShape, dtype });
  }

  /** `reduce` with the fold step as `thunder_pair`; images are gathered packed. */
  private async reduceKernels(e: Expr): Promise<NDArray> {
    const all = this.df.agg(expr('array_sort(collect_list(struct(index, values AS v))) AS _all'));
    const values = aggregate(expr('slice(_all, 2, size(_all))'), expr(unpackedSql('element_at(_all, 1).v')), (acc, r) => kernelPair(e, acc, r.getField('v')));
    const folded = all.filter('size(_all) > 0').select(expr('CAST(0 AS BIGINT)').alias('index'), values.alias('values'));
    const { data, count } = await collectRecords(folded, 'index', this.size, 'float64', true);
    if (count === 0) throw new InvalidArgumentError('reduce(fn)', 'at least one image', 'no images');
    return new NDArray(data.data, this.valueShape);
  }
}
