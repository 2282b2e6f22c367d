/**
 * The result of `df.groupBy(...)` (or `rollup`, `cube`): aggregations over
 * each group give a DataFrame with the grouping columns first.
 */
import { InvalidArgumentError } from '../common/errors.js';
import type { DataFrame } from './dataframe.js';
import { Column, requireColumn } from './plan/column.js';
import { alias, attribute, fn } from './plan/expressions.js';
import { literalExpression } from './plan/literals.js';
import type { Expression } from './plan/proto.js';
import * as R from './plan/relations.js';

export class GroupedData {
  readonly #df: DataFrame;
  readonly #type: R.GroupType;
  readonly #grouping: readonly Expression[];

  /** @internal Made by `DataFrame.groupBy`, `rollup` and `cube`. */
  constructor(df: DataFrame, type: R.GroupType, grouping: readonly Expression[]) {
    this.#df = df;
    this.#type = type;
    this.#grouping = grouping;
  }

  /**
   * Aggregate Columns (`agg(sum('v'), max('w').alias('top'))`), or a map
   * from column name to aggregate function name (`agg({ v: 'sum', w: 'max' })`,
   * giving columns `sum(v)`, `max(w)`).
   */
  agg(...exprs: readonly Column[] | [Readonly<Record<string, string>>]): DataFrame {
    const first = exprs[0];
    let aggregates: Expression[];
    if (exprs.length === 1 && first !== undefined && !(first instanceof Column)) {
      aggregates = Object.entries(first as Readonly<Record<string, string>>).map(([name, f]) => {
        if (typeof f !== 'string' || f === '') throw new InvalidArgumentError(`agg(${name})`, 'an aggregate function name', f);
        return fn(f, [attribute(name)]);
      });
    } else {
      aggregates = (exprs as readonly Column[]).map((c, i) => requireColumn(c, `agg(exprs[${i}])`).expr);
    }
    if (aggregates.length === 0) throw new InvalidArgumentError('agg(exprs)', 'at least one aggregate', 0);
    return this.#df.derive((id) => R.aggregate(id, this.#df.relation, this.#type, this.#grouping, aggregates));
  }

  /** Rows per group, in a column `count`. */
  count(): DataFrame {
    return this.agg(new Column(alias(fn('count', [literalExpression(1)]), ['count'])));
  }

  sum(...cols: readonly string[]): DataFrame {
    return this.numeric('sum', cols);
  }
  avg(...cols: readonly string[]): DataFrame {
    return this.numeric('avg', cols);
  }
  mean(...cols: readonly string[]): DataFrame {
    return this.numeric('avg', cols);
  }
  min(...cols: readonly string[]): DataFrame {
    return this.numeric('min', cols);
  }
  max(...cols: readonly string[]): DataFrame {
    return this.numeric('max', cols);
  }

  /** `name(c)` for each named column. Unlike PySpark, the columns are required (no schema round trip to find the numeric ones). */
  private numeric(name: string, cols: readonly string[]): DataFrame {
    if (cols.length === 0) throw new InvalidArgumentError(`${name}(cols)`, 'at least one column name', 0);
    return this.agg(
      ...cols.map((c, i) => {
        if (typeof c !== 'string' || c === '') throw new InvalidArgumentError(`${name}(cols[${i}])`, 'a column name', c);
        return new Column(fn(name, [attribute(c)]));
      }),
    );
  }
}
