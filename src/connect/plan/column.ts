/**
 * Column: an immutable expression. Every method returns a new Column; nothing
 * is sent to the server until a DataFrame that uses it runs.
 *
 * Operators are methods (JavaScript cannot overload `+` or `>`):
 *   col('v').plus(1).gt(col('w'))      // (v + 1) > w
 *   col('ok').and(col('n').isNotNull())
 * An operand that is not a Column is a literal (see literals.ts), never a
 * column name: `col('a').eq('b')` compares with the string 'b'.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import * as E from './expressions.js';
import { literalExpression, type LiteralValue } from './literals.js';
import type { Expression } from './proto.js';
import type { DataType } from './types.js';
import type { WindowSpec } from './window.js';

export type ColumnOrName = Column | string;
/** A Column, or a value used as a literal. */
export type ColumnOrValue = Column | LiteralValue;

export class Column {
  /** @internal The protocol expression. */
  readonly expr: Expression;
  /** Set on columns built by `when(...)` that can still take `.when` / `.otherwise`. */
  readonly #openCase: boolean;

  /** @internal Columns are made by `col`, `lit`, the functions and `df.col`. */
  constructor(expr: Expression, openCase = false) {
    this.expr = expr;
    this.#openCase = openCase;
  }

  // Arithmetic (Spark's numeric promotion applies: int / int is a double).
  plus(other: ColumnOrValue): Column {
    return this.binary('+', other);
  }
  minus(other: ColumnOrValue): Column {
    return this.binary('-', other);
  }
  multiply(other: ColumnOrValue): Column {
    return this.binary('*', other);
  }
  divide(other: ColumnOrValue): Column {
    return this.binary('/', other);
  }
  /** Remainder with the sign of the dividend (SQL `%`). */
  mod(other: ColumnOrValue): Column {
    return this.binary('%', other);
  }
  pow(other: ColumnOrValue): Column {
    return this.binary('power', other);
  }
  negate(): Column {
    return this.unary('negative');
  }

  // Comparison. Comparing with null gives null; use eqNullSafe or isNull.
  eq(other: ColumnOrValue): Column {
    return this.binary('==', other);
  }
  ne(other: ColumnOrValue): Column {
    return new Column(E.fn('not', [this.binary('==', other).expr]));
  }
  lt(other: ColumnOrValue): Column {
    return this.binary('<', other);
  }
  le(other: ColumnOrValue): Column {
    return this.binary('<=', other);
  }
  gt(other: ColumnOrValue): Column {
    return this.binary('>', other);
  }
  ge(other: ColumnOrValue): Column {
    return this.binary('>=', other);
  }
  /** Equality where null equals null (SQL `<=>`). */
  eqNullSafe(other: ColumnOrValue): Column {
    return this.binary('<=>', other);
  }
  /** `lower <= this <= upper`, both ends included. */
  between(lower: ColumnOrValue, upper: ColumnOrValue): Column {
    return this.ge(lower).and(this.le(upper));
  }
  /** Whether the value is one of `values` (SQL `IN`). */
  isin(...values: readonly ColumnOrValue[]): Column {
    return new Column(E.fn('in', [this.expr, ...values.map((v, i) => operand(v, `isin(values[${i}])`))]));
  }

  // Boolean logic (three-valued, as in SQL).
  and(other: ColumnOrValue): Column {
    return this.binary('and', other);
  }
  or(other: ColumnOrValue): Column {
    return this.binary('or', other);
  }
  not(): Column {
    return this.unary('not');
  }
  bitwiseAnd(other: ColumnOrValue): Column {
    return this.binary('&', other);
  }
  bitwiseOr(other: ColumnOrValue): Column {
    return this.binary('|', other);
  }
  bitwiseXor(other: ColumnOrValue): Column {
    return this.binary('^', other);
  }

  isNull(): Column {
    return this.unary('isnull');
  }
  isNotNull(): Column {
    return this.unary('isnotnull');
  }
  isNaN(): Column {
    return this.unary('isnan');
  }

  // Strings.
  like(pattern: string): Column {
    return this.binary('like', pattern);
  }
  ilike(pattern: string): Column {
    return this.binary('ilike', pattern);
  }
  rlike(regex: string): Column {
    return this.binary('rlike', regex);
  }
  contains(other: ColumnOrValue): Column {
    return this.binary('contains', other);
  }
  startsWith(other: ColumnOrValue): Column {
    return this.binary('startswith', other);
  }
  endsWith(other: ColumnOrValue): Column {
    return this.binary('endswith', other);
  }
  /** Substring from 1-based `start` of `length` characters (bytes for binary). */
  substr(start: ColumnOrValue, length: ColumnOrValue): Column {
    return new Column(E.fn('substr', [this.expr, operand(start, 'substr(start)'), operand(length, 'substr(length)')]));
  }

