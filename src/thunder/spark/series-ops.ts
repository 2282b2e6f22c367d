/**
 * Series operations on Spark that pair records or reach across them, as DataFrame plans over
 * `(key bigint, values array<double>)`: two-record expressions over a join by key or against one
 * broadcast record, expressions that see the record's grid coordinates, record selection by rank,
 * and the pairwise fold. Each takes the kernel path (`thunder_pair`) or the SQL path (`pairSql`),
 * with the same semantics as the local engine (local/series.ts).
 */
import { aggregate, callFunction, col, expr, lit, numericColumn, type Column, type DataFrame } from '../../connect/index.js';
import type { Expr } from '../../udf/expr.js';
import { renumbered, type SparkContext } from './context.js';
import { letIn, pairSql } from './expressions.js';
import { kernelPair } from './kernels/exprs.js';
import { unpackedSql } from './kernels/packed.js';
import { withFileErrors } from './file-errors.js';

/**
 * The two-record expression as a record column of `ctx`'s path (packed on the kernel path, see
 * kernels/packed.ts): input 0 = column `a`, input 1 = column `b`.
 */
function pairColumn(ctx: SparkContext, e: Expr, a: string, b: string): Column {
  return ctx.kernels ? packed(kernelPair(e, a, b)) : expr(pairSql(e, a, b));
}

/** `thunder_pack` of a numeric array (or packed) column as float64. */
const packed = (c: Column): Column => callFunction('thunder_pack', c, lit('float64'));

/** Each record of `df` paired with the same-key record of `other`. */
export function combineByKey(ctx: SparkContext, df: DataFrame, other: DataFrame, e: Expr): DataFrame {
  const right = other.selectExpr('key', 'values AS _b');
  return df.join(right, 'key').select(col('key'), pairColumn(ctx, e, 'values', '_b').alias('values'));
}

/** Each record of `df` paired with the only record of `one`. */
export function combineWithOne(ctx: SparkContext, df: DataFrame, one: DataFrame, e: Expr): DataFrame {
  return df.crossJoin(one.selectExpr('values AS _b')).select(col('key'), pairColumn(ctx, e, 'values', '_b').alias('values'));
}

/**
 * `e` with input 1 = the record's C-order coordinates in `grid`, from its rank in key order
 * (`dense`: the key is the rank).
 */
export function mapWithCoordinates(ctx: SparkContext, df: DataFrame, grid: readonly number[], dense: boolean, e: Expr): DataFrame {
  const ranked = dense ? df : renumbered(df, 'key');
  const strides = grid.map((_, d) => grid.slice(d + 1).reduce((a, b) => a * b, 1));
  const coords = grid.length === 0 ? 'array()' : `array(${grid.map((n, d) => `CAST((key DIV ${strides[d]}) % ${n} AS DOUBLE)`).join(', ')})`;
  return ranked.selectExpr('key', 'values', `${coords} AS _k`).select(col('key'), pairColumn(ctx, e, 'values', '_k').alias('values'));
}

/** The records at `ranks` (in key order), renumbered 0..m-1 in that order; a rank may repeat. */
export function takeByRanks(ctx: SparkContext, df: DataFrame, dense: boolean, ranks: readonly number[]): DataFrame {
  const ranked = dense ? df : renumbered(df, 'key');
  const pairs = ranks.map((r, j) => `named_struct('key', CAST(${r} AS BIGINT), '_new', CAST(${j} AS BIGINT))`).join(', ');
  const mapping = ctx.session.range(1).selectExpr(`inline(array(${pairs}))`);
  return ranked.join(mapping, 'key').selectExpr('_new AS key', 'values');
}

/**
 * Folds the records in key order on one executor: they are gathered into one sorted array (only
 * the result comes back), then `aggregate` applies the two-record expression. No records: no row.
 */
export function foldRecords(ctx: SparkContext, df: DataFrame, e: Expr): DataFrame {
  const all = df.agg(expr('array_sort(collect_list(struct(key, values AS v))) AS _all')).filter('size(_all) > 0');
  // The kernel path folds in array<double> (what thunder_pair returns) and packs the result once.
  const values = ctx.kernels
    ? packed(aggregate(expr('slice(_all, 2, size(_all))'), expr(`${unpackedSql('element_at(_all, 1).v')}`), (acc, r) => kernelPair(e, acc, r.getField('v'))))
    : expr(`aggregate(slice(_all, 2, size(_all)), element_at(_all, 1).v, (_acc, _r) -> ${letIn('_r.v', '_b', pairSql(e, '_acc', '_b'))})`);
  return all.select(expr('CAST(0 AS BIGINT)').alias('key'), values.alias('values'));
}

/** The keys in ascending order. */
export async function sortedKeys(df: DataFrame): Promise<Float64Array> {
  const table = await withFileErrors(df.selectExpr('CAST(key AS DOUBLE) AS _k').toArrow());
  return Float64Array.from(numericColumn(table, '_k').values as Float64Array).sort();
}

