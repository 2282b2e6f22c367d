package org.thunderconnect.kernels.expr;

import static org.thunderconnect.kernels.expr.PlanFormat.*;

/**
 * Evaluates a {@link Plan} over whole records, one loop per node in plan order (operands first),
 * with the operations and summation order of {@code src/udf/evaluate.ts}. Owns every buffer it
 * needs (allocated once, sized from the static lengths), so a record costs no allocation but its
 * result. Not thread-safe: one Program per thread (see {@link PlanCache}).
 *
 * <p>Two things keep a record's cost near one pass over memory (profiled on bench:thunder's
 * generation, where a 10⁵-value record went through eleven loops of 800 KB each): nodes that do
 * not depend on an input are evaluated once, when the program is built; and consecutive
 * elementwise nodes of one length run tile by tile ({@link #TILE} elements through every node of
 * the run before the next tile), so intermediates stay in cache. Each element still goes through
 * the same operations in the same order, so results are unchanged.
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
  /** What {@link #run()} does, in order: one node, or (length > 1) a run of elementwise nodes evaluated tile by tile. */
  private final int[][] schedule;

  /** Elements per tile: a few KB per node, so a run's tiles stay in L1/L2. */
  private static final int TILE = 1024;

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
    boolean[] folded = foldConstants();
    schedule = schedule(folded);
  }

  /** Evaluates, once, every node that no input reaches; returns which nodes are done. */
  private boolean[] foldConstants() {
    boolean[] constant = new boolean[nodes.length];
    boolean[] folded = new boolean[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      Node e = nodes[i];
      boolean c = e.op != INPUT;
      for (int a : e.args) c &= constant[a];
      constant[i] = c;
      if (c) {
        step(i, e);
        folded[i] = true;
      }
    }
    return folded;
  }

  private static boolean elementwise(Node e) {
    return e.vector() && (e.op == UNARY || e.op == BINARY || e.op == WHERE || e.op == CAST);
  }

  /** The nodes left to evaluate per record; consecutive elementwise vector nodes of one length form one tiled run. */
  private int[][] schedule(boolean[] folded) {
    java.util.List<int[]> out = new java.util.ArrayList<>();
    int i = 0;
    while (i < nodes.length) {
      if (folded[i] || nodes[i].op == INPUT) {
        i++;
        continue;
      }
      int j = i + 1;
      if (elementwise(nodes[i]) && nodes[i].len > TILE) {
        while (j < nodes.length && !folded[j] && elementwise(nodes[j]) && nodes[j].len == nodes[i].len) j++;
      }
      int[] run = new int[j - i];
      for (int k = 0; k < run.length; k++) run[k] = i + k;
      out.add(run);
      i = j;
    }
    return out.toArray(new int[0][]);
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

  /** Evaluates every node that depends on an input, in plan order. */
  public void run() {
    for (int[] run : schedule) {
      if (run.length == 1) {
        step(run[0], nodes[run[0]]);
        continue;
      }
      int len = nodes[run[0]].len;
      for (int from = 0; from < len; from += TILE) {
        int n = Math.min(TILE, len - from);
        for (int i : run) elementwise(i, nodes[i], vecs[i], from, from, n);
      }
    }
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

  /** Where operand {@code ref}'s element {@code from} is: in its vector, or its scalar slot. */
  private int offset(int ref, int from) {
    return nodes[ref].vector() ? from : ref;
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
      case UNARY, BINARY, WHERE, CAST -> elementwise(i, e, out, outAt, 0, n);
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

  /** Elements [from, from + n) of elementwise node i into out[outAt ..]. */
  private void elementwise(int i, Node e, double[] out, int outAt, int from, int n) {
    int[] g = e.args;
    int a = g[0];
    switch (e.op) {
      case UNARY -> Elementwise.unary(e.fn, src(a), offset(a, from), stride(a), out, outAt, n);
      case BINARY -> {
        int b = g[1];
        Elementwise.binary(e.fn, src(a), offset(a, from), stride(a), src(b), offset(b, from), stride(b), out, outAt, n);
      }
      case WHERE -> {
        int x = g[1], y = g[2];
        Elementwise.where(src(a), offset(a, from), stride(a), src(x), offset(x, from), stride(x), src(y), offset(y, from), stride(y), out, outAt, n);
      }
      case CAST -> Elementwise.cast(e.fn, src(a), offset(a, from), stride(a), out, outAt, n);
      default -> throw new IllegalStateException("op " + e.op + " of node " + i + " is not elementwise");
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
