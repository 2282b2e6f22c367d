/** Ranking and offset functions, used with `.over(window)`. */
import type { Column, ColumnOrName, ColumnOrValue } from '../column.js';
import { columnExpr } from '../column.js';
import { call, integerArg, value } from './shared.js';

/** 1, 2, 3... within the window partition, in window order. */
export const rowNumber = (): Column => call('row_number');
/** Rank with gaps after ties (1, 1, 3). */
export const rank = (): Column => call('rank');
/** Rank without gaps (1, 1, 2). */
export const denseRank = (): Column => call('dense_rank');
/** (rank - 1) / (rows in partition - 1). */
export const percentRank = (): Column => call('percent_rank');
/** Fraction of partition rows at or before this row. */
export const cumeDist = (): Column => call('cume_dist');
/** Bucket number 1..n of the row within its partition. */
export const ntile = (n: number): Column => call('ntile', integerArg(n, 'ntile(n)', 1));

function offsetFn(name: 'lag' | 'lead') {
  return (col: ColumnOrName, offset = 1, defaultValue: ColumnOrValue = null): Column =>
    call(name, columnExpr(col, `${name}(col)`), integerArg(offset, `${name}(offset)`), value(defaultValue, `${name}(defaultValue)`));
}
/** The value `offset` rows before this one in the window (defaultValue where there is none). */
export const lag = offsetFn('lag');
/** The value `offset` rows after this one in the window (defaultValue where there is none). */
export const lead = offsetFn('lead');
