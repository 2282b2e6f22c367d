/**
 * Column references, literals, conditionals and the generic escape hatch.
 * Naming: PySpark's function names in camelCase (`countDistinct`,
 * `monotonicallyIncreasingId`); the SQL name of anything not listed here
 * works through `callFunction('sql_name', ...)`.
 */
import { InvalidArgumentError } from '../../../common/errors.js';
import { Column, columnExpr, requireColumn, type ColumnOrName, type ColumnOrValue } from '../column.js';
import * as E from '../expressions.js';
import { literalExpression, type LiteralValue } from '../literals.js';
import { DataTypes, type DataType } from '../types.js';
import { call, callOnColumns, value } from './shared.js';

/** A column by name: `col('v')`, `col('s.field')`, `col('*')`, `col('t.*')`. Not bound to a DataFrame (see `df.col`). */
export function col(name: string): Column {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidArgumentError('col(name)', 'a non-empty column name', name);
  return new Column(E.attribute(name));
}
export const column = col;

/** A literal with an inferred type (see literals.ts); a Column is returned unchanged. */
export function lit(v: ColumnOrValue): Column {
  return v instanceof Column ? v : new Column(literalExpression(v, undefined, 'lit(value)'));
}

/** A literal of an explicit type: `typedLit(1, DataTypes.double)`, `typedLit([], DataTypes.array(DataTypes.int))`. */
export function typedLit(v: LiteralValue, type: DataType): Column {
  return new Column(literalExpression(v, type, 'typedLit(value)'));
}

export const doubleLit = (v: number): Column => typedLit(v, DataTypes.double);
export const floatLit = (v: number): Column => typedLit(v, DataTypes.float);
export const intLit = (v: number): Column => typedLit(v, DataTypes.integer);
export const longLit = (v: number | bigint): Column => typedLit(v, DataTypes.long);
/** A date: a Date's UTC day, or `'YYYY-MM-DD'`. */
export const dateLit = (v: Date | string): Column => typedLit(v, DataTypes.date);
/** A timestamp: a Date, or a bigint of microseconds since the epoch. */
export const timestampLit = (v: Date | bigint): Column => typedLit(v, DataTypes.timestamp);
/** A timestamp without time zone, from the Date's UTC wall clock (or microseconds). */
export const timestampNtzLit = (v: Date | bigint): Column => typedLit(v, DataTypes.timestampNtz);
/** An exact decimal given as text (`'12.34'`), number or bigint. */
export const decimalLit = (v: string | number | bigint, precision = 38, scale = 18): Column => typedLit(v, DataTypes.decimal(precision, scale));

/** A SQL expression: `expr('v * 2 AS w')`. */
export function expr(sql: string): Column {
  if (typeof sql !== 'string' || sql.trim() === '') throw new InvalidArgumentError('expr(sql)', 'a non-empty SQL expression', sql);
  return new Column(E.sqlExpression(sql));
}

/** `CASE WHEN condition THEN value`; chain `.when(...)` and close with `.otherwise(...)` (else null). */
export function when(condition: Column, v: ColumnOrValue): Column {
  return new Column(E.fn('when', [requireColumn(condition, 'when(condition)').expr, value(v, 'when(value)')]), true);
}

/**
 * Any SQL function by name (built-in, temporary or catalog, possibly
 * qualified): `callFunction('bit_count', 'flags')`. Strings are column names;
 * use `lit` for values.
 */
export function callFunction(name: string, ...cols: readonly ColumnOrName[]): Column {
  if (typeof name !== 'string' || name.trim() === '') throw new InvalidArgumentError('callFunction(name)', 'a function name', name);
  return new Column(E.callFunction(name, cols.map((c, i) => columnExpr(c, `callFunction(cols[${i}])`))));
}

export const asc = (c: ColumnOrName): Column => new Column(columnExpr(c, 'asc(col)')).asc();
export const desc = (c: ColumnOrName): Column => new Column(columnExpr(c, 'desc(col)')).desc();

/** The first non-null argument. */
export const coalesce = (...cols: readonly ColumnOrName[]): Column => callOnColumns('coalesce', cols);
export const isnull = (c: ColumnOrName): Column => callOnColumns('isnull', [c]);
export const isnan = (c: ColumnOrName): Column => callOnColumns('isnan', [c]);
/** `a` unless it is NaN, else `b`. */
export const nanvl = (a: ColumnOrName, b: ColumnOrName): Column => callOnColumns('nanvl', [a, b]);
export const struct = (...cols: readonly ColumnOrName[]): Column => callOnColumns('struct', cols);

/** Unique, increasing 64-bit ids (not consecutive: the partition index is in the upper bits). */
export const monotonicallyIncreasingId = (): Column => call('monotonically_increasing_id');
export const sparkPartitionId = (): Column => call('spark_partition_id');

function seedOf(seed: number | bigint | undefined, argument: string) {
  // Without a seed, pick one now so that every evaluation of this plan agrees.
  const s = seed ?? BigInt(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER));
  return literalExpression(s, DataTypes.long, argument);
}
/** Uniform in [0, 1), reproducible for a given seed and partitioning. */
export const rand = (seed?: number | bigint): Column => call('rand', seedOf(seed, 'rand(seed)'));
/** Standard normal, reproducible for a given seed and partitioning. */
export const randn = (seed?: number | bigint): Column => call('randn', seedOf(seed, 'randn(seed)'));
