/**
 * Aggregate functions, for `groupBy(...).agg(...)`, `df.agg(...)` and windows.
 * Nulls are skipped; an empty group gives null (count gives 0).
 */
import { InvalidArgumentError } from '../../../common/errors.js';
import { Column, columnExpr, type ColumnOrName } from '../column.js';
import { fn } from '../expressions.js';
import { literalExpression } from '../literals.js';
import { DataTypes } from '../types.js';
import { call, callOnColumns, doubles, integerArg, unary } from './shared.js';

/** Number of non-null values; `count('*')` counts rows. */
export const count = unary('count');
/** Number of distinct non-null combinations of the columns. */
export function countDistinct(col: ColumnOrName, ...cols: readonly ColumnOrName[]): Column {
  const all = [col, ...cols];
  return new Column(fn('count', all.map((c, i) => columnExpr(c, `countDistinct(cols[${i}])`)), { distinct: true }));
}
/** HyperLogLog++ estimate of the distinct count, within relative standard deviation `rsd` (default 0.05). */
export const approxCountDistinct = (col: ColumnOrName, rsd?: number): Column =>
  call('approx_count_distinct', columnExpr(col, 'approxCountDistinct(col)'), ...(rsd === undefined ? [] : [doubles(rsd, 'approxCountDistinct(rsd)')]));
export const sum = unary('sum');
export const avg = unary('avg');
export const mean = unary('mean');
export const min = unary('min');
export const max = unary('max');
export const product = unary('product');
/** Sample standard deviation (as stddevSamp). */
export const stddev = unary('stddev');
export const stddevPop = unary('stddev_pop');
export const stddevSamp = unary('stddev_samp');
/** Sample variance (as varSamp). */
export const variance = unary('variance');
export const varPop = unary('var_pop');
export const varSamp = unary('var_samp');
export const skewness = unary('skewness');
export const kurtosis = unary('kurtosis');
export const collectList = unary('collect_list');
export const collectSet = unary('collect_set');
export const median = unary('median');
export const corr = (a: ColumnOrName, b: ColumnOrName): Column => callOnColumns('corr', [a, b]);
export const covarPop = (a: ColumnOrName, b: ColumnOrName): Column => callOnColumns('covar_pop', [a, b]);
export const covarSamp = (a: ColumnOrName, b: ColumnOrName): Column => callOnColumns('covar_samp', [a, b]);

function checkFractions(p: number | readonly number[], argument: string): void {
  const all = typeof p === 'number' ? [p] : p;
  if (!Array.isArray(all) && typeof p !== 'number') throw new InvalidArgumentError(argument, 'a number or an array of numbers in [0, 1]', p);
  for (const x of all) if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new InvalidArgumentError(argument, 'fractions in [0, 1]', x);
}

/**
 * Exact percentile(s) with linear interpolation (numpy's default); an array
 * of fractions gives an array. `frequency` weighs each row (a positive integer column or literal).
 */
export function percentile(col: ColumnOrName, percentage: number | readonly number[], frequency?: ColumnOrName | number): Column {
  checkFractions(percentage, 'percentile(percentage)');
  const freq = frequency === undefined ? [] : [typeof frequency === 'number' ? literalExpression(frequency, DataTypes.long, 'percentile(frequency)') : columnExpr(frequency, 'percentile(frequency)')];
  return call('percentile', columnExpr(col, 'percentile(col)'), doubles(percentage, 'percentile(percentage)'), ...freq);
}

/**
 * Approximate percentile(s): the smallest value such that at least the given
 * fraction of values is at or below it, within 1/accuracy rank error.
 */
export function percentileApprox(col: ColumnOrName, percentage: number | readonly number[], accuracy = 10000): Column {
  checkFractions(percentage, 'percentileApprox(percentage)');
  return call('percentile_approx', columnExpr(col, 'percentileApprox(col)'), doubles(percentage, 'percentileApprox(percentage)'), integerArg(accuracy, 'percentileApprox(accuracy)', 1));
}

/** First value of the group (in no defined order unless the input is sorted); skips nulls when asked. */
export const first = (col: ColumnOrName, ignoreNulls = false): Column =>
  call('first', columnExpr(col, 'first(col)'), literalExpression(ignoreNulls, DataTypes.boolean));
export const last = (col: ColumnOrName, ignoreNulls = false): Column =>
  call('last', columnExpr(col, 'last(col)'), literalExpression(ignoreNulls, DataTypes.boolean));
/** Number of rows where the condition is true. */
export const countIf = (condition: ColumnOrName): Column => callOnColumns('count_if', [condition]);
