/**
 * Kernels over a record matrix: `count` records of `len` values stored contiguously in one typed
 * array (C order). Shared by local Images (records = images) and local Series (records = voxels).
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { dtypeOf, typedArrayFor, type DType, type TypedArray } from '../../common/ndarray.js';
import { LocalProgram } from '../../udf/evaluate.js';
import type { Expr } from '../../udf/expr.js';
import { EMPTY_EXTREMUM, type Stat } from '../engine.js';

/** A record as doubles: a view when already float64, else a copy into `scratch`. */
function asDoubles(values: TypedArray, r: number, len: number, scratch: Float64Array): Float64Array {
  const start = r * len;
  if (values instanceof Float64Array) return values.subarray(start, start + len);
  for (let i = 0; i < len; i++) scratch[i] = values[start + i]!;
  return scratch;
}

export function mapRecords(values: TypedArray, count: number, len: number, expr: Expr, outLen: number, dtype: DType): TypedArray {
  const program = new LocalProgram(expr);
  const out = typedArrayFor(dtype, count * outLen);
  const scratch = new Float64Array(len);
  for (let r = 0; r < count; r++) {
    const res = program.run([asDoubles(values, r, len, scratch)]);
    if (typeof res === 'number') out[r * outLen] = res;
    else out.set(res, r * outLen);
  }
  return out;
}

/** Positions of the records for which the predicate holds. */
export function filterRecords(values: TypedArray, count: number, len: number, predicate: Expr): Int32Array {
  const program = new LocalProgram(predicate);
  const scratch = new Float64Array(len);
  const keep: number[] = [];
  for (let r = 0; r < count; r++) if ((program.run([asDoubles(values, r, len, scratch)]) as number) !== 0) keep.push(r);
  return Int32Array.from(keep);
}

/** The records at the given positions, in that order. */
export function takeRecords(values: TypedArray, len: number, positions: ArrayLike<number>): TypedArray {
  const out = typedArrayFor(dtypeOf(values), positions.length * len);
  for (let k = 0; k < positions.length; k++) {
    const s = positions[k]! * len;
    out.set(values.subarray(s, s + len), k * len);
  }
  return out;
}

/** The dtype a statistic across records keeps: max/min keep the input's, others are float64. */
export function statDtype(stat: Stat, dtype: DType): DType {
  return stat === 'max' || stat === 'min' ? dtype : 'float64';
}

/**
 * A statistic across records for every position. NaN propagates (max/min too); std/var are
 * population (ddof 0), two-pass; mean/std/var of zero records are NaN, sum 0; max/min of zero
 * records are an `InvalidArgumentError` (`EMPTY_EXTREMUM`).
 */
export function aggregateRecords(values: TypedArray, count: number, len: number, stat: Stat): Float64Array {
  const out = new Float64Array(len);
  if (stat === 'max' || stat === 'min') {
    if (count === 0) throw new InvalidArgumentError(`${stat}()`, EMPTY_EXTREMUM.expected, EMPTY_EXTREMUM.got);
    out.fill(stat === 'max' ? -Infinity : Infinity);
    for (let r = 0; r < count; r++) {
      const base = r * len;
      for (let i = 0; i < len; i++) {
        const x = values[base + i]!;
        const m = out[i]!;
        out[i] = x !== x || m !== m ? NaN : stat === 'max' ? (x > m ? x : m) : x < m ? x : m;
      }
    }
    return out;
  }
  for (let r = 0; r < count; r++) {
    const base = r * len;
    for (let i = 0; i < len; i++) out[i] += values[base + i]!;
  }
  if (stat === 'sum') return out;
  for (let i = 0; i < len; i++) out[i] = out[i]! / count;
  if (stat === 'mean') return out;
  const ss = new Float64Array(len);
  for (let r = 0; r < count; r++) {
    const base = r * len;
    for (let i = 0; i < len; i++) {
      const d = values[base + i]! - out[i]!;
      ss[i] += d * d;
    }
  }
  for (let i = 0; i < len; i++) ss[i] = stat === 'std' ? Math.sqrt(ss[i]! / count) : ss[i]! / count;
  return ss;
}

/** Swaps the record axis and the value axis: [rows, cols] → [cols, rows]. */
export function transpose(values: TypedArray, rows: number, cols: number): TypedArray {
  const out = typedArrayFor(dtypeOf(values), rows * cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = values[base + c]!;
  }
  return out;
}

/** Converts a float64 result to a storage dtype (typed-array semantics). */
export function toDtype(values: Float64Array, dtype: DType): TypedArray {
  if (dtype === 'float64') return values;
  const out = typedArrayFor(dtype, values.length);
  out.set(values);
  return out;
}
