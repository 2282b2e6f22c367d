/**
 * A dense n-dimensional array in C (row-major) order: the currency between the
 * engines (local, Spark) and the figure builders. `data.length` always equals
 * the product of `shape`.
 */
import { InvalidArgumentError } from './errors.js';

export type DType = 'uint8' | 'uint16' | 'int16' | 'int32' | 'float32' | 'float64';

export type TypedArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['uint8', 'uint16', 'int16', 'int32', 'float32', 'float64'];

const CONSTRUCTORS = {
  uint8: Uint8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

export type ArrayFor<D extends DType> = InstanceType<(typeof CONSTRUCTORS)[D]>;

export function typedArrayFor(dtype: DType, length: number): TypedArray {
  const Ctor = CONSTRUCTORS[dtype];
  if (!Ctor) throw new InvalidArgumentError('dtype', `one of ${DTYPES.join(', ')}`, dtype);
  return new Ctor(length);
}

export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  throw new InvalidArgumentError('data', 'a Uint8/Uint16/Int16/Int32/Float32/Float64Array', data);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export class NDArray<T extends TypedArray = TypedArray> {
  readonly shape: readonly number[];
  readonly data: T;
  readonly dtype: DType;
  private readonly strides: number[];

  constructor(data: T, shape: readonly number[]) {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new InvalidArgumentError('shape', 'non-negative integers', shape.join('x'));
    }
    if (sizeOf(shape) !== data.length) {
      throw new InvalidArgumentError('shape', `dimensions whose product is the data length ${data.length}`, `[${shape.join(', ')}]`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
    this.strides = new Array<number>(shape.length);
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      this.strides[i] = s;
      s *= shape[i]!;
    }
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** The element at a full index (one integer per axis). */
  get(...index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new InvalidArgumentError('index', `${this.shape.length} integers for shape [${this.shape.join(', ')}]`, index.length);
    }
    let offset = 0;
    for (let i = 0; i < index.length; i++) {
      const k = index[i]!;
      if (!Number.isInteger(k) || k < 0 || k >= this.shape[i]!) {
        throw new InvalidArgumentError(`index[${i}]`, `an integer in [0, ${this.shape[i]})`, k);
      }
      offset += k * this.strides[i]!;
    }
    return this.data[offset]!;
  }

  /** The same data viewed with another shape of equal size (no copy). */
  reshape(shape: readonly number[]): NDArray<T> {
    return new NDArray(this.data, shape);
  }

  /** Drops every axis of length 1, like numpy's squeeze (Thunder's toArray does this). */
  squeeze(): NDArray<T> {
    return new NDArray(this.data, this.shape.filter((d) => d !== 1));
  }

  /** The sub-array at `i` along the first axis (a view, no copy). */
  at(i: number): NDArray<T> {
    if (this.shape.length === 0) throw new InvalidArgumentError('at', 'an array with at least one axis', 'a scalar');
    const n = this.shape[0]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new InvalidArgumentError('at(i)', `an integer in [0, ${n})`, i);
    const step = this.strides[0]!;
    return new NDArray(this.data.subarray(i * step, (i + 1) * step) as T, this.shape.slice(1));
  }

  /** Nested plain arrays, for printing and small comparisons in tests. */
  toNested(): unknown {
    const build = (axis: number, offset: number): unknown => {
      if (axis === this.shape.length) return this.data[offset];
      const out: unknown[] = [];
      for (let i = 0; i < this.shape[axis]!; i++) out.push(build(axis + 1, offset + i * this.strides[axis]!));
      return out;
    };
    return build(0, 0);
  }
}
