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
import { integerSumFits, Series } from './series.js';
import { checkBoolean, checkFunction, checkInteger, checkOptions } from '../common/validate.js';
import { checkDtype } from './series-checks.js';
import { blockPadding, blockPlan, Blocks, type BlockSize } from './blocks.js';
import { runsOf, selectAxis, selectPixels, squeezedShape, type IndexKey } from './images-index.js';
import { encodeImagesBinary, encodeImagesPng, encodeImagesTif } from './writers.js';
import { assertTifEncodable } from './io/tif-write.js';
import { cacheImpl, isCachedImpl, uncacheImpl } from './cached.js';

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
  const where = `to${format === 'tif' ? 'Tif' : format === 'png' ? 'Png' : 'Binary'}`;
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError(`${where}(path)`, 'a directory path', path);
  checkOptions(options, ['prefix', 'overwrite', 'writeOn'], where);
  const { writeOn, prefix = defaultPrefix } = options;
  if (writeOn !== undefined && writeOn !== 'workers' && writeOn !== 'driver') throw new InvalidArgumentError('writeOn', "'workers' or 'driver'", writeOn);
  if (typeof prefix !== 'string' || prefix.length === 0 || /[/\\]/.test(prefix)) throw new InvalidArgumentError(`${where}(prefix)`, 'a file name prefix without path separators', prefix);
  const overwrite = checkBoolean(options.overwrite, `${where}(overwrite)`, false);
  return { path, format, prefix, overwrite, writeOn };
}

/**
 * Labels of the images: known, or (Spark, after `filter`) the positions kept are known only once
 * counted: `mask` is the filtered images' parent mapped to 1 (kept) / 0.
 */
export type LabelState =
  | { readonly known: readonly unknown[] }
  | { readonly pending: { readonly mask: ImagesImpl; readonly parent: readonly unknown[] } }
  | undefined;

export class Images {
  /** The engine implementation; engines construct Images from it. */
  readonly impl: ImagesImpl;
  private labelState: LabelState;
  /**
   * The most images these can hold: the count when known, else (after a filter on Spark) the
   * parent's. It fixes the dtype of `sum` the same way on every engine, counted or not.
   */
  #maxRecords: number | undefined;

  constructor(impl: ImagesImpl, labels?: LabelState) {
    this.impl = impl;
    this.labelState = labels;
    this.#maxRecords = impl.knownCount;
  }

  /**
   * Images over `impl`, a transformation of these images' records (at most as many). The bound
   * is inherited, never taken from `impl`: the local engine knows a filter's count where Spark
   * does not, and the dtype of `sum` must not depend on the engine.
   */
  private derive(impl: ImagesImpl, labels: LabelState = this.labelState): Images {
    const out = new Images(impl, labels);
    out.#maxRecords = this.#maxRecords;
    return out;
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
    return this.derive(this.impl.mapValues(expr, valueShape, dtype));
  }

  private input(): Expr {
    return E.input(0, this.size);
  }

  // ---- actions ----------------------------------------------------------------------------

  /** The number of images; on Spark after `filter` this also settles the labels kept. */
  async count(): Promise<number> {
    const n = await this.impl.count();
    await this.settleLabels();
    return n;
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
    checkInteger(seed, 'sample(seed)');
    return new Images(await this.impl.sample(n, seed));
  }

