/**
 * Local Images: all images in one C-order typed array of shape [n, ...valueShape]. Every
 * transformation computes eagerly (the data is in memory anyway) and returns a new object;
 * actions resolve immediately.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { NDArray, sizeOf, typedArrayFor, type DType, type TypedArray } from '../../common/ndarray.js';
import { LocalProgram } from '../../udf/evaluate.js';
import type { Expr } from '../../udf/expr.js';
import { choosePositions } from '../random.js';
import type { FilterSpec, ImagesImpl, SeriesImpl, Stat } from '../engine.js';
import { filterImages } from './filters.js';
import { aggregateRecords, filterRecords, mapRecords, statDtype, takeRecords, toDtype, transpose } from './records.js';
import { LocalSeries } from './series.js';

export class LocalImages implements ImagesImpl {
  readonly mode = 'local' as const;
  readonly valueShape: readonly number[];
  private readonly values: TypedArray;
  private readonly n: number;

  /** `data` has shape [n, ...valueShape]; it is not copied, so callers must not mutate it later. */
  constructor(data: NDArray) {
    if (data.ndim < 2) throw new InvalidArgumentError('images', 'an array of shape [n, ...imageShape] with at least one image axis', `[${data.shape.join(', ')}]`);
    this.values = data.data;
    this.n = data.shape[0]!;
    this.valueShape = data.shape.slice(1);
  }

  get dtype(): DType {
    return new NDArray(this.values, [this.values.length]).dtype;
  }

  get knownCount(): number {
    return this.n;
  }

  private get size(): number {
    return sizeOf(this.valueShape);
  }

  private with(values: TypedArray, n: number, valueShape: readonly number[] = this.valueShape): LocalImages {
    return new LocalImages(new NDArray(values, [n, ...valueShape]));
  }

  mapValues(expr: Expr, valueShape: readonly number[], dtype: DType): ImagesImpl {
    return this.with(mapRecords(this.values, this.n, this.size, expr, sizeOf(valueShape), dtype), this.n, valueShape);
  }

  filterValues(predicate: Expr): ImagesImpl {
    const keep = filterRecords(this.values, this.n, this.size, predicate);
    return this.with(takeRecords(this.values, this.size, keep), keep.length);
  }

  range(start: number, stop: number): ImagesImpl {
    const s = this.size;
    return this.with(this.values.slice(start * s, stop * s), stop - start);
  }

  aggregate(stat: Stat): ImagesImpl {
    return this.with(toDtype(aggregateRecords(this.values, this.n, this.size, stat), statDtype(stat, this.dtype)), 1);
  }

  spatialFilter(spec: FilterSpec): ImagesImpl {
    return this.with(filterImages(this.values, this.n, this.valueShape, spec, this.dtype), this.n);
  }

  concat(other: ImagesImpl): ImagesImpl {
    if (!(other instanceof LocalImages)) throw new InvalidArgumentError('concat(other)', 'images on the local engine', other.mode);
    if (other.dtype !== this.dtype) throw new InvalidArgumentError('concat(other)', `images of dtype ${this.dtype}`, other.dtype);
    const joined = typedArrayFor(this.dtype, this.values.length + other.values.length);
    joined.set(this.values);
    joined.set(other.values, this.values.length);
    return this.with(joined, this.n + other.n);
  }

  toSeries(): SeriesImpl {
    return new LocalSeries(new NDArray(transpose(this.values, this.n, this.size), [...this.valueShape, this.n]));
  }

  // A new object over the same values: it is new data to `isCached()`, as on Spark.
  repartition(): ImagesImpl {
    return this.with(this.values, this.n);
  }

  // The values are in this process's memory already: nothing to persist.
  cache(): void {}

  uncache(): void {}

  async count(): Promise<number> {
    return this.n;
  }

  async first(): Promise<NDArray> {
    if (this.n === 0) throw new InvalidArgumentError('first()', 'at least one image', 'no images');
    return new NDArray(this.values.slice(0, this.size), this.valueShape);
  }

  async toArray(): Promise<NDArray> {
    return new NDArray(this.values, [this.n, ...this.valueShape]);
  }

  mapWithKeys(expr: Expr, valueShape: readonly number[], dtype: DType): ImagesImpl {
    const program = new LocalProgram(expr);
    const s = this.size;
    const len = sizeOf(valueShape);
    const out = typedArrayFor(dtype, this.n * len);
    const record = new Float64Array(s);
    for (let r = 0; r < this.n; r++) {
      for (let i = 0; i < s; i++) record[i] = this.values[r * s + i]!;
      const res = program.run([record, Float64Array.of(r)]);
      if (typeof res === 'number') out.fill(res, r * len, (r + 1) * len);
      else out.set(res, r * len);
    }
    return this.with(out, this.n, valueShape);
  }

  /** `toArray()` synchronously: the local engine has the values at hand (used for labels after filter). */
  peek(): NDArray {
    return new NDArray(this.values, [this.n, ...this.valueShape]);
  }

  async sample(n: number, seed: number): Promise<ImagesImpl> {
    const pos = choosePositions(this.n, n, seed);
    return this.with(takeRecords(this.values, this.size, pos), pos.length);
  }

  async reduce(expr: Expr): Promise<NDArray> {
    if (this.n === 0) throw new InvalidArgumentError('reduce(fn)', 'at least one image', 'no images');
    const program = new LocalProgram(expr);
    const s = this.size;
    let acc = Float64Array.from(this.values.subarray(0, s));
    const next = new Float64Array(s);
    for (let r = 1; r < this.n; r++) {
      for (let i = 0; i < s; i++) next[i] = this.values[r * s + i]!;
      const res = program.run([acc, next]);
      acc = typeof res === 'number' ? new Float64Array(s).fill(res) : Float64Array.from(res);
    }
    return new NDArray(acc, this.valueShape);
  }
}
