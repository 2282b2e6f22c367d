/**
 * Thunder's flat binary formats.
 * - Images: one raw little-endian file per image, `conf.json` {"shape"|"dims": [...], "dtype"}.
 * - Series (Thunder 1.x): raw values of all records in C order, `conf.json` {"shape", "dtype"}.
 * - Series (Thunder 0.x, the example data): records of `nkeys` keys (`keytype`) followed by
 *   `nvalues` values (`valuetype`); keys give each record's position in `dims` (or in the grid
 *   spanned by the largest keys when `dims` is absent).
 * Every size mismatch between conf.json and the files is a `DataFormatError` naming the file.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stat } from 'node:fs/promises';
import { DataFormatError, InvalidArgumentError } from '../../common/errors.js';
import { DTYPES, Float16Values, INT64_MAX_EXACT, ITEM_BYTES, Int64Values, NDArray, dtypeOf, sizeOf, typedArrayFor, type DType, type TypedArray } from '../../common/ndarray.js';
import { readBytes } from './files.js';

const ALIASES: Record<string, DType> = { float: 'float64', double: 'float64', single: 'float32', '<f8': 'float64', '<f4': 'float32', '<i2': 'int16', '<u2': 'uint16', '|u1': 'uint8', '<i4': 'int32', '<i8': 'int64', '<f2': 'float16', half: 'float16' };

/** Bytes per value of `dtype` in files (numpy's itemsize: int64 8, float16 2). */
export function itemSize(dtype: DType): number {
  return ITEM_BYTES[dtype];
}

/** A numpy dtype name as one of ours; throws naming `where` for anything else (uint32, complex...). */
export function parseDtype(name: unknown, where: string): DType {
  const s = String(name).toLowerCase();
  const d = (DTYPES as readonly string[]).includes(s) ? (s as DType) : ALIASES[s];
  if (!d) throw new DataFormatError(where, `unsupported dtype ${JSON.stringify(name)}; supported: ${DTYPES.join(', ')}`);
  return d;
}

/** A dtype given as an option (not read from a file): `InvalidArgumentError` naming `argument` when unsupported. */
export function parseDtypeOption(name: unknown, argument: string): DType {
  try {
    return parseDtype(name, argument);
  } catch {
    throw new InvalidArgumentError(argument, `a supported dtype (${DTYPES.join(', ')})`, name);
  }
}

/** The directory whose conf.json describes `path` (a directory, a file in it, or a glob in it). */
async function confDir(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info?.isDirectory() ? path : dirname(path);
}

/** Parsed conf.json next to the data, or `{}` when there is none. */
export async function readConf(path: string, name = 'conf.json'): Promise<{ file: string; conf: Record<string, unknown> }> {
  const file = join(await confDir(path), name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { file, conf: {} };
  }
  try {
    const conf = JSON.parse(text) as unknown;
    if (typeof conf !== 'object' || conf === null || Array.isArray(conf)) throw new Error('not an object');
    return { file, conf: conf as Record<string, unknown> };
  } catch (cause) {
    throw new DataFormatError(file, 'is not a JSON object', { cause });
  }
}

export function parseShape(value: unknown, where: string): number[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((d) => Number.isInteger(d) && d > 0)) {
    throw new InvalidArgumentError(where, 'a non-empty list of positive integers', value);
  }
  return value as number[];
}

/** The value of the IEEE half-precision bit pattern `h` (0..65535). */
export function halfFromBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (exp === 0 ? mant * 2 ** -24 : (mant + 1024) * 2 ** (exp - 25));
}

/** The bit pattern of `x`, which must already be a half (a `Float16Values` element): exact, no rounding. */
export function halfBits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | (a / 2 ** -24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return sign | ((e + 15) << 10) | (a / 2 ** (e - 10) - 1024);
}

/**
 * Little-endian bytes (numpy's layout for `dtype`) as a typed array of `dtype`, copied so alignment
 * never matters. int64 values beyond ±(2^53 − 1) are a `DataFormatError` naming `where` (a double
 * cannot hold them exactly); float16 bit patterns become their values.
 */
