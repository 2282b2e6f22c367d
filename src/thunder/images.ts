/**
 * Images: a collection of 2-d or 3-d images (or volumes) of one shape and dtype.
 *
 * Shape contract: `shape = [n, ...imageShape]`; the dtype is kept by loaders, selections,
 * subsampling, max/min projections, filters and across-image max/min; arithmetic (`map`, `mean`,
 * `subtract`, ...) gives float64. Statistics across images keep the record axis: `std()` has
 * shape [1, ...imageShape]. `toArray()` squeezes axes of length 1, like Thunder.
 *
 * Transformations are synchronous, lazy on Spark and return new objects; actions return Promises.
 */
import { InvalidArgumentError, NotSupportedError } from '../common/errors.js';
import { NDArray, sizeOf, type DType } from '../common/ndarray.js';
import * as E from '../udf/expr.js';
import type { Expr } from '../udf/expr.js';
import { trace, type Traced } from '../udf/trace.js';
import type { FilterSpec, ImagesImpl, Stat, WriteRequest } from './engine.js';
import { Series } from './series.js';
import { encodeImagesBinary, encodeImagesPng, encodeImagesTif } from './writers.js';

export interface WriteOptions {
  /** File name prefix (default 'image'). */
  readonly prefix?: string;
  /** Replace an existing directory (default false: an existing path is an error). */
  readonly overwrite?: boolean;
  /**
   * Spark only: 'workers' to have the executors write the files (they must see this process's
   * filesystem), 'driver' to collect and write here. Default as `readOn`: 'workers' when the
   * Spark Connect endpoint is on loopback. Ignored by the local engine.
   */
  readonly writeOn?: 'workers' | 'driver';
}

/** The resolved request of a writer call; throws for a bad `writeOn`. */
export function writeRequest(path: string, format: WriteRequest['format'], options: WriteOptions, defaultPrefix: string): WriteRequest {
  const { writeOn } = options;
  if (writeOn !== undefined && writeOn !== 'workers' && writeOn !== 'driver') throw new InvalidArgumentError('writeOn', "'workers' or 'driver'", writeOn);
  return { path, format, prefix: options.prefix ?? defaultPrefix, overwrite: options.overwrite ?? false, writeOn };
}

export class Images {
  /** The engine implementation; engines construct Images from it. */
  readonly impl: ImagesImpl;

  constructor(impl: ImagesImpl) {
    this.impl = impl;
  }

  get mode(): 'local' | 'spark' {
    return this.impl.mode;
  }

  get dtype(): DType {
    return this.impl.dtype;
  }

  /** Shape of one image. */
  get valueShape(): readonly number[] {
    return this.impl.valueShape;
  }

  /**
   * `[n, ...imageShape]`. On Spark the image count after `filter` is unknown until counted:
   * then this throws `NotSupportedError`; `await count()` first.
   */
  get shape(): readonly number[] {
    const n = this.impl.knownCount;
    if (n === undefined) throw new NotSupportedError('shape', 'the image count is not known yet after filter(); await count() first');
    return [n, ...this.valueShape];
  }

  private get size(): number {
    return sizeOf(this.valueShape);
  }

  private apply(expr: Expr, valueShape: readonly number[] = this.valueShape, dtype: DType = 'float64'): Images {
    return new Images(this.impl.mapValues(expr, valueShape, dtype));
  }

  private input(): Expr {
    return E.input(0, this.size);
  }

  // ---- actions ----------------------------------------------------------------------------

  count(): Promise<number> {
    return this.impl.count();
  }

  /** The first image, shape imageShape. */
  first(): Promise<NDArray> {
    return this.impl.first();
  }

  /** All images, shape [n, ...imageShape] with length-1 axes squeezed (Thunder's toarray). */
  async toArray(): Promise<NDArray> {
    return (await this.impl.toArray()).squeeze();
  }

  /** n images without replacement (all when n exceeds the count), in index order. */
  async sample(n = 100, seed = 42): Promise<Images> {
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('sample(n)', 'a positive integer', n);
    return new Images(await this.impl.sample(n, seed));
  }

  /** Folds images pairwise in index order with a traced two-image function: `reduce((a, b) => a.add(b))`. */
  reduce(fn: (a: Traced, b: Traced) => Traced): Promise<NDArray> {
    const expr = trace(fn as (...r: Traced[]) => unknown, [this.size, this.size], 'reduce(fn)');
    if (expr.type.len !== this.size || expr.type.bool) throw new InvalidArgumentError('reduce(fn)', `a function returning a numeric image of ${this.size} values`, expr.type.len === null ? 'a scalar' : `${expr.type.len} values`);
    return this.impl.reduce(expr);
  }

