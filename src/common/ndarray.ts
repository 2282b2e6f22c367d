/**
 * A dense n-dimensional array in C (row-major) order: the currency between the
 * engines (local, Spark) and the figure builders. `data.length` always equals
 * the product of `shape`.
 *
 * Storage per dtype (in memory; on disk, `toBinary`/`fromBinary` use numpy's little-endian
 * layouts, `ITEM_BYTES`): uint8 Uint8Array (1 byte), uint16 Uint16Array (2), int16 Int16Array
 * (2), int32 Int32Array (4), float32 Float32Array (4), float64 Float64Array (8), and two
 * subclasses whose elements read as plain numbers everywhere (`data[i]` is the value, no bigint,
 * no bit pattern):
 * - int64: `Int64Values` (a Float64Array, 8 bytes; on disk numpy's `<i8`, 8 bytes) holding
 *   integers in the exact range ±(2^53 − 1); conversions that would leave it throw instead of
 *   rounding (`toInt64`).
 * - float16: `Float16Values` (a Float32Array, 4 bytes; on disk numpy's `<f2`, 2 bytes) holding
 *   IEEE half-precision numbers, every one exact in float32 (`roundToHalf`).
 * Typed-array stores do not convert into these two: code that fills them stores values already
 * converted (every engine's `astype`/`map({ dtype })` does), and `fromArray` checks user data.
 */
import { InvalidArgumentError } from './errors.js';

/** int64 values: integers within ±(2^53 − 1), stored as doubles (exact there). See the module doc. */
export class Int64Values extends Float64Array {}

/** float16 values: IEEE half-precision numbers, stored as float32 (exact for every half). See the module doc. */
export class Float16Values extends Float32Array {}

export type DType = 'uint8' | 'uint16' | 'int16' | 'int32' | 'float32' | 'float64' | 'int64' | 'float16';

export type TypedArray = Uint8Array | Uint16Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** Every dtype; new ones go last (their index is a wire code: spark-kernels `StorageType`). */
export const DTYPES: readonly DType[] = ['uint8', 'uint16', 'int16', 'int32', 'float32', 'float64', 'int64', 'float16'];

const CONSTRUCTORS = {
  uint8: Uint8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
  int64: Int64Values,
  float16: Float16Values,
} as const;

/** Bytes per element on disk (numpy's itemsize): what binary files, TIFF pages and block sizes count. */
export const ITEM_BYTES: Readonly<Record<DType, number>> = { uint8: 1, uint16: 2, int16: 2, int32: 4, float32: 4, float64: 8, int64: 8, float16: 2 };

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
  // The subclasses before their bases: an Int64Values is also a Float64Array.
  if (data instanceof Float16Values) return 'float16';
  if (data instanceof Int64Values) return 'int64';
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  throw new InvalidArgumentError('data', 'a Uint8/Uint16/Int16/Int32/Float32/Float64Array (or Int64Values/Float16Values)', data);
}

/** The largest magnitude int64 holds here: 2^53 − 1, the last integer every double above it cannot pass exactly. */
export const INT64_MAX_EXACT = Number.MAX_SAFE_INTEGER;

/**
 * numpy's `astype('int64')` of a finite double (truncation toward zero), or undefined when the
 * result is not an exact int64 here: NaN, ±Inf, or an integer part beyond ±(2^53 − 1). Callers
 * throw their typed error for undefined; nothing is ever rounded.
 */
export function toInt64(x: number): number | undefined {
  const t = Math.trunc(x);
  return t >= -INT64_MAX_EXACT && t <= INT64_MAX_EXACT ? t + 0 : undefined;
}

/** Rounds y to the nearest integer, ties to even (y finite, |y| < 2^52: `y - floor(y)` is exact). */
function roundTiesEven(y: number): number {
  const f = Math.floor(y);
  const d = y - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * `x` rounded to the nearest IEEE half-precision number, ties to even, straight from the double
 * (rounding through float32 first could round twice): numpy's float64 → float16. Beyond the
 * largest half 65504 the rounding reaches 65536 (|x| ≥ 65520) and gives ±Inf; below 2^-14 the
 * halves are subnormal (multiples of 2^-24); NaN stays NaN, the sign of zero is kept.
 * Mirrored by spark-kernels `io/NumpyCasts.toHalf` and `udf/spark-sql.ts` `castText`.
 */
export function roundToHalf(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Infinity : -Infinity;
  // The spacing of halves around a: 2^-24 below 2^-14 (subnormals), else 2^(e-10) for a in [2^e, 2^(e+1)).
  let quantum = 2 ** -24;
  if (a >= 2 ** -14) {
    let e = Math.floor(Math.log2(a));
    // log2 may be off by one next to a power of two: settle e exactly.
    if (2 ** e > a) e--;
    else if (2 ** (e + 1) <= a) e++;
    quantum = 2 ** (e - 10);
  }
  // Division and multiplication by a power of two are exact here.
  const r = roundTiesEven(a / quantum) * quantum;
  return x < 0 || Object.is(x, -0) ? -r : r;
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