export function fromBytes(bytes: Uint8Array, dtype: DType, where = 'binary data'): TypedArray {
  const n = bytes.byteLength / itemSize(dtype);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'int64') {
    const out = new Int64Values(n);
    for (let i = 0; i < n; i++) {
      const v = view.getBigInt64(i * 8, true);
      if (v > BigInt(INT64_MAX_EXACT) || v < -BigInt(INT64_MAX_EXACT)) {
        throw new DataFormatError(where, `int64 value ${v} at element ${i} is beyond ±(2^53 − 1), the integers this package holds exactly`);
      }
      out[i] = Number(v);
    }
    return out;
  }
  if (dtype === 'float16') {
    const out = new Float16Values(n);
    for (let i = 0; i < n; i++) out[i] = halfFromBits(view.getUint16(i * 2, true));
    return out;
  }
  const out = typedArrayFor(dtype, n);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** The values as numpy's little-endian bytes of their dtype: a view for most, a conversion for int64 (`<i8`) and float16 (`<f2`). */
export function toBytes(data: TypedArray): Uint8Array {
  const dtype = dtypeOf(data);
  if (dtype === 'int64') return new Uint8Array(BigInt64Array.from(data, (x) => BigInt(x)).buffer);
  if (dtype === 'float16') return new Uint8Array(Uint16Array.from(data, halfBits).buffer);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Fortran-order values of `shape` rearranged into C order. */
export function fortranToC(values: TypedArray, shape: readonly number[]): TypedArray {
  const out = typedArrayFor(new NDArray(values, [values.length]).dtype, values.length);
  const nd = shape.length;
  const fStride = new Array<number>(nd);
  let s = 1;
  for (let d = 0; d < nd; d++) {
    fStride[d] = s;
    s *= shape[d]!;
  }
  const idx = new Array<number>(nd).fill(0);
  for (let c = 0; c < values.length; c++) {
    let f = 0;
    for (let d = 0; d < nd; d++) f += idx[d]! * fStride[d]!;
    out[c] = values[f]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** Throws naming `file` unless it holds exactly one image of `shape` and `dtype`. */
export function checkImageBytes(file: string, byteLength: number, shape: readonly number[], dtype: DType): void {
  const expected = sizeOf(shape) * itemSize(dtype);
  if (byteLength !== expected) {
    throw new DataFormatError(file, `has ${byteLength} bytes but shape [${shape.join(', ')}] of ${dtype} needs ${expected} (check conf.json or the shape/dtype options)`);
  }
}

/** Throws unless the files' `byteLength` in all is exactly the values of `shape` ([...base, T]). */
export function checkSeriesBytes(files: readonly string[], byteLength: number, shape: readonly number[], dtype: DType, confFile: string): void {
  const expected = sizeOf(shape) * itemSize(dtype);
  if (byteLength !== expected) {
    throw new DataFormatError(files.length === 1 ? files[0]! : confFile, `${files.length} file(s) hold ${byteLength} bytes but ${basename(confFile)} shape [${shape.join(', ')}] of ${dtype} needs ${expected}`);
  }
}

/** Bytes per keyed record; throws unless `byteLength` is a whole number of records. */
export function checkKeyedBytes(files: readonly string[], byteLength: number, layout: Omit<KeyedLayout, 'dims'>, confFile: string): number {
  const { nkeys, keytype, valuetype, nvalues } = layout;
  const recordBytes = nkeys * itemSize(keytype) + nvalues * itemSize(valuetype);
  if (byteLength % recordBytes !== 0) {
    throw new DataFormatError(files.length === 1 ? files[0]! : confFile, `${byteLength} bytes is not a whole number of ${recordBytes}-byte records (${nkeys} ${keytype} keys + ${nvalues} ${valuetype} values per ${basename(confFile)})`);
  }
  return recordBytes;
}

/** Throws unless `dims` has one axis per key and one position per record. */
export function checkKeyedDims(dims: readonly number[], nkeys: number, count: number, confFile: string): void {
  if (dims.length !== nkeys) throw new DataFormatError(confFile, `dims [${dims.join(', ')}] do not match nkeys ${nkeys}`);
  if (sizeOf(dims) !== count) {
    throw new DataFormatError(confFile, `dims [${dims.join(', ')}] have ${sizeOf(dims)} positions but the data holds ${count} records`);
  }
}

/** One image per file, each exactly prod(shape) values of dtype. */
export async function decodeBinaryImages(files: readonly string[], shape: readonly number[], dtype: DType, order: 'C' | 'F'): Promise<NDArray> {
  const size = sizeOf(shape);
  const out = typedArrayFor(dtype, files.length * size);
  for (let i = 0; i < files.length; i++) {
    const bytes = await readBytes(files[i]!);
    checkImageBytes(files[i]!, bytes.byteLength, shape, dtype);
    const values = fromBytes(bytes, dtype, files[i]!);
    out.set(order === 'F' ? fortranToC(values, shape) : values, i * size);
  }
  return new NDArray(out, [files.length, ...shape]);
}

async function concatFiles(files: readonly string[]): Promise<{ bytes: Uint8Array; sizes: number[] }> {
  const parts = await Promise.all(files.map(readBytes));
  const total = parts.reduce((a, p) => a + p.byteLength, 0);
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.byteLength;
  }
  return { bytes, sizes: parts.map((p) => p.byteLength) };
}

/** Thunder 1.x series: values only, C order over `shape` ([...base, T]). */
export async function decodeSeriesValues(files: readonly string[], shape: readonly number[], dtype: DType, confFile: string): Promise<NDArray> {
  const { bytes } = await concatFiles(files);
  checkSeriesBytes(files, bytes.byteLength, shape, dtype, confFile);
  return new NDArray(fromBytes(bytes, dtype, files.length === 1 ? files[0]! : `${files.length} files from ${files[0]}`), shape);
}

export interface KeyedLayout {
  readonly nkeys: number;
  readonly keytype: DType;
  readonly valuetype: DType;
  readonly nvalues: number;
  readonly dims: readonly number[] | undefined;
}

/** Thunder 0.x keyed series: each record's keys place it in the grid (first key = first axis). */
export async function decodeKeyedSeries(files: readonly string[], layout: KeyedLayout, confFile: string): Promise<NDArray> {
  const { nkeys, keytype, valuetype, nvalues } = layout;
  const { bytes } = await concatFiles(files);
  const keyBytes = nkeys * itemSize(keytype);
  const recordBytes = checkKeyedBytes(files, bytes.byteLength, layout, confFile);
  const count = bytes.byteLength / recordBytes;
  const keys = new Float64Array(count * nkeys);
  const values = typedArrayFor(valuetype, count * nvalues);
  for (let r = 0; r < count; r++) {
    const at = r * recordBytes;
    keys.set(fromBytes(bytes.subarray(at, at + keyBytes), keytype), r * nkeys);
    values.set(fromBytes(bytes.subarray(at + keyBytes, at + recordBytes), valuetype), r * nvalues);
  }
  let dims = layout.dims;
  if (!dims) {
    const max = new Array<number>(nkeys).fill(0);
    for (let r = 0; r < count; r++) for (let k = 0; k < nkeys; k++) max[k] = Math.max(max[k]!, keys[r * nkeys + k]!);
    dims = max.map((m) => m + 1);
  }
  checkKeyedDims(dims, nkeys, count, confFile);
  const out = typedArrayFor(valuetype, count * nvalues);
  const filled = new Uint8Array(count);
  for (let r = 0; r < count; r++) {
    let flat = 0;
    for (let k = 0; k < nkeys; k++) {
      const key = keys[r * nkeys + k]!;
      if (!Number.isInteger(key) || key < 0 || key >= dims[k]!) throw new DataFormatError(files[0]!, `record ${r} has key ${key} outside dims [${dims.join(', ')}]`);
      flat = flat * dims[k]! + key;
    }
    if (filled[flat]) throw new DataFormatError(files[0]!, `two records share the keys of record ${r}`);
    filled[flat] = 1;
    out.set(values.subarray(r * nvalues, (r + 1) * nvalues), flat * nvalues);
  }
  return new NDArray(out, [...dims, nvalues]);
}
