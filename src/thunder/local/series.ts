/**
 * Local Series: records in one C-order typed array [count, T] in key order, with the base shape
 * and (after a filter or sample) the surviving keys. Transformations compute eagerly.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { NDArray, sizeOf, typedArrayFor, type DType, type TypedArray } from '../../common/ndarray.js';
import { LocalProgram } from '../../udf/evaluate.js';
import type { Expr } from '../../udf/expr.js';
import { choosePositions } from '../random.js';
import type { ImagesImpl, SeriesImpl, Stat } from '../engine.js';
import { aggregateRecords, filterRecords, mapRecords, statDtype, takeRecords, toDtype, transpose } from './records.js';
import { LocalImages } from './images.js';

export class LocalSeries implements SeriesImpl {
  readonly mode = 'local' as const;
  readonly length: number;
  readonly knownBaseShape: readonly number[];
  private readonly values: TypedArray;
  /** Flat C-order keys over the original grid; null while they are 0..count-1. */
  private readonly keys: Float64Array | null;

  /** `data` has shape [...baseShape, T]; it is not copied. */
  constructor(data: NDArray, keys: Float64Array | null = null) {
    if (data.ndim < 1) throw new InvalidArgumentError('series', 'an array with a value axis', 'a scalar');
    this.values = data.data;
    this.length = data.shape[data.ndim - 1]!;
    this.knownBaseShape = data.shape.slice(0, -1);
    if (keys && keys.length !== sizeOf(this.knownBaseShape)) {
      throw new InvalidArgumentError('keys', `${sizeOf(this.knownBaseShape)} keys`, keys.length);
    }
    this.keys = keys;
  }

  get dtype(): DType {
    return new NDArray(this.values, [this.values.length]).dtype;
  }

  private get n(): number {
    return sizeOf(this.knownBaseShape);
  }

  private subset(positions: Int32Array): LocalSeries {
    const keys = new Float64Array(positions.length);
    for (let k = 0; k < positions.length; k++) keys[k] = this.keys ? this.keys[positions[k]!]! : positions[k]!;
    return new LocalSeries(new NDArray(takeRecords(this.values, this.length, positions), [positions.length, this.length]), keys);
  }

  mapValues(expr: Expr, length: number, dtype: DType): SeriesImpl {
    const out = mapRecords(this.values, this.n, this.length, expr, length, dtype);
    return new LocalSeries(new NDArray(out, [...this.knownBaseShape, length]), this.keys);
  }

  filterValues(predicate: Expr): SeriesImpl {
    return this.subset(filterRecords(this.values, this.n, this.length, predicate));
  }

  aggregate(stat: Stat): SeriesImpl {
    const v = toDtype(aggregateRecords(this.values, this.n, this.length, stat), statDtype(stat, this.dtype));
    return new LocalSeries(new NDArray(v, [1, this.length]));
  }

  withBaseShape(shape: readonly number[]): SeriesImpl {
    return new LocalSeries(new NDArray(this.values, [...shape, this.length]), this.keys);
  }

  toImages(): ImagesImpl {
    return new LocalImages(new NDArray(transpose(this.values, this.n, this.length), [this.length, ...this.knownBaseShape]));
  }

  // A new object over the same values: it is new data to `isCached()`, as on Spark.
  repartition(): SeriesImpl {
    return new LocalSeries(new NDArray(this.values, [...this.knownBaseShape, this.length]), this.keys);
  }

  // The values are in this process's memory already: nothing to persist.
  cache(): void {}

  uncache(): void {}

  async count(): Promise<number> {
    return this.n;
  }

  async first(): Promise<NDArray> {
    if (this.n === 0) throw new InvalidArgumentError('first()', 'at least one record', 'an empty series');
    return new NDArray(this.values.slice(0, this.length), [this.length]);
  }

  async toArray(): Promise<NDArray> {
    return new NDArray(this.values, [...this.knownBaseShape, this.length]);
  }

  /** `toArray()` synchronously: the local engine has the values at hand (clustering checks records at the call). */
  peek(): NDArray {
    return new NDArray(this.values, [...this.knownBaseShape, this.length]);
  }

  async sample(n: number, seed: number): Promise<SeriesImpl> {
    return this.subset(choosePositions(this.n, n, seed));
  }

  combine(other: SeriesImpl, expr: Expr, length: number, dtype: DType, how: 'key' | 'broadcast'): SeriesImpl {
    if (!(other instanceof LocalSeries)) throw new InvalidArgumentError('other', 'a series on the local engine', other.mode);
    const partners = how === 'broadcast' ? 1 : this.n;
    if (other.n !== partners) throw new InvalidArgumentError('other', `${partners} record${partners === 1 ? '' : 's'}`, other.n);
    const program = new LocalProgram(expr);
    const out = typedArrayFor(dtype, this.n * length);
    const a = new Float64Array(this.length);
    const b = new Float64Array(other.length);
    for (let r = 0; r < this.n; r++) {
      for (let i = 0; i < this.length; i++) a[i] = this.values[r * this.length + i]!;
      const q = how === 'broadcast' ? 0 : r;
      for (let i = 0; i < other.length; i++) b[i] = other.values[q * other.length + i]!;
      writeResult(out, r, length, program.run([a, b]));
    }
    return new LocalSeries(new NDArray(out, [...this.knownBaseShape, length]), this.keys);
  }

  mapWithKeys(expr: Expr, length: number, dtype: DType): SeriesImpl {
    const program = new LocalProgram(expr);
    const shape = this.knownBaseShape;
    const out = typedArrayFor(dtype, this.n * length);
    const a = new Float64Array(this.length);
    const coords = new Float64Array(shape.length);
    for (let r = 0; r < this.n; r++) {
      for (let i = 0; i < this.length; i++) a[i] = this.values[r * this.length + i]!;
      let rest = r;
      for (let d = shape.length - 1; d >= 0; d--) {
        coords[d] = rest % shape[d]!;
        rest = Math.floor(rest / shape[d]!);
      }
      writeResult(out, r, length, program.run([a, coords]));
    }
    return new LocalSeries(new NDArray(out, [...shape, length]), this.keys);
  }

  takeRecords(ranks: readonly number[], baseShape: readonly number[]): SeriesImpl {
    return new LocalSeries(new NDArray(takeRecords(this.values, this.length, ranks), [...baseShape, this.length]));
  }

  reduce(expr: Expr): SeriesImpl {
    if (this.n === 0) throw new InvalidArgumentError('reduce(fn)', 'at least one record', 'an empty series');
    const program = new LocalProgram(expr);
    const T = this.length;
    let acc = Float64Array.from(this.values.subarray(0, T));
    const next = new Float64Array(T);
    for (let r = 1; r < this.n; r++) {
      for (let i = 0; i < T; i++) next[i] = this.values[r * T + i]!;
      const res = program.run([acc, next]);
      acc = typeof res === 'number' ? new Float64Array(T).fill(res) : Float64Array.from(res);
    }
    return new LocalSeries(new NDArray(acc, [1, T]));
  }

  async recordKeys(): Promise<Float64Array> {
    return this.keys ? Float64Array.from(this.keys) : Float64Array.from({ length: this.n }, (_, i) => i);
  }

  async fromValues(values: NDArray): Promise<SeriesImpl> {
    return new LocalSeries(values);
  }
}

function writeResult(out: TypedArray, r: number, length: number, res: number | Float64Array): void {
  if (typeof res === 'number') out.fill(res, r * length, (r + 1) * length);
  else out.set(res, r * length);
}