  /** Folds images pairwise in index order with a traced two-image function: `reduce((a, b) => a.add(b))`. */
  reduce(fn: (a: Traced, b: Traced) => Traced): Promise<NDArray> {
    checkFunction(fn, 'reduce(fn)');
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

  async toBinary(path: string, options: WriteOptions = {}): Promise<void> {
    return this.write(writeRequest(path, 'binary', options, 'image'), encodeImagesBinary);
  }

  /** One TIFF per image (uncompressed; 3-d images as multi-page files). */
  async toTif(path: string, options: WriteOptions = {}): Promise<void> {
    assertTifEncodable(this.dtype);
    return this.write(writeRequest(path, 'tif', options, 'image'), encodeImagesTif);
  }

  /**
   * One PNG per image ([h, w] or [h, w, 3|4]). uint8 and uint16 are written as they are; other
   * dtypes are scaled per image to uint8 as Thunder's writer (scipy's bytescale) does:
   * `(x - min) * (255 / (max - min)) + 0.5`, clipped, truncated (a constant image gives 0s).
   */
  async toPng(path: string, options: WriteOptions = {}): Promise<void> {
    const request = writeRequest(path, 'png', options, 'image');
    const images = this.dtype === 'uint8' || this.dtype === 'uint16' ? this : this.bytescaled();
    return images.write(request, encodeImagesPng);
  }

  private bytescaled(): Images {
    const x = this.input();
    const lo = E.reduce('min', x);
    const span = E.binary('sub', E.reduce('max', x), lo);
    const scale = E.binary('div', E.constant(255), E.where(E.binary('eq', span, E.constant(0)), E.constant(1), span));
    const scaled = E.binary('mul', E.binary('sub', x, lo), scale);
    const clipped = E.binary('minimum', E.binary('maximum', scaled, E.constant(0)), E.constant(255));
    return this.apply(E.cast('uint8', E.binary('add', clipped, E.constant(0.5))), this.valueShape, 'uint8');
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
    return new Images(this.impl.range(k, k + 1), this.labelsAt([k]));
  }

  /** Images [start, stop) (Python slice bounds: negative from the end, clamped). */
  slice(start = 0, stop?: number): Images {
    checkInteger(start, 'slice(start)');
    if (stop !== undefined) checkInteger(stop, 'slice(stop)');
    const n = this.shape[0]!;
    const clamp = (x: number): number => Math.min(Math.max(x < 0 ? n + x : x, 0), n);
    const lo = clamp(start);
    const hi = Math.max(lo, stop === undefined ? n : clamp(stop));
    return new Images(this.impl.range(lo, hi), this.labelsAt(Array.from({ length: hi - lo }, (_, i) => lo + i)));
  }

  /** Keeps images for which a traced predicate holds: `filter(im => im.max().gt(100))`. */
  filter(fn: (im: Traced) => Traced): Images {
    checkFunction(fn, 'filter(fn)');
    const expr = trace(fn as (...r: Traced[]) => unknown, [this.size], 'filter(fn)');
    if (expr.type.len !== null || !expr.type.bool) throw new InvalidArgumentError('filter(fn)', 'a function returning one boolean per image', expr.type.len === null ? 'a number' : 'a vector');
    return this.derive(this.impl.filterValues(expr), this.filteredLabels(expr));
  }

  // ---- per-image transformations ---------------------------------------------------------

  /**
   * Applies a traced function to each image (flattened in C order): `map(im => im.mul(2))`.
   * An elementwise result keeps the image shape, a scalar gives shape [1], another length L gives
   * [L] unless `valueShape` says otherwise. float64 unless `dtype` is given. `withKeys: true`
   * also passes the image's key, its index as a one-value vector (Thunder's `(i,)`):
   * `map((im, k) => im.add(k.at(0)), { withKeys: true })`.
   */
  map(fn: (im: Traced, key: Traced) => Traced, options: { valueShape?: readonly number[]; dtype?: DType; withKeys?: boolean } = {}): Images {
    checkFunction(fn, 'map(fn)');
    checkOptions(options, ['valueShape', 'dtype', 'withKeys'], 'map');
    const withKeys = checkBoolean(options.withKeys, 'map(withKeys)', false);
    if (options.dtype !== undefined) checkDtype(options.dtype, 'map(dtype)');
    if (options.valueShape !== undefined && (!Array.isArray(options.valueShape) || !options.valueShape.every((d) => Number.isInteger(d) && d >= 0))) {
      throw new InvalidArgumentError('map(valueShape)', 'an array of non-negative integers', options.valueShape);
    }
    let expr = trace(fn as (...r: Traced[]) => unknown, withKeys ? [this.size, 1] : [this.size], 'map(fn)');
    if (expr.type.bool) expr = E.where(expr, E.constant(1), E.constant(0));
    const len = expr.type.len ?? 1;
    const shape = options.valueShape ?? (len === this.size ? this.valueShape : [len]);
    if (sizeOf(shape) !== len) throw new InvalidArgumentError('map(valueShape)', `a shape of ${len} values`, `[${shape.join(', ')}]`);
    if (options.dtype && options.dtype !== 'float64') expr = E.cast(options.dtype, expr);
    if (withKeys) return this.derive(this.impl.mapWithKeys(expr, shape, options.dtype ?? 'float64'));
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
    return this.derive(this.impl.spatialFilter(spec));
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
    if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<number>).length !== 'number' && !(value instanceof NDArray)) {
      throw new InvalidArgumentError('subtract(value)', 'a number, an NDArray of the image shape or an array of its values', value);
    }
    const data = value instanceof NDArray ? value.data : value;
    if (value instanceof NDArray && value.shape.join() !== this.valueShape.join()) {
      throw new InvalidArgumentError('subtract(image)', `an image of shape [${this.valueShape.join(', ')}]`, `[${value.shape.join(', ')}]`);
    }
    if (data.length !== this.size) throw new InvalidArgumentError('subtract(image)', `${this.size} values`, data.length);
    return this.apply(E.binary('sub', this.input(), E.array(Float64Array.from(data))));
  }

  /** The values converted to `dtype`, shape unchanged: the rules of `Series.astype` (int64 refuses what it cannot hold). */
  astype(dtype: DType): Images {
    checkDtype(dtype, 'astype(dtype)');
    return this.apply(E.cast(dtype, this.input()), this.valueShape, dtype);
  }

  /** Values clipped to [min, max] (either optional); dtype kept. */
  clip(min?: number, max?: number): Images {
    for (const [name, v] of [['clip(min)', min], ['clip(max)', max]] as const) {
      if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) throw new InvalidArgumentError(name, 'a number (or undefined)', v);
    }
    if (min !== undefined && max !== undefined && min > max) throw new InvalidArgumentError('clip(min, max)', 'min <= max', `min ${min}, max ${max}`);
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
  /** Sums across images: shape [1, ...imageShape]; integer data give int64 by the rule of `Series.sum` (else float64). */
  sum(): Images {
    const out = this.across('sum');
    return integerSumFits(this.dtype, this.#maxRecords) ? out.astype('int64') : out;
  }
  max(): Images { return this.across('max'); }
  min(): Images { return this.across('min'); }

  // ---- conversion and engine hints -------------------------------------------------------

  /** Series of shape [...imageShape, n]: one record per voxel (keys in C order), index 0..n-1. */
  toSeries(): Series {
    return new Series(this.impl.toSeries());
  }

  repartition(npartitions: number): Images {
    checkInteger(npartitions, 'repartition(npartitions)', 1);
    return this.derive(this.impl.repartition(npartitions));
  }
  /**
   * Keeps these images in the executors' memory (Spark; locally they are in memory already) and
   * returns this same object, marked cached (Thunder's `cache()`; PySpark's `DataFrame.cache()`
   * too). The persist request runs in the background; actions wait for it.
   */
  cache(): Images {
    cacheImpl(this.impl);
    return this;
  }
  /**
   * Frees the cached data (Spark engine; a no-op locally) and returns this object, no longer
   * marked cached. Spark may drop the cache of data derived from this one as well, unless that
   * cache is fully stored: uncache parents after the children you keep are cached and counted,
   * or at the end.
   */
  uncache(): Images {
    uncacheImpl(this.impl);
    return this;
  }
  /**
   * Whether `cache()` was called on these images and not undone by `uncache()` (Thunder's
   * `iscached()`); images derived from them start uncached. A mark kept here, not a server query.
   */
  isCached(): boolean {
    return isCachedImpl(this.impl);
  }
  // ---- labels, indexing along image axes, reshaping, blocks (Thunder 1.4) -----------------

  /**
   * One label per image (any values), kept through per-image transformations, selections and
   * filters; `undefined` when none were given. On Spark after `filter` the labels kept are
   * known only once counted: then this throws `NotSupportedError`; `await count()` first.
   */
  get labels(): readonly unknown[] | undefined {
    const state = this.labelState;
    if (state === undefined) return undefined;
    if ('known' in state) return state.known;
    const peek = (state.pending.mask as { peek?: () => NDArray }).peek;
    if (peek) {
      this.labelState = { known: keptLabels(peek.call(state.pending.mask), state.pending.parent) };
      return this.labels;
    }
    throw new NotSupportedError('labels', 'the labels kept by filter() are not known yet; await count() first');
  }

  /** Sets one label per image (an array of the image count's length; undefined clears them). */
  set labels(value: readonly unknown[] | undefined) {
    this.labelState = value === undefined ? undefined : { known: checkLabels(value, this.shape[0]!, 'labels') };
  }

  /** The same images with these labels (one per image). */
  withLabels(labels: readonly unknown[] | undefined): Images {
    const out = this.derive(this.impl);
    out.labels = labels;
    return out;
  }

  private async settleLabels(): Promise<void> {
    const state = this.labelState;
    if (state !== undefined && 'pending' in state) {
      this.labelState = { known: keptLabels(await state.pending.mask.toArray(), state.pending.parent) };
    }
  }

  /** The labels of the images at `positions` (this object's labels must be known, if any). */
  private labelsAt(positions: readonly number[]): LabelState {
    const labels = this.labels;
    return labels === undefined ? undefined : { known: positions.map((p) => labels[p]) };
  }

  private filteredLabels(predicate: Expr): LabelState {
    // Throws on Spark when this object's own labels wait for a count (a filter of a filter).
    const labels = this.labels;
    if (labels === undefined) return undefined;
    const mask = this.impl.mapValues(E.where(predicate, E.constant(1), E.constant(0)), [1], 'uint8');
    return { pending: { mask, parent: labels } };
  }

  /**
   * Thunder's `images[...]`: one key for the image axis, then one per image axis (missing keys
   * take the whole axis). A key is an integer (the axis is kept, with length 1, as Thunder), a
   * list of positions, a slice `{ start, stop, step }`, or null. `getItem(null, null, 0)` is
   * `data[:, :, 0]`: shape [n, h, 1]. Labels follow the images kept. dtype kept.
   */
  getItem(...keys: IndexKey[]): Images {
    const shape = this.shape;
    if (keys.length > shape.length) throw new InvalidArgumentError('getItem(keys)', `at most ${shape.length} keys (images and ${shape.length - 1} image axes)`, keys.length);
    const records = selectAxis(keys[0], shape[0]!, 'getItem(keys[0])');
    const pixels = this.valueShape.map((d, i) => selectAxis(keys[i + 1], d, `getItem(keys[${i + 1}])`));
    let out: Images = this;
    const all = records.positions.length === shape[0] && records.positions.every((p, i) => p === i);
    if (!all) {
      const parts = runsOf(records.positions).map(([a, b]) => this.impl.range(a, b));
      const joined = parts.slice(1).reduce((acc, p) => acc.concat(p), parts[0]!);
      out = new Images(joined, this.labelsAt(records.positions));
    }
    const whole = pixels.every((s, d) => s.positions.length === this.valueShape[d] && s.strided?.start === 0 && s.strided.step === 1);
    if (whole) return out;
    return out.apply(selectPixels(this.valueShape, pixels, out.input()), pixels.map((s) => s.positions.length), this.dtype);
  }

  /** Drops image axes of length 1 (all but one when every image axis has length 1, as Thunder); dtype kept. */
  squeeze(): Images {
    return this.apply(this.input(), squeezedShape(this.valueShape), this.dtype);
  }

  /**
   * Thunder's `reshape(n, ...imageShape)`: the same values in C order as images of another
   * shape. The image count must stay, the size must stay, and the images must be 2-d or 3-d.
   */
  reshape(...shape: number[]): Images {
    if (!shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) throw new InvalidArgumentError('reshape(shape)', 'non-negative integers', shape);
    const [n, ...imageShape] = shape;
    if (sizeOf(shape) !== sizeOf(this.shape)) throw new InvalidArgumentError('reshape(shape)', `a shape of ${sizeOf(this.shape)} values in all (as [${this.shape.join(', ')}])`, `[${shape.join(', ')}]`);
    if (n !== this.shape[0]) throw new InvalidArgumentError('reshape(shape)', `the image count ${this.shape[0]} first (reshaping cannot change the number of images)`, n);
    if (imageShape.length !== 2 && imageShape.length !== 3) throw new InvalidArgumentError('reshape(shape)', '2-d or 3-d images ([n, h, w] or [n, d, h, w])', `[${shape.join(', ')}]`);
    return this.apply(this.input(), imageShape, this.dtype);
  }

  /**
   * Applies a traced function to every pixel's series (its values across images) and returns
   * images again: `mapAsSeries(v => v.sub(v.mean()))`; a result of length L gives L images.
   * `blockSize` (Thunder's chunk_size: 'auto', kilobytes as a string, or pixels per axis) is
   * validated; the engine's transpose chooses its own blocks, which does not change the result.
   * `valueSize`, when given, must equal the result's length; `dtype` as `Series.map`.
   */
  mapAsSeries(fn: (series: Traced) => Traced, options: { blockSize?: BlockSize; valueSize?: number; dtype?: DType } = {}): Images {
    checkOptions(options, ['blockSize', 'valueSize', 'dtype'], 'mapAsSeries');
    if (options.dtype !== undefined) checkDtype(options.dtype, 'mapAsSeries(dtype)');
    if (typeof fn !== 'function') throw new InvalidArgumentError('mapAsSeries(fn)', 'a function', fn);
    blockPlan(options.blockSize ?? 'auto', this.valueShape, this.dtype, this.mode, this.shape[0]!);
    const { valueSize } = options;
    if (valueSize !== undefined && (!Number.isInteger(valueSize) || valueSize < 1)) throw new InvalidArgumentError('mapAsSeries(valueSize)', 'a positive integer', valueSize);
    const mapped = this.toSeries().map(fn, options.dtype === undefined ? {} : { dtype: options.dtype });
    if (valueSize !== undefined && mapped.length !== valueSize) throw new InvalidArgumentError('mapAsSeries(valueSize)', `the length fn returns (${mapped.length})`, valueSize);
    return mapped.toImages();
  }

  /**
   * Thunder's `toblocks(size, padding)`: see `Blocks`. `size` is 'auto' (one block per image
   * locally), kilobytes per block of one image as a string ('64'), or pixels per image axis;
   * `padding` an integer or one per image axis.
   */
  toBlocks(size: BlockSize = 'auto', padding?: number | readonly number[]): Blocks {
    const plan = blockPlan(size, this.valueShape, this.dtype, this.mode, this.shape[0]!);
    return new Blocks(this, plan, blockPadding(padding, this.valueShape.length));
  }
}


/** Validates labels: one per image. */
function checkLabels(value: unknown, n: number, where: string): readonly unknown[] {
  const arr = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<unknown>) : value;
  if (!Array.isArray(arr) || arr.length !== n) throw new InvalidArgumentError(where, `an array of ${n} labels (one per image)`, value);
  return [...arr];
}

/** The parent labels whose mask entry is 1, in order. */
function keptLabels(mask: NDArray, parent: readonly unknown[]): unknown[] {
  return parent.filter((_, i) => mask.data[i] === 1);
}

