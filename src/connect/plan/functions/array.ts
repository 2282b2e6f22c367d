/**
 * Array functions. Indices follow Spark: `elementAt` and `slice` count from
 * 1 (negative from the end); `Column.getItem` counts from 0.
 */
import type { Column, ColumnOrName, ColumnOrValue } from '../column.js';
import { columnExpr } from '../column.js';
import { call, callOnColumns, columnOrNumber, unary, value, type ColumnOrNumber } from './shared.js';

/** An array of the columns' values per row. */
export const array = (...cols: readonly ColumnOrName[]): Column => callOnColumns('array', cols);
/** start, start+step, ... up to and including stop (step defaults to ±1). Numbers are literals. */
export const sequence = (start: ColumnOrNumber, stop: ColumnOrNumber, step?: ColumnOrNumber): Column =>
  call(
    'sequence',
    columnOrNumber(start, 'sequence(start)'),
    columnOrNumber(stop, 'sequence(stop)'),
    ...(step === undefined ? [] : [columnOrNumber(step, 'sequence(step)')]),
  );
/** `length` elements from 1-based `start` (negative counts from the end). */
export const slice = (col: ColumnOrName, start: ColumnOrNumber, length: ColumnOrNumber): Column =>
  call('slice', columnExpr(col, 'slice(col)'), columnOrNumber(start, 'slice(start)'), columnOrNumber(length, 'slice(length)'));
/** Element at 1-based index (negative from the end), or the value of a map key. `extraction` is a value. */
export const elementAt = (col: ColumnOrName, extraction: ColumnOrValue): Column =>
  call('element_at', columnExpr(col, 'elementAt(col)'), value(extraction, 'elementAt(extraction)'));
/** Number of elements (of an array or map); -1 for null with Spark's legacy setting, else null. */
export const size = unary('size');
export const arrayMax = unary('array_max');
export const arrayMin = unary('array_min');
export const arrayDistinct = unary('array_distinct');
/** 1-based position of the first element equal to `v`, 0 when absent. */
export const arrayPosition = (col: ColumnOrName, v: ColumnOrValue): Column =>
  call('array_position', columnExpr(col, 'arrayPosition(col)'), value(v, 'arrayPosition(value)'));
export const arrayContains = (col: ColumnOrName, v: ColumnOrValue): Column =>
  call('array_contains', columnExpr(col, 'arrayContains(col)'), value(v, 'arrayContains(value)'));
/** Joins the elements as strings with `delimiter`. */
export const arrayJoin = (col: ColumnOrName, delimiter: string): Column =>
  call('array_join', columnExpr(col, 'arrayJoin(col)'), value(delimiter, 'arrayJoin(delimiter)'));
/** Arrays of structs: the i-th struct holds the i-th elements of each input (fields named after the inputs). */
export const arraysZip = (...cols: readonly ColumnOrName[]): Column => callOnColumns('arrays_zip', cols);
/** One row per element (rows with empty or null arrays vanish); column `col` (`key`, `value` for maps). */
export const explode = unary('explode');
/** As explode, but keeps rows with empty or null arrays (with a null element). */
export const explodeOuter = unary('explode_outer');
/** One row per element with its 0-based position: columns `pos` and `col`. */
export const posexplode = unary('posexplode');
/** Concatenates an array of arrays into one array. */
export const flatten = unary('flatten');
export const reverse = unary('reverse');
/** Concatenates strings, or arrays. */
export const concat = (...cols: readonly ColumnOrName[]): Column => callOnColumns('concat', cols);
