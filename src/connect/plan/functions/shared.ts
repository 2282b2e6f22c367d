/** Helpers the function modules share: turning arguments into expressions and naming them in errors. */
import { InvalidArgumentError } from '../../../common/errors.js';
import { Column, columnExpr, operand, type ColumnOrName, type ColumnOrValue } from '../column.js';
import { fn } from '../expressions.js';
import { literalExpression } from '../literals.js';
import type { Expression } from '../proto.js';
import { DataTypes } from '../types.js';

/** A column (by Column or name), or a number used as a literal. */
export type ColumnOrNumber = ColumnOrName | number;

export function call(name: string, ...args: readonly Expression[]): Column {
  return new Column(fn(name, args));
}

/** Expressions of columns given by Column or name, named `fnName(cols[i])` in errors. */
export function columnExprs(fnName: string, cols: readonly ColumnOrName[]): Expression[] {
  return cols.map((c, i) => columnExpr(c, `${fnName}(${cols.length > 1 ? `cols[${i}]` : 'col'})`));
}

/** `name(cols...)`: strings are column names. */
export function callOnColumns(name: string, cols: readonly ColumnOrName[]): Column {
  return call(name, ...columnExprs(name, cols));
}

/** A one-argument SQL function over a column. */
export const unary =
  (name: string) =>
  (col: ColumnOrName): Column =>
    callOnColumns(name, [col]);

/** Strings are column names, numbers literals. */
export function columnOrNumber(c: ColumnOrNumber, argument: string): Expression {
  return typeof c === 'number' ? literalExpression(c, undefined, argument) : columnExpr(c, argument);
}

/** A value (Column or literal) for a position where strings are values, not names. */
export function value(v: ColumnOrValue, argument: string): Expression {
  return operand(v, argument);
}

/** A double literal (or an array of them) where Spark wants fractional values, even for `1` or `[0, 1]`. */
export function doubles(v: number | readonly number[], argument: string): Expression {
  if (typeof v === 'number') return literalExpression(v, DataTypes.double, argument);
  if (!Array.isArray(v) || v.length === 0) throw new InvalidArgumentError(argument, 'a number or a non-empty array of numbers', v);
  return literalExpression(v, DataTypes.array(DataTypes.double, false), argument);
}

export function integerArg(v: number, argument: string, min = -(2 ** 31)): Expression {
  if (!Number.isInteger(v) || v < min || v > 2 ** 31 - 1) throw new InvalidArgumentError(argument, `an integer >= ${min}`, v);
  return literalExpression(v, DataTypes.integer, argument);
}
