/**
 * Packed records: how the kernel path stores every record's `values` (a Spark `binary`, one
 * spark-kernels `core/Chunk` per record, tag 0). A Java UDF receives and returns `binary` as the
 * byte[] itself, whereas every `array<…>` argument or result is converted element by element
 * into boxed numbers. Measured at 10⁸ values (docs/kernels.md, "Representation"), packed records
 * made the record operations 1.6–2.2× faster, and raw 8/16-bit data stay 1–2 bytes per value in
 * the cache and the shuffle.
 *
 * Layout (little-endian): bytes [0,8) tag, [8,12) count n, [12] element kind, [13,16) zero, then
 * n elements of that kind, the narrowest that gives every value back bit for bit.
 *
 * Invariant: an Images/Series whose context has `kernels` holds packed records; arrays are made
 * only where Spark itself needs them (`unpackedSql`: MLlib features, Spark SQL expressions).
 */
import { DataFormatError } from '../../../common/errors.js';
import type { DType, TypedArray } from '../../../common/ndarray.js';
import type { DataFrame } from '../../../connect/index.js';
import type { SparkContext } from '../context.js';

const HEADER = 16;
/** Element kinds, their widths and readers; must equal `Chunk.java`. */
const WIDTH = [8, 4, 4, 2, 2, 1] as const;

/** SQL: `values` (any numeric array, or packed) packed, stored as `dtype` first (`thunder_pack`: JS typed-array conversion). */
export function packedSql(values: string, dtype: DType = 'float64'): string {
  return `thunder_pack(${values}, '${dtype}')`;
}

/** `df` `(position, values array)` as the records of `ctx`'s path: packed on the kernel path, else as is. */
export function onPath(ctx: SparkContext, df: DataFrame, position: string): DataFrame {
  return ctx.kernels ? df.selectExpr(position, `${packedSql('values')} AS values`) : df.select(position, 'values');
}

/** SQL: packed `values` as `array<double>`. */
export function unpackedSql(values: string): string {
  return `thunder_unpack(${values})`;
}

/** The number of values of the packed record at `bytes[start, end)`; throws unless it is one. */
export function packedCount(bytes: Uint8Array, start: number, end: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const kind = end - start >= HEADER ? view.getUint8(12) : -1;
  const n = kind >= 0 ? view.getInt32(8, true) : -1;
  if (kind < 0 || kind >= WIDTH.length || n < 0 || end - start !== HEADER + n * WIDTH[kind]!) {
    throw new DataFormatError('records', `a packed record, got ${end - start} bytes (kind ${kind}, count ${n})`);
  }
  return n;
}

/** Writes the values of the packed record at `bytes[start, end)` to `out[at, at + n)`; returns n. */
export function unpackInto(bytes: Uint8Array, start: number, end: number, out: TypedArray, at: number): number {
  // Typed arrays drop writes past their end without a word: refuse instead.
  const n = packedCount(bytes, start, end);
  if (at < 0 || at + n > out.length) throw new RangeError(`a packed record of ${n} values does not fit at ${at} in ${out.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start + HEADER, end - start - HEADER);
  switch (bytes[start + 12]) {
    case 0:
      for (let i = 0; i < n; i++) out[at + i] = view.getFloat64(i * 8, true);
      break;
    case 1:
      for (let i = 0; i < n; i++) out[at + i] = view.getFloat32(i * 4, true);
      break;
    case 2:
      for (let i = 0; i < n; i++) out[at + i] = view.getInt32(i * 4, true);
      break;
    case 3:
      for (let i = 0; i < n; i++) out[at + i] = view.getInt16(i * 2, true);
      break;
    case 4:
      for (let i = 0; i < n; i++) out[at + i] = view.getUint16(i * 2, true);
      break;
    default:
      for (let i = 0; i < n; i++) out[at + i] = view.getUint8(i);
  }
  return n;
}
