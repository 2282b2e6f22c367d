package org.thunderconnect.kernels.expr;

/**
 * One parsed plan node. Which fields are meaningful depends on {@link #op} (see
 * {@code src/udf/serialize.ts}); {@link PlanReader} fills them and checks them against the
 * operands, so the evaluator can index without further checks. Immutable once the plan is built
 * and shared by every thread that evaluates it.
 */
final class Node {
  final int op;
  /** Boolean result (stored as 1/0). */
  final boolean bool;
  /** Vector length, or -1 for a scalar. */
  final int len;
  /** Operand node indices (all smaller than this node's index). */
  int[] args = new int[0];
  /** Function code (reduce, unary, binary, axisReduce), dft part, window mode or cast dtype. */
  int fn;
  /** Input index, element index. */
  int index;
  /** Constant scalar; percentile q. */
  double value;
  /** Constant vector; row-major matrix; dft trigonometric table indexed by (k t) mod n. */
  double[] values;
  /** Source positions of gather and view. */
  int[] positions;
  /** axisReduce: extent along the axis, and the products of the extents after / before it. */
  int along;
  int inner;
  int outer;
  /** matvec rows x cols; dft bins; moving window size (nearest) or extents (truncate). */
  int rows;
  int cols;
  int size;
  int left;
  int right;

  Node(int op, boolean bool, int len) {
    this.op = op;
    this.bool = bool;
    this.len = len;
  }

  boolean vector() {
    return len >= 0;
  }
}
