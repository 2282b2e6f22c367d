/**
 * Local Series: records in one C-order typed array [count, T] in key order, with the base shape
 * and (after a filter or sample) the surviving keys. Transformations compute eagerly.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { NDArray, sizeOf, type DType, type TypedArray } from '../../common/ndarray.js';
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

  repartition(): SeriesImpl {
    return this;
  }

  cache(): SeriesImpl {
    return this;
  }

  uncache(): SeriesImpl {
    return this;
  }

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

  async sample(n: number, seed: number): Promise<SeriesImpl> {
    return this.subset(choosePositions(this.n, n, seed));
  }
}