  // Types and names.
  /** Cast to a DataType or a DDL type string (`'double'`, `'array<int>'`). */
  cast(to: DataType | string): Column {
    checkType(to, 'cast(to)');
    return new Column(E.cast(this.expr, to));
  }
  /** Cast that yields null instead of failing. */
  tryCast(to: DataType | string): Column {
    checkType(to, 'tryCast(to)');
    return new Column(E.cast(this.expr, to, 'try'));
  }
  /** Names the column; several names for functions returning several columns (e.g. `posexplode`). */
  alias(...names: readonly string[]): Column {
    if (names.length === 0 || names.some((n) => typeof n !== 'string')) throw new InvalidArgumentError('alias(names)', 'one or more strings', names);
    return new Column(E.alias(this.expr, names));
  }
  as(...names: readonly string[]): Column {
    return this.alias(...names);
  }

  // Nested data.
  /** Element of an array (0-based index) or value of a map (by key). */
  getItem(key: ColumnOrValue): Column {
    return new Column(E.extractValue(this.expr, operand(key, 'getItem(key)')));
  }
  /** Field of a struct by name. */
  getField(name: string): Column {
    if (typeof name !== 'string') throw new InvalidArgumentError('getField(name)', 'a field name', name);
    return new Column(E.extractValue(this.expr, literalExpression(name)));
  }
  withField(name: string, value: Column): Column {
    return new Column(E.updateFields(this.expr, name, value.expr));
  }
  dropFields(...names: readonly string[]): Column {
    return new Column(names.reduce((e, n) => E.updateFields(e, n), this.expr));
  }

  // Ordering, for orderBy / sort / windows.
  asc(): Column {
    return this.sorted('asc');
  }
  desc(): Column {
    return this.sorted('desc');
  }
  ascNullsFirst(): Column {
    return this.sorted('asc', 'first');
  }
  ascNullsLast(): Column {
    return this.sorted('asc', 'last');
  }
  descNullsFirst(): Column {
    return this.sorted('desc', 'first');
  }
  descNullsLast(): Column {
    return this.sorted('desc', 'last');
  }

  /** This aggregate or ranking function evaluated over a window (see `Window`). */
  over(window: WindowSpec): Column {
    return new Column(E.windowExpression(this.expr, window.partitionSpec, window.orderSpec, window.frame));
  }

  /** Adds a branch to a `when(...)` chain. */
  when(condition: Column, value: ColumnOrValue): Column {
    const args = this.caseArguments('when');
    return new Column(E.fn('when', [...args, requireColumn(condition, 'when(condition)').expr, operand(value, 'when(value)')]), true);
  }
  /** The value of a `when(...)` chain when no branch matches (null when not given). */
  otherwise(value: ColumnOrValue): Column {
    const args = this.caseArguments('otherwise');
    return new Column(E.fn('when', [...args, operand(value, 'otherwise(value)')]));
  }

  private caseArguments(method: string): readonly Expression[] {
    if (!this.#openCase) throw new InvalidArgumentError(method, 'a column built by when(...) and not yet closed by otherwise(...)', 'another column');
    return this.expr.unresolvedFunction?.arguments ?? [];
  }

  private binary(name: string, other: ColumnOrValue): Column {
    return new Column(E.fn(name, [this.expr, operand(other, `${name}(other)`)]));
  }

  private unary(name: string): Column {
    return new Column(E.fn(name, [this.expr]));
  }

  private sorted(direction: E.SortDirection, nulls?: E.NullOrdering): Column {
    // A sort order is an expression too: orderBy reads it back, other uses fail on the server.
    const child = this.expr.sortOrder?.child ?? this.expr;
    return new Column({ sortOrder: E.sortOrder(child, direction, nulls) });
  }
}

function checkType(to: DataType | string, argument: string): void {
  if (typeof to === 'string' ? to.trim() === '' : typeof to !== 'object' || to === null || typeof to.kind !== 'string') {
    throw new InvalidArgumentError(argument, 'a DataType or a non-empty type string', to);
  }
}

/** @internal The expression of a Column, or of a literal value. */
export function operand(value: ColumnOrValue, argument: string): Expression {
  if (value instanceof Column) return value.expr;
  if (value === undefined) throw new InvalidArgumentError(argument, 'a Column or a literal value', value);
  return literalExpression(value, undefined, argument);
}

/** @internal The expression of a Column, or of the column with that name. */
export function columnExpr(c: ColumnOrName, argument: string): Expression {
  if (c instanceof Column) return c.expr;
  if (typeof c === 'string' && c.length > 0) return E.attribute(c);
  throw new InvalidArgumentError(argument, 'a Column or a column name', c);
}

/** @internal */
export function requireColumn(c: unknown, argument: string): Column {
  if (!(c instanceof Column)) throw new InvalidArgumentError(argument, 'a Column', c);
  return c;
}
