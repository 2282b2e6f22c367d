/**
 * JavaScript data → an apache-arrow Table in the types Spark's Arrow reader
 * accepts. Inputs: an apache-arrow Table (as is), columns (name → array), or
 * rows (objects). Numeric typed arrays become columns without per-element
 * work; a list column can be given as `{ values, offsets }` (one contiguous
 * typed array) or as an array of arrays / typed arrays.
 *
 * Type inference (override with a DDL schema, which the server applies):
 * number → double, bigint → bigint, string → string, boolean → boolean,
 * Date → timestamp (UTC), number arrays → array<double> (typed arrays keep
 * their element type). Unsigned typed arrays widen to the next signed type
 * (Spark has no unsigned types).
 */
import {
  Bool,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  Table,
  TimeUnit,
  Timestamp,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { InvalidArgumentError, describe } from '../../common/errors.js';
import type { ListColumn, NumericArray } from '../arrow/columns.js';

/** A list column as one contiguous typed array: row i is `values[offsets[i] .. offsets[i+1])` (what `listColumn` returns). */
export type ListInput = Pick<ListColumn, 'values' | 'offsets'>;

export type CellValue = null | undefined | number | bigint | string | boolean | Date | readonly number[] | NumericArray;
export type ColumnData = NumericArray | readonly CellValue[] | ListInput;
export type RowData = Readonly<Record<string, CellValue>>;

function isNumericArray(x: unknown): x is NumericArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

function isListColumn(x: unknown): x is ListInput {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !isNumericArray(x) && 'values' in x && 'offsets' in x;
}

/** Spark-compatible signed copy of an unsigned typed array; other arrays are returned as they are (no copy). */
function signed(a: NumericArray): Exclude<NumericArray, Uint8Array | Uint16Array | Uint32Array | BigUint64Array> {
  if (a instanceof BigUint64Array) return BigInt64Array.from(a, (v) => BigInt.asIntN(64, v));
  if (a instanceof Uint8Array) return Int16Array.from(a);
  if (a instanceof Uint16Array) return Int32Array.from(a);
  if (a instanceof Uint32Array) return BigInt64Array.from(a, (v) => BigInt(v));
  return a;
}

function arrowTypeOf(a: NumericArray): DataType {
  const s = signed(a);
  if (s instanceof Float64Array) return new Float64();
  if (s instanceof Float32Array) return new Float32();
  if (s instanceof Int32Array) return new Int32();
  if (s instanceof Int16Array) return new Int16();
  if (s instanceof Int8Array) return new Int8();
  return new Int64();
}

function listVector(values: NumericArray, offsets: Int32Array, name: string): Vector {
  const child = signed(values);
  const n = offsets.length - 1;
  if (n < 0 || offsets[0] !== 0 || offsets[n]! > child.length) {
    throw new InvalidArgumentError(`${name}.offsets`, `n+1 non-decreasing offsets from 0 to at most values.length (${child.length})`, offsets);
  }
  const childType = arrowTypeOf(child);
  const childData = makeData({ type: childType, length: child.length, nullCount: 0, data: child } as never);
  const type = new List(new Field('element', childType, false));
  return makeVector(makeData({ type, length: n, nullCount: 0, valueOffsets: offsets, child: childData }));
}

function listFromRows(cells: readonly CellValue[], name: string): Vector {
  let total = 0;
  let proto: NumericArray | undefined;
  for (const c of cells) {
    if (c === null || c === undefined) throw new InvalidArgumentError(name, 'no null rows in an array column (use a DDL schema and a Table for nullable arrays)');
    const arr = c as readonly number[] | NumericArray;
    total += arr.length;
    if (isNumericArray(arr) && proto === undefined) proto = arr;
  }
  const Ctor = (proto?.constructor ?? Float64Array) as new (n: number) => NumericArray;
  const values = new Ctor(total);
  const offsets = new Int32Array(cells.length + 1);
  let at = 0;
  cells.forEach((c, i) => {
    const arr = c as ArrayLike<number>;
    if (values instanceof BigInt64Array) for (let k = 0; k < arr.length; k++) values[at + k] = BigInt(arr[k]!);
    else (values as Float64Array).set(arr, at);
    at += arr.length;
    offsets[i + 1] = at;
  });
  return listVector(values, offsets, name);
}

function columnVector(name: string, data: ColumnData): Vector {
  if (isNumericArray(data)) {
    const s = signed(data);
    return makeVector(s as Float64Array);
  }
  if (isListColumn(data)) return listVector(data.values, data.offsets, name);
  if (!Array.isArray(data)) throw new InvalidArgumentError(`column ${JSON.stringify(name)}`, 'a typed array, an array of values, or { values, offsets }', data);
  const cells = data as readonly CellValue[];
  const first = cells.find((c) => c !== null && c !== undefined);
  if (first === undefined) return vectorFromArray(cells.map(() => null), new Utf8());
  const check = (pred: (c: CellValue) => boolean, what: string) => {
    const bad = cells.findIndex((c) => c !== null && c !== undefined && !pred(c));
    if (bad >= 0) throw new InvalidArgumentError(`column ${JSON.stringify(name)}[${bad}]`, what, cells[bad]);
  };
  switch (typeof first) {
    case 'number':
      check((c) => typeof c === 'number', 'a number (like the first value)');
      return vectorFromArray(cells as (number | null)[], new Float64());
    case 'bigint':
      check((c) => typeof c === 'bigint', 'a bigint (like the first value)');
      return vectorFromArray(cells as (bigint | null)[], new Int64());
    case 'string':
      check((c) => typeof c === 'string', 'a string (like the first value)');
      return vectorFromArray(cells as (string | null)[], new Utf8());
    case 'boolean':
      check((c) => typeof c === 'boolean', 'a boolean (like the first value)');
      return vectorFromArray(cells as (boolean | null)[], new Bool());
    default:
      break;
  }
  if (first instanceof Date) {
    check((c) => c instanceof Date, 'a Date (like the first value)');
    const micros = new BigInt64Array(cells.length);
    const valid = cells.map((c) => c instanceof Date);
    cells.forEach((c, i) => {
      if (c instanceof Date) micros[i] = BigInt(c.getTime()) * 1000n;
    });
    const type = new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    const nulls = valid.filter((v) => !v).length;
    const bitmap = nulls === 0 ? undefined : packValidity(valid);
    return makeVector(makeData({ type, length: cells.length, nullCount: nulls, data: micros, ...(bitmap ? { nullBitmap: bitmap } : {}) } as never));
  }
  if (Array.isArray(first) || isNumericArray(first)) {
    check((c) => Array.isArray(c) || isNumericArray(c), 'an array of numbers (like the first value)');
    return listFromRows(cells, `column ${JSON.stringify(name)}`);
  }
  throw new InvalidArgumentError(`column ${JSON.stringify(name)}`, 'numbers, bigints, strings, booleans, Dates or numeric arrays', first);
}

function packValidity(valid: boolean[]): Uint8Array {
  const bits = new Uint8Array(Math.ceil(valid.length / 8));
  valid.forEach((v, i) => {
    if (v) bits[i >> 3]! |= 1 << (i & 7);
  });
  return bits;
}

export type DataInput = Table | Readonly<Record<string, ColumnData>> | readonly RowData[];

export function toArrowTable(data: DataInput): Table {
  if (data instanceof Table) return data;
  if (Array.isArray(data)) {
    const rows = data as readonly RowData[];
    if (rows.length === 0) throw new InvalidArgumentError('data', 'at least one row (give a DDL schema and an empty Table for an empty DataFrame)', rows);
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      if (typeof r !== 'object' || r === null) throw new InvalidArgumentError('data', 'an array of row objects', r);
      for (const k of Object.keys(r)) if (!seen.has(k)) (seen.add(k), names.push(k));
    }
    const columns: Record<string, CellValue[]> = {};
    for (const n of names) columns[n] = rows.map((r) => r[n] ?? null);
    return toArrowTable(columns);
  }
  if (typeof data !== 'object' || data === null) throw new InvalidArgumentError('data', 'an apache-arrow Table, columns { name: array } or an array of rows', describe(data));
  const entries = Object.entries(data as Record<string, ColumnData>);
  if (entries.length === 0) throw new InvalidArgumentError('data', 'at least one column');
  const vectors: Record<string, Vector> = {};
  let length: number | undefined;
  for (const [name, col] of entries) {
    const v = columnVector(name, col);
    if (length !== undefined && v.length !== length) {
      throw new InvalidArgumentError(`column ${JSON.stringify(name)}`, `the same length as the other columns (${length})`, v.length);
    }
    length = v.length;
    vectors[name] = v;
  }
  return new Table(vectors);
}
