/**
 * Traced expressions (src/udf) as calls of the expression kernels (`thunder_map`, `thunder_test`,
 * `thunder_pair`, see kernels/catalog.ts): the expression is serialized once per call site
 * (`serializePlan`) into one binary literal, which the JVM parses once per task and evaluates
 * over each whole record (one loop per node), with the local evaluator's semantics.
 *
 * The record argument may be a packed record (`packed.ts`, the kernel path's records) or any
 * numeric array column (array<smallint>, array<int>, array<float>, array<double>): the kernels
 * read each element as a double, which is exact.
 */
import { InvalidArgumentError } from '../../../common/errors.js';
import { callFunction, col, lit, type Column, type ColumnOrName } from '../../../connect/index.js';
import type { Expr } from '../../../udf/expr.js';
import { serializePlan } from '../../../udf/serialize.js';

const column = (c: ColumnOrName): Column => (typeof c === 'string' ? col(c) : c);

/**
 * A packed record (`binary`): the expression of the record (input 0) — a scalar as one value,
 * booleans as 1/0, like the SQL path's `valuesSql`.
 */
export function kernelValues(expr: Expr, record: ColumnOrName): Column {
  return callFunction('thunder_map', column(record), lit(serializePlan(expr)));
}

/** `boolean`: the predicate of the record; throws like the SQL path for anything but one boolean. */
export function kernelPredicate(expr: Expr, record: ColumnOrName): Column {
  if (expr.type.len !== null || !expr.type.bool) {
    throw new InvalidArgumentError('filter(fn)', 'a function returning one boolean per record (e.g. v => v.std().gt(0.01))', expr.type.len === null ? 'a number' : 'a vector');
  }
  return callFunction('thunder_test', column(record), lit(serializePlan(expr)));
}

/** `array<double>`: a two-record expression with input 0 = `a`, input 1 = `b`. */
export function kernelPair(expr: Expr, a: ColumnOrName, b: ColumnOrName): Column {
  return callFunction('thunder_pair', column(a), column(b), lit(serializePlan(expr)));
}
