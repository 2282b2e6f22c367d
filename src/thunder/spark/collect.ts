/**
 * Results of record DataFrames `(position, values)` read into one C-order typed array through
 * Arrow (`listColumn`/`numericColumn`): no JavaScript object per value or per record. Rows arrive
 * in partition order, so each record is copied to the slot its position says — no sort on the
 * cluster and none on the driver when positions are dense (0..n-1).
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { NDArray, typedArrayFor, type DType } from '../../common/ndarray.js';
import { listColumn, numericColumn, type DataFrame } from '../../connect/index.js';
import { withFileErrors } from './file-errors.js';

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
  const list = listColumn(table, 'values');
  const n = list.length;
  const slot = dense ? pos : ranks(pos);
  const out = typedArrayFor(dtype, n * len);
  const { values, offsets } = list;
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    if (offsets[i + 1]! - start !== len) throw new InvalidArgumentError('records', `${len} values per record`, offsets[i + 1]! - start);
    const p = slot[i]!;
    if (!(p >= 0 && p < n)) throw new InvalidArgumentError('record positions', `dense positions in [0, ${n})`, p);
    const base = p * len;
    for (let j = 0; j < len; j++) out[base + j] = values[start + j] as number;
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
  const list = listColumn(table, 'values');
  if (list.length === 0) return undefined;
  const out = typedArrayFor(dtype, list.offsets[1]! - list.offsets[0]!);
  for (let j = 0; j < out.length; j++) out[j] = list.values[list.offsets[0]! + j] as number;
  return new NDArray(out, [out.length]);
}
