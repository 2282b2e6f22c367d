/** A few string functions; the rest through `callFunction`. */
import type { Column, ColumnOrName } from '../column.js';
import { columnExpr } from '../column.js';
import { call, columnExprs, integerArg, unary, value } from './shared.js';

export const upper = unary('upper');
export const lower = unary('lower');
export const trim = unary('trim');
/** Characters in a string (bytes in a binary). */
export const length = unary('length');
export const concatWs = (separator: string, ...cols: readonly ColumnOrName[]): Column =>
  call('concat_ws', value(separator, 'concatWs(separator)'), ...columnExprs('concatWs', cols));
/** `len` characters from 1-based `pos`. */
export const substring = (col: ColumnOrName, pos: number, len: number): Column =>
  call('substring', columnExpr(col, 'substring(col)'), integerArg(pos, 'substring(pos)'), integerArg(len, 'substring(len)'));
export const regexpReplace = (col: ColumnOrName, pattern: string, replacement: string): Column =>
  call('regexp_replace', columnExpr(col, 'regexpReplace(col)'), value(pattern, 'regexpReplace(pattern)'), value(replacement, 'regexpReplace(replacement)'));
/** Splits around matches of the regex `pattern`. */
export const split = (col: ColumnOrName, pattern: string): Column => call('split', columnExpr(col, 'split(col)'), value(pattern, 'split(pattern)'));