  /**
   * Correlation of every pixel's time course with the mean of its neighbourhood (uniform filter of
   * `size`), shape imageShape; constant pixels give 0.
   */
  async localcorr(size: number | readonly number[] = 2): Promise<NDArray> {
    const n = await this.count();
    const both = new Images(this.impl.concat(this.uniformFilter(size).impl)).toSeries();
    const corr = both.map((v) => v.slice(0, n).corr(v.slice(n, 2 * n)));
    const arr = await corr.impl.toArray();
    return arr.reshape(this.valueShape);
  }

  toBinary(path: string, options: WriteOptions = {}): Promise<void> {
    return this.write(writeRequest(path, 'binary', options, 'image'), encodeImagesBinary);
  }

  /** One TIFF per image (uncompressed; 3-d images as multi-page files). */
  toTif(path: string, options: WriteOptions = {}): Promise<void> {
    return this.write(writeRequest(path, 'tif', options, 'image'), encodeImagesTif);
  }

  /** One PNG per image (uint8/uint16; [h, w] or [h, w, 3|4]). */
  toPng(path: string, options: WriteOptions = {}): Promise<void> {
    return this.write(writeRequest(path, 'png', options, 'image'), encodeImagesPng);
  }

  /** Where the engine can, each file is written where its image is (Spark executors); else here. */
  private async write(request: WriteRequest, encode: (p: string, a: NDArray, prefix: string, overwrite: boolean) => Promise<void>): Promise<void> {
    if (await this.impl.writeFiles?.(request)) return;
    await encode(request.path, await this.impl.toArray(), request.prefix, request.overwrite);
  }

  // ---- selection --------------------------------------------------------------------------

  /** The image at position i as a one-image collection (Thunder's `data[i]`). */
  at(i: number): Images {
    const n = this.shape[0]!;
    const k = i < 0 ? n + i : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new InvalidArgumentError('at(i)', `an integer in [-${n}, ${n})`, i);
    return new Images(this.impl.range(k, k + 1));
  }

  /** Images [start, stop) (Python slice bounds: negative from the end, clamped). */
  slice(start = 0, stop?: number): Images {
    const n = this.shape[0]!;
    const clamp = (x: number): number => Math.min(Math.max(x < 0 ? n + x : x, 0), n);
    const lo = clamp(start);
    const hi = Math.max(lo, stop === undefined ? n : clamp(stop));
    return new Images(this.impl.range(lo, hi));
  }

  /** Keeps images for which a traced predicate holds: `filter(im => im.max().gt(100))`. */
  filter(fn: (im: Traced) => Traced): Images {
    const expr = trace(fn as (...r: Traced[]) => unknown, [this.size], 'filter(fn)');
    if (expr.type.len !== null || !expr.type.bool) throw new InvalidArgumentError('filter(fn)', 'a function returning one boolean per image', expr.type.len === null ? 'a number' : 'a vector');
    return new Images(this.impl.filterValues(expr));
  }

  // ---- per-image transformations ---------------------------------------------------------

  /**
   * Applies a traced function to each image (flattened in C order): `map(im => im.mul(2))`.
   * An elementwise result keeps the image shape, a scalar gives shape [1], another length L gives
   * [L] unless `valueShape` says otherwise. float64 unless `dtype` is given.
   */
  map(fn: (im: Traced) => Traced, options: { valueShape?: readonly number[]; dtype?: DType } = {}): Images {
    let expr = trace(fn as (...r: Traced[]) => unknown, [this.size], 'map(fn)');
    if (expr.type.bool) expr = E.where(expr, E.constant(1), E.constant(0));
    const len = expr.type.len ?? 1;
    const shape = options.valueShape ?? (len === this.size ? this.valueShape : [len]);
    if (sizeOf(shape) !== len) throw new InvalidArgumentError('map(valueShape)', `a shape of ${len} values`, `[${shape.join(', ')}]`);
    if (options.dtype && options.dtype !== 'float64') expr = E.cast(options.dtype, expr);
    return this.apply(expr, shape, options.dtype);
  }

  /** Every factor-th pixel along each image axis (one factor, or one per axis); dtype kept. */
  subsample(factor: number | readonly number[]): Images {
    const nd = this.valueShape.length;
    const f = typeof factor === 'number' ? new Array<number>(nd).fill(factor) : [...factor];
    if (f.length !== nd || !f.every((x) => Number.isInteger(x) && x > 0)) {
      throw new InvalidArgumentError('subsample(factor)', `a positive integer or ${nd} positive integers`, factor);
    }
    const out = this.valueShape.map((d, i) => Math.ceil(d / f[i]!));
    const expr = E.view(this.valueShape, new Array<number>(nd).fill(0), f, out, this.input());
    return this.apply(expr, out, this.dtype);
  }

  private checkAxis(axis: number): void {
    if (!Number.isInteger(axis) || axis < 0 || axis >= this.valueShape.length) {
      throw new InvalidArgumentError('axis', `an integer in [0, ${this.valueShape.length})`, axis);
    }
  }

