package org.thunderconnect.kernels.expr;

import static org.thunderconnect.kernels.expr.PlanFormat.*;

/**
 * Evaluates a {@link Plan} over whole records, one loop per node in plan order (operands first),
 * with the operations and summation order of {@code src/udf/evaluate.ts}. Owns every buffer it
 * needs (allocated once, sized from the static lengths), so a record costs no allocation but its
 * result. Not thread-safe: one Program per thread (see {@link PlanCache}).
 *
 * <p>Use: fill {@link #input(int)} (or {@link #setInput}), call {@link #run()}, then read
 * {@link #values()} or {@link #test()}.
 */
public final class Program {
  private final Node[] nodes;
  private final int root;
  private final Plan plan;
  /** Scalar value of node i (slot i); unused for vector nodes. */
  private final double[] scal;
  /** Buffer of vector node i (constants: the plan's own array; inputs: the input buffer). */
  private final double[][] vecs;
  private final double[][] inputs;
  private final long[] keys;
  private final SortedWindow[] windows;

  Program(Plan plan) {
    this.plan = plan;
    this.nodes = plan.nodes;
    this.root = plan.root;
    int n = nodes.length;
    scal = new double[n];
    vecs = new double[n][];
    windows = new SortedWindow[n];
    inputs = new double[plan.inputs()][];
    for (int k = 0; k < inputs.length; k++) inputs[k] = new double[Math.max(plan.inputLength(k), 0)];
    int maxSelect = 0;
    for (int i = 0; i < n; i++) {
      Node e = nodes[i];
      switch (e.op) {
        case CONST -> scal[i] = e.value;
        case ARRAY -> vecs[i] = e.values;
        case INPUT -> vecs[i] = inputs[e.index];
        case PERCENTILE -> maxSelect = Math.max(maxSelect, nodes[e.args[0]].len);
        case MOVING_PERCENTILE -> windows[i] = new SortedWindow(e.fn == NEAREST ? e.size : (int) Math.min((long) e.left + e.right + 1, e.len));
        default -> { }
      }
      if (e.vector() && vecs[i] == null) vecs[i] = new double[e.len];
    }
    keys = new long[maxSelect];
  }

  public Plan plan() {
    return plan;
  }

  /** The buffer of input k ({@code plan().inputLength(k)} values) to fill before {@link #run()}. */
  public double[] input(int k) {
    return inputs[k];
  }

  /** Uses {@code values} (not copied, not modified) as input k; its length must be the plan's. */
  public void setInput(int k, double[] values) {
    if (values.length != plan.inputLength(k)) {
      throw new IllegalArgumentException("record " + k + ": expected " + plan.inputLength(k) + " values, got " + values.length);
    }
    for (int i = 0; i < nodes.length; i++) if (nodes[i].op == INPUT && nodes[i].index == k) vecs[i] = values;
  }

  /** Evaluates every node once, in plan order. */
  public void run() {
    for (int i = 0; i < nodes.length; i++) step(i, nodes[i]);
  }

  /**
   * The result as a new array: a vector result as is, a scalar as one element, booleans as 1/0
   * (the Spark SQL path's and the local engine's convention for values).
   */
  public double[] values() {
    Node r = nodes[root];
    if (!r.vector()) return new double[] {scal[root]};
    return vecs[root].clone();
  }

  /** The boolean result of a predicate plan (scalar boolean root). */
  public boolean test() {
    return scal[root] != 0;
  }

  private double[] src(int ref) {
    return nodes[ref].vector() ? vecs[ref] : scal;
  }

  private int offset(int ref) {
    return nodes[ref].vector() ? 0 : ref;
  }

  private int stride(int ref) {
    return nodes[ref].vector() ? 1 : 0;
  }

  private void step(int i, Node e) {
    double[] out = e.vector() ? vecs[i] : scal;
    int outAt = e.vector() ? 0 : i;
    int n = e.vector() ? e.len : 1;
    switch (e.op) {
      case INPUT, CONST, ARRAY -> { }
      case REDUCE -> scal[i] = Folds.reduce(e.fn, vecs[e.args[0]], nodes[e.args[0]].len);
      case PERCENTILE -> scal[i] = Percentiles.of(vecs[e.args[0]], nodes[e.args[0]].len, e.value, keys);
      case UNARY -> {
        int a = e.args[0];
        Elementwise.unary(e.fn, src(a), offset(a), stride(a), out, outAt, n);
      }
      case BINARY -> {
        int a = e.args[0], b = e.args[1];
        Elementwise.binary(e.fn, src(a), offset(a), stride(a), src(b), offset(b), stride(b), out, outAt, n);
      }
      case WHERE -> {
        int c = e.args[0], a = e.args[1], b = e.args[2];
        Elementwise.where(src(c), offset(c), stride(c), src(a), offset(a), stride(a), src(b), offset(b), stride(b), out, outAt, n);
      }
      case CAST -> {
        int a = e.args[0];
        Elementwise.cast(e.fn, src(a), offset(a), stride(a), out, outAt, n);
      }
      case ELEMENT -> scal[i] = vecs[e.args[0]][e.index];
      case GATHER, VIEW -> {
        double[] v = vecs[e.args[0]];
        int[] pos = e.positions;
        for (int k = 0; k < pos.length; k++) out[k] = v[pos[k]];
      }
      case AXIS_REDUCE -> Folds.axisReduce(e.fn, vecs[e.args[0]], e.outer, e.along, e.inner, out);
      case STACK -> {
        int[] items = e.args;
        for (int k = 0; k < items.length; k++) out[k] = scal[items[k]];
      }
      case MATVEC -> Folds.matvec(e.values, e.rows, e.cols, vecs[e.args[0]], out);
      case DFT -> Folds.dft(e.fn == RE ? 1 : -1, e.values, e.rows, vecs[e.args[0]], nodes[e.args[0]].len, out);
      case MOVING_PERCENTILE -> movingPercentile(e, vecs[e.args[0]], out, windows[i]);
      default -> throw new IllegalStateException("op " + e.op);
    }
  }

  /**
   * 'nearest': window i - floor(size/2) + k (k < size) clamped to [0, n-1], the rank-th smallest;
   * 'truncate': [max(i-left, 0), min(i+right+1, n)), numpy's linear percentile. NaN in a window
   * gives NaN. The window slides: both window kinds move forward by whole elements.
   */
  private static void movingPercentile(Node e, double[] v, double[] out, SortedWindow w) {
    int n = e.len;
    w.clear();
    if (n == 0) return;
    if (e.fn == NEAREST) {
      int size = e.size;
      int half = size / 2;
      int rank = Scalars.rankFilterRank(size, e.value);
      for (int k = 0; k < size; k++) w.add(v[clamp(-half + k, n)]);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          w.remove(v[clamp(i - 1 - half, n)]);
          w.add(v[clamp(i - 1 - half + size, n)]);
        }
        out[i] = w.hasNaN() ? Double.NaN : w.at(rank);
      }
      return;
    }
    int lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
      int wantLo = Math.max(i - e.left, 0);
      int wantHi = (int) Math.min((long) i + e.right + 1, n);
      // Removing first keeps the window within its capacity; what leaves was added before.
      while (lo < wantLo) w.remove(v[lo++]);
      while (hi < wantHi) w.add(v[hi++]);
      out[i] = w.percentile(e.value);
    }
  }

  private static int clamp(int p, int n) {
    return Math.min(Math.max(p, 0), n - 1);
  }
}
