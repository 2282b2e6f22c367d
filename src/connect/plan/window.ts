/**
 * Window specifications for `column.over(window)`:
 *
 *   const w = Window.partitionBy('k').orderBy(col('t').desc()).rowsBetween(Window.unboundedPreceding, Window.currentRow);
 *   df.select(rowNumber().over(w), sum('v').over(w));
 *
 * Frame bounds are row offsets (rowsBetween) or value offsets (rangeBetween)
 * relative to the current row: 0 is the current row, negative is before,
 * ±Infinity (or beyond ±2^63) is unbounded.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { columnExpr, type ColumnOrName } from './column.js';
import { asSortOrder } from './expressions.js';
import { literalExpression } from './literals.js';
import type { Expression, FrameBoundary, SortOrderExpr, WindowFrame } from './proto.js';

const LONG_LIMIT = 2 ** 63;

function boundary(value: number, side: 'start' | 'end', method: string): FrameBoundary {
  if (typeof value !== 'number' || Number.isNaN(value) || (Number.isFinite(value) && !Number.isInteger(value))) {
    throw new InvalidArgumentError(`${method}(${side})`, 'an integer offset, or ±Infinity for unbounded', value);
  }
  if (value === 0) return { currentRow: true };
  if (value <= -LONG_LIMIT || value >= LONG_LIMIT - 1) return { unbounded: true };
  return { value: literalExpression(value, undefined, `${method}(${side})`) };
}

function frame(kind: 'FRAME_TYPE_ROW' | 'FRAME_TYPE_RANGE', start: number, end: number, method: string): WindowFrame {
  if (start > end) throw new InvalidArgumentError(`${method}(start, end)`, 'start <= end', `${start} > ${end}`);
  return { frameType: kind, lower: boundary(start, 'start', method), upper: boundary(end, 'end', method) };
}

export class WindowSpec {
  /** @internal */
  readonly partitionSpec: readonly Expression[];
  /** @internal */
  readonly orderSpec: readonly SortOrderExpr[];
  /** @internal */
  readonly frame?: WindowFrame;

  /** @internal Start from `Window`. */
  constructor(partitionSpec: readonly Expression[] = [], orderSpec: readonly SortOrderExpr[] = [], frameSpec?: WindowFrame) {
    this.partitionSpec = partitionSpec;
    this.orderSpec = orderSpec;
    if (frameSpec) this.frame = frameSpec;
  }

  partitionBy(...cols: readonly ColumnOrName[]): WindowSpec {
    return new WindowSpec(
      cols.map((c, i) => columnExpr(c, `partitionBy(cols[${i}])`)),
      this.orderSpec,
      this.frame,
    );
  }

  /** Order within each partition; a Column may carry `.desc()` etc. */
  orderBy(...cols: readonly ColumnOrName[]): WindowSpec {
    return new WindowSpec(
      this.partitionSpec,
      cols.map((c, i) => asSortOrder(columnExpr(c, `orderBy(cols[${i}])`))),
      this.frame,
    );
  }

  rowsBetween(start: number, end: number): WindowSpec {
    return new WindowSpec(this.partitionSpec, this.orderSpec, frame('FRAME_TYPE_ROW', start, end, 'rowsBetween'));
  }

  rangeBetween(start: number, end: number): WindowSpec {
    return new WindowSpec(this.partitionSpec, this.orderSpec, frame('FRAME_TYPE_RANGE', start, end, 'rangeBetween'));
  }
}

/** Entry points of window specifications (as PySpark's `Window`). */
export const Window = Object.freeze({
  unboundedPreceding: -Infinity,
  unboundedFollowing: Infinity,
  currentRow: 0,
  partitionBy: (...cols: readonly ColumnOrName[]): WindowSpec => new WindowSpec().partitionBy(...cols),
  orderBy: (...cols: readonly ColumnOrName[]): WindowSpec => new WindowSpec().orderBy(...cols),
  rowsBetween: (start: number, end: number): WindowSpec => new WindowSpec().rowsBetween(start, end),
  rangeBetween: (start: number, end: number): WindowSpec => new WindowSpec().rangeBetween(start, end),
});
