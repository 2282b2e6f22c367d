/**
 * Higher-order array functions with TypeScript lambdas. The lambda runs once,
 * on the driver, with placeholder Columns; what it returns becomes a Spark
 * `LambdaFunction` that runs on the executors:
 *
 *   transform('values', (x) => x.multiply(2))
 *   transform('values', (x, i) => x.multiply(i))          // i: 0-based index
 *   aggregate('values', doubleLit(0), (acc, x) => acc.plus(x), (acc) => acc.divide(size('values')))
 *
 * The lambda must build Columns only: JavaScript operators and control flow
 * on the placeholders do not reach Spark. Variables get unique names, so
 * lambdas nest freely.
 */
import { InvalidArgumentError } from '../../../common/errors.js';
import { Column, columnExpr, type ColumnOrName, type ColumnOrValue } from '../column.js';
import { freshLambdaVariable, lambda } from '../expressions.js';
import type { Expression } from '../proto.js';
import { call, value } from './shared.js';

export type Lambda1 = (x: Column) => Column;
export type Lambda2 = (x: Column, y: Column) => Column;
/** An element lambda that may also take the 0-based index (`(x) => ...` or `(x, i) => ...`). */
export type LambdaWithIndex = (x: Column, i: Column) => Column;

const NAMES = ['x', 'y', 'z'];

function lambdaExpression(f: (...args: Column[]) => Column, arity: number, argument: string): Expression {
  if (typeof f !== 'function') throw new InvalidArgumentError(argument, 'a function of Columns returning a Column', f);
  const variables = NAMES.slice(0, arity).map((n) => freshLambdaVariable(n));
  const body = f(...variables.map((v) => new Column({ unresolvedNamedLambdaVariable: v })));
  if (!(body instanceof Column)) throw new InvalidArgumentError(argument, 'a lambda that returns a Column', body);
  return lambda(body.expr, variables);
}

/** One- or two-parameter lambdas (element, index): the arity is read from the function. */
function elementLambda(f: LambdaWithIndex, argument: string): Expression {
  return lambdaExpression(f as (...args: Column[]) => Column, f.length >= 2 ? 2 : 1, argument);
}

/** Applies `f` to every element (with its 0-based index when `f` takes two parameters). */
export const transform = (col: ColumnOrName, f: LambdaWithIndex): Column =>
  call('transform', columnExpr(col, 'transform(col)'), elementLambda(f, 'transform(f)'));
/** Keeps the elements where `f` is true (`f` may take the index too). */
export const filter = (col: ColumnOrName, f: LambdaWithIndex): Column =>
  call('filter', columnExpr(col, 'filter(col)'), elementLambda(f, 'filter(f)'));
/** Whether `f` is true for some element (null if it is null for some and true for none). */
export const exists = (col: ColumnOrName, f: Lambda1): Column =>
  call('exists', columnExpr(col, 'exists(col)'), lambdaExpression(f, 1, 'exists(f)'));
/** Whether `f` is true for every element. */
export const forall = (col: ColumnOrName, f: Lambda1): Column =>
  call('forall', columnExpr(col, 'forall(col)'), lambdaExpression(f, 1, 'forall(f)'));
/**
 * Folds the elements into `initial` with `merge(acc, x)`, then applies
 * `finish(acc)`. The accumulator keeps the type of `initial`: use
 * `doubleLit(0)` to sum doubles.
 */
export function aggregate(col: ColumnOrName, initial: ColumnOrValue, merge: Lambda2, finish?: Lambda1): Column {
  return call(
    'aggregate',
    columnExpr(col, 'aggregate(col)'),
    value(initial, 'aggregate(initial)'),
    lambdaExpression(merge, 2, 'aggregate(merge)'),
    ...(finish === undefined ? [] : [lambdaExpression(finish, 1, 'aggregate(finish)')]),
  );
}
/** Pairs the elements of two arrays with `f(a, b)`; the shorter is padded with nulls. */
export const zipWith = (left: ColumnOrName, right: ColumnOrName, f: Lambda2): Column =>
  call('zip_with', columnExpr(left, 'zipWith(left)'), columnExpr(right, 'zipWith(right)'), lambdaExpression(f, 2, 'zipWith(f)'));
/**
 * Sorts ascending with nulls last, or by `comparator(a, b)` returning a
 * negative, zero or positive integer Column.
 */
export const arraySort = (col: ColumnOrName, comparator?: Lambda2): Column =>
  call('array_sort', columnExpr(col, 'arraySort(col)'), ...(comparator ? [lambdaExpression(comparator, 2, 'arraySort(comparator)')] : []));
