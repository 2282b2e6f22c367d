/**
 * Results of record DataFrames `(position, values)` read into one C-order typed array through
 * Arrow (`listColumn`/`binaryColumn`/`numericColumn`): no JavaScript object per value or per
 * record. Rows arrive in partition order, so each record is copied to the slot its position says
 * — no sort on the cluster and none on the driver when positions are dense (0..n-1). `values` may
 * be numeric arrays (the SQL path) or packed records (the kernel path, `kernels/packed.ts`): the
 * result's Arrow type says which.
 */
import type { Table } from 'apache-arrow';
import { Type } from 'apache-arrow';
import { DataFormatError, InvalidArgumentError } from '../../common/errors.js';
import { INT64_MAX_EXACT, NDArray, typedArrayFor, type DType, type TypedArray } from '../../common/ndarray.js';
import { binaryColumn, listChunks, numericColumn, type DataFrame } from '../../connect/index.js';
import { withFileErrors } from './file-errors.js';
import { packedCount, unpackInto } from './kernels/packed.js';

interface Records {
  readonly rows: number;
  /** The number of values of row i. */
  count(i: number): number;
  /** Row i's values written to `out[at, at + count(i))`. */
  read(i: number, out: TypedArray, at: number): void;
}

/** The `values` column of `table` (numeric arrays or packed records) as readable rows. */
function recordsOf(table: Table): Records {
  if (table.schema.fields.find((f) => f.name === 'values')?.type.typeId === Type.Binary) {
    const { values, offsets, length } = binaryColumn(table, 'values');
    return {
      rows: length,
      count: (i) => packedCount(values, offsets[i]!, offsets[i + 1]!),
      read: (i, out, at) => void unpackInto(values, offsets[i]!, offsets[i + 1]!, out, at),
    };
  }
  // Batch by batch, as views of the Arrow buffers: each record is copied once, straight to its
  // slot (listColumn would first join all batches into one more copy of the whole result).
  const chunks = listChunks(table, 'values');
  // Rows are read in order, so a cursor finds each row's batch; it restarts for a row before it.
  let c = 0;
  let first = 0;
  const locate = (i: number): number => {
    if (i < first) c = first = 0;
    while (i >= first + chunks[c]!.length) first += chunks[c++]!.length;
    return i - first;
  };
  return {
    rows: chunks.reduce((n, ch) => n + ch.length, 0),
    count: (i) => {
      const k = locate(i);
      const offsets = chunks[c]!.offsets;
      return Number(offsets[k + 1]!) - Number(offsets[k]!);
    },
    read: (i, out, at) => {
      const k = locate(i);
      const { values, offsets } = chunks[c]!;
      const row = values.subarray(Number(offsets[k]!), Number(offsets[k + 1]!));
      if (row instanceof BigInt64Array || row instanceof BigUint64Array) readBigInts(row, out, at, i);
      // TypedArray.set converts element types as the assignment would (double into float32, ...).
      else (out as Float64Array).set(row as unknown as Float64Array, at);
    },
  };
}

/**
 * A row of `array<bigint>` (a DataFrame of the caller's; this package stores int64 as double) into
 * `out` as numbers: exact within ±(2^53 − 1), anything beyond is a `DataFormatError` naming the
 * row instead of a rounded value.
 */
function readBigInts(row: BigInt64Array | BigUint64Array, out: TypedArray, at: number, rowIndex: number): void {
  const max = BigInt(INT64_MAX_EXACT);
  for (let j = 0; j < row.length; j++) {
    const v = row[j]!;
    if (v > max || v < -max) throw new DataFormatError('records', `row ${rowIndex} holds the bigint ${v} at element ${j}, beyond ±(2^53 − 1), the integers a number holds exactly`);
    out[at + j] = Number(v);
  }
}

export interface Collected {
  /** count × len values in position order. */
  readonly data: NDArray;
  readonly count: number;
}

/**
 * Collects `df` (`position` bigint, `values` array) as `[count, len]` of `dtype`. With `dense`
 * positions are 0..count-1; otherwise they are ranked (ascending) on the driver.
 */
export async function collectRecords(df: DataFrame, position: string, len: number, dtype: DType, dense: boolean): Promise<Collected> {
  const table = await withFileErrors(df.selectExpr(`CAST(${position} AS DOUBLE) AS _pos`, 'values').toArrow());
  const pos = numericColumn(table, '_pos').values as Float64Array;
  const records = recordsOf(table);
  const n = records.rows;
  const slot = dense ? pos : ranks(pos);
  const out = typedArrayFor(dtype, n * len);
  for (let i = 0; i < n; i++) {
    const got = records.count(i);
    if (got !== len) throw new InvalidArgumentError('records', `${len} values per record`, got);
    const p = slot[i]!;
    if (!(p >= 0 && p < n)) throw new InvalidArgumentError('record positions', `dense positions in [0, ${n})`, p);
    records.read(i, out, p * len);
  }
  return { data: new NDArray(out, [n, len]), count: n };
}

/** The ascending rank of every element (positions are distinct). */
function ranks(keys: Float64Array): Float64Array {
  const sorted = Float64Array.from(keys).sort();
  const out = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let lo = 0;
    let hi = sorted.length - 1;
    const k = keys[i]!;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

/** The first record by position (a top-1 per partition, not a sort), or undefined when empty. */
export async function firstRecord(df: DataFrame, position: string, dtype: DType): Promise<NDArray | undefined> {
  const table = await withFileErrors(df.orderBy(position).limit(1).select('values').toArrow());
  const records = recordsOf(table);
  if (records.rows === 0) return undefined;
  const out = typedArrayFor(dtype, records.count(0));
  records.read(0, out, 0);
  return new NDArray(out, [out.length]);
}