  /** Maximum along an image axis (default 2, Thunder's); dtype kept. */
  maxProjection(axis = 2): Images {
    this.checkAxis(axis);
    const shape = this.valueShape.filter((_, i) => i !== axis);
    return this.apply(E.axisReduce('max', this.valueShape, axis, this.input()), shape, this.dtype);
  }

  /** max + min along an image axis, as float64 (no integer overflow, unlike numpy's uint8 sum). */
  maxMinProjection(axis = 2): Images {
    this.checkAxis(axis);
    const shape = this.valueShape.filter((_, i) => i !== axis);
    const x = this.input();
    return this.apply(E.binary('add', E.axisReduce('max', this.valueShape, axis, x), E.axisReduce('min', this.valueShape, axis, x)), shape);
  }

  private perAxis(name: string, value: number | readonly number[]): number[] {
    const nd = this.valueShape.length;
    const v = typeof value === 'number' ? new Array<number>(nd).fill(value) : [...value];
    if (v.length !== nd || !v.every((x) => Number.isFinite(x) && x >= 0)) {
      throw new InvalidArgumentError(name, `a non-negative number or ${nd} of them`, value);
    }
    return v;
  }

  private filtered(spec: FilterSpec): Images {
    return new Images(this.impl.spatialFilter(spec));
  }

  /** Gaussian smoothing per image (sigma per axis; 0 skips an axis); dtype kept (integers truncate). */
  gaussianFilter(sigma: number | readonly number[] = 2): Images {
    return this.filtered({ kind: 'gaussian', sigma: this.perAxis('gaussianFilter(sigma)', sigma) });
  }

  /** Mean over a size-per-axis neighbourhood (≤ 1 skips an axis); dtype kept. */
  uniformFilter(size: number | readonly number[] = 2): Images {
    return this.filtered({ kind: 'uniform', size: this.perAxis('uniformFilter(size)', size) });
  }

  /** Median over a size-per-axis neighbourhood (≤ 1 skips an axis); dtype kept. */
  medianFilter(size: number | readonly number[] = 2): Images {
    return this.filtered({ kind: 'median', size: this.perAxis('medianFilter(size)', size) });
  }

  /** Subtracts a number or an image of the same shape; float64. */
  subtract(value: number | NDArray | ArrayLike<number>): Images {
    if (typeof value === 'number') return this.apply(E.binary('sub', this.input(), E.constant(value)));
    const data = value instanceof NDArray ? value.data : value;
    if (value instanceof NDArray && value.shape.join() !== this.valueShape.join()) {
      throw new InvalidArgumentError('subtract(image)', `an image of shape [${this.valueShape.join(', ')}]`, `[${value.shape.join(', ')}]`);
    }
    if (data.length !== this.size) throw new InvalidArgumentError('subtract(image)', `${this.size} values`, data.length);
    return this.apply(E.binary('sub', this.input(), E.array(Float64Array.from(data))));
  }

  /** Converts with typed-array semantics (truncation toward zero, wrap-around, NaN → 0). */
  astype(dtype: DType): Images {
    return this.apply(E.cast(dtype, this.input()), this.valueShape, dtype);
  }

  /** Values clipped to [min, max] (either optional); dtype kept. */
  clip(min?: number, max?: number): Images {
    let e: Expr = this.input();
    if (min !== undefined) e = E.binary('maximum', e, E.constant(min));
    if (max !== undefined) e = E.binary('minimum', e, E.constant(max));
    return this.apply(this.dtype === 'float64' ? e : E.cast(this.dtype, e), this.valueShape, this.dtype);
  }

  // ---- across images ----------------------------------------------------------------------

  private across(stat: Stat): Images {
    return new Images(this.impl.aggregate(stat));
  }
  /** Per-pixel statistics across images: shape [1, ...imageShape]. */
  mean(): Images { return this.across('mean'); }
  /** Population standard deviation across images (ddof 0). */
  std(): Images { return this.across('std'); }
  var(): Images { return this.across('var'); }
  sum(): Images { return this.across('sum'); }
  max(): Images { return this.across('max'); }
  min(): Images { return this.across('min'); }

  // ---- conversion and engine hints -------------------------------------------------------

  /** Series of shape [...imageShape, n]: one record per voxel (keys in C order), index 0..n-1. */
  toSeries(): Series {
    return new Series(this.impl.toSeries());
  }

  repartition(npartitions: number): Images {
    return new Images(this.impl.repartition(npartitions));
  }
  cache(): Images {
    return new Images(this.impl.cache());
  }
  /**
   * Frees the cached data (Spark engine; a no-op locally). Spark may drop the cache of data
   * derived from this one as well, unless that cache is fully stored: uncache parents after the
   * children you keep are cached and counted, or at the end.
   */
  uncache(): Images {
    return new Images(this.impl.uncache());
  }
}

