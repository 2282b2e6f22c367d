/** Math functions. Strings are column names; numbers are literals where noted. */
import { InvalidArgumentError } from '../../../common/errors.js';
import { columnExpr, type Column, type ColumnOrName } from '../column.js';
import { call, callOnColumns, columnOrNumber, integerArg, unary, type ColumnOrNumber } from './shared.js';

export const sqrt = unary('sqrt');
export const cbrt = unary('cbrt');
export const abs = unary('abs');
export const exp = unary('exp');
export const log10 = unary('log10');
export const log2 = unary('log2');
export const log1p = unary('log1p');
export const signum = unary('signum');
export const sin = unary('sin');
export const cos = unary('cos');
export const tan = unary('tan');
export const asin = unary('asin');
export const acos = unary('acos');
export const atan = unary('atan');

/** `log(col)` is the natural log; `log(base, col)` the log in that base. */
export function log(baseOrCol: ColumnOrNumber, col?: ColumnOrName): Column {
  if (col === undefined) {
    if (typeof baseOrCol === 'number') throw new InvalidArgumentError('log(col)', 'a column (or log(base, col))', baseOrCol);
    return callOnColumns('ln', [baseOrCol]);
  }
  return call('log', columnOrNumber(baseOrCol, 'log(base)'), columnOrNumber(col, 'log(col)'));
}

/** `base ** exponent` as a double; numbers are literals. */
export const pow = (base: ColumnOrNumber, exponent: ColumnOrNumber): Column =>
  call('power', columnOrNumber(base, 'pow(base)'), columnOrNumber(exponent, 'pow(exponent)'));
export const atan2 = (y: ColumnOrNumber, x: ColumnOrNumber): Column => call('atan2', columnOrNumber(y, 'atan2(y)'), columnOrNumber(x, 'atan2(x)'));

function scaled(name: string) {
  return (col: ColumnOrName, scale?: number): Column =>
    call(name, columnExpr(col, `${name}(col)`), ...(scale === undefined ? [] : [integerArg(scale, `${name}(scale)`)]));
}
/** Largest integer not above (or, with scale, rounded down to that many decimals). */
export const floor = scaled('floor');
export const ceil = scaled('ceil');
/** Rounds half away from zero to `scale` decimals (default 0). */
export const round = (col: ColumnOrName, scale = 0): Column => scaled('round')(col, scale);
/** Rounds half to even ("banker's rounding"). */
export const bround = (col: ColumnOrName, scale = 0): Column => scaled('bround')(col, scale);

function atLeastTwo(name: string, cols: readonly ColumnOrName[]): Column {
  if (cols.length < 2) throw new InvalidArgumentError(`${name}(cols)`, 'at least two columns', cols.length);
  return callOnColumns(name, cols);
}
/** The largest non-null argument. */
export const greatest = (...cols: readonly ColumnOrName[]): Column => atLeastTwo('greatest', cols);
/** The smallest non-null argument. */
export const least = (...cols: readonly ColumnOrName[]): Column => atLeastTwo('least', cols);

/** `pi()` as a double. */
export const pi = (): Column => call('pi');