/**
 * Traced expressions (src/udf) as one Spark SQL expression per record.
 *
 * Why one expression and not the compiler's staged projections: Spark's CollapseProject inlines a
 * projected column into the next projection whenever that projection references it once — even
 * inside a lambda — so a staged `transform(values, x -> x - _s0)` can silently become
 * `transform(values, x -> x - aggregate(values, ...))`, O(T²) per record. `toSingleExpression`
 * binds every stage with a one-element `transform` (a let), which no optimizer rule inlines, so
 * each stage is evaluated once per record whatever the plan looks like. Measured on Spark 4.2
 * (zscore, 400 records of 400 values, embedded server): staged 47–49 s, single expression
 * 1.2–3.9 s; the optimized plans are checked in tests/thunder/spark-engine.spark.test.ts.
 */
import type { Expr } from '../../udf/expr.js';
import { compileSparkSql, toSingleExpression } from '../../udf/spark-sql.js';

const RECORD = '_rec';

/** `element_at(transform(array(value), name -> body), 1)`: evaluates `value` once, binds it to `name`. */
export function letIn(value: string, name: string, body: string): string {
  return `element_at(transform(array(${value}), ${name} -> ${body}), 1)`;
}

function single(expr: Expr, inputs: readonly string[], output: 'values' | 'predicate'): string {
  return toSingleExpression(compileSparkSql(expr, { inputs, output, stagePrefix: '_st' }));
}

/**
 * The record's values after `expr` as `array<double>` SQL text. `record` is SQL text of the
 * record as `array<double>`: a column name is used as is, anything else is bound once.
 */
export function valuesSql(expr: Expr, record: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(record)) return single(expr, [record], 'values');
  return letIn(record, RECORD, single(expr, [RECORD], 'values'));
}

/** A boolean SQL expression of the record (see `valuesSql`). */
export function predicateSql(expr: Expr, record: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(record)) return single(expr, [record], 'predicate');
  return letIn(record, RECORD, single(expr, [RECORD], 'predicate'));
}

/** A two-record expression with its inputs bound to SQL names (lambda variables or columns). */
export function pairSql(expr: Expr, a: string, b: string): string {
  return single(expr, [a, b], 'values');
}
