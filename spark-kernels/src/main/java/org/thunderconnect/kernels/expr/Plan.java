package org.thunderconnect.kernels.expr;

/**
 * A parsed, validated expression plan: nodes in evaluation order (operands first), the result
 * node and the length of every record input. Immutable and shared across threads; each thread
 * evaluates it through its own {@link Program} (which owns the buffers).
 */
public final class Plan {
  final Node[] nodes;
  final int root;
  private final int[] inputLengths;

  Plan(Node[] nodes, int root, int[] inputLengths) {
    this.nodes = nodes;
    this.root = root;
    this.inputLengths = inputLengths;
  }

  /** Number of record inputs (1 for a record expression, 2 for a two-record one). */
  public int inputs() {
    return inputLengths.length;
  }

  /** Values input {@code k} must hold; -1 when the expression does not read it. */
  public int inputLength(int k) {
    return inputLengths[k];
  }

  /** True when the result is one boolean (a filter predicate). */
  public boolean predicate() {
    Node r = nodes[root];
    return r.bool && !r.vector();
  }

  /** Result length: the vector length, or 1 for a scalar. */
  public int outputLength() {
    Node r = nodes[root];
    return r.vector() ? r.len : 1;
  }

  /** A fresh evaluator with its own buffers (one per thread). */
  public Program newProgram() {
    return new Program(this);
  }
}
