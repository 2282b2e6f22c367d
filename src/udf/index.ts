/**
 * Traced lambdas: `v => v.sub(v.mean()).div(v.std())` becomes an expression tree that runs on
 * typed arrays locally (`LocalProgram`) or compiles to Spark SQL (`compileSparkSql`).
 *
 * Failure behaviour: tracing throws `InvalidArgumentError` at the call site when a lambda calls a
 * method outside `VOCABULARY`, applies a JavaScript operator to a traced value, mixes vectors of
 * different lengths, or returns anything but a traced value. Nothing is deferred to evaluation.
 */
export { Traced, trace, wrap, operand, VOCABULARY } from './trace.js';
export type { Operand } from './trace.js';
export type { Expr, ValueType } from './expr.js';
export * as expr from './expr.js';
export * as stats from './sugar.js';
export { LocalProgram, evaluate } from './evaluate.js';
export { compileSparkSql, toSingleExpression, lit } from './spark-sql.js';
export type { SparkProjection, SparkCompileOptions } from './spark-sql.js';
