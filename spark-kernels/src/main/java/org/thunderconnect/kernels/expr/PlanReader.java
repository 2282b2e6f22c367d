package org.thunderconnect.kernels.expr;

import static org.thunderconnect.kernels.expr.PlanFormat.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Parses plan bytes ({@code src/udf/serialize.ts}) into a {@link Plan}. Every node's declared
 * type is checked against the one its operands imply, and every position against the lengths it
 * indexes, so a malformed or foreign plan fails here, once, with an
 * {@link IllegalArgumentException} naming the node, and never inside the evaluation loops.
 */
public final class PlanReader {
  private final ByteBuffer in;
  private Node[] nodes;
  private int current;

  private PlanReader(byte[] bytes) {
    this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The plan in {@code bytes}; throws IllegalArgumentException when they are not a valid plan. */
  public static Plan read(byte[] bytes) {
    if (bytes == null) throw new IllegalArgumentException("thunder plan: expected plan bytes, got null");
    return new PlanReader(bytes).plan();
  }

  private Plan plan() {
    if (in.remaining() < HEADER_BYTES || in.getInt() != MAGIC) throw new IllegalArgumentException("thunder plan: expected bytes starting with \"TXPR\" (a plan from src/udf/serialize.ts)");
    int version = in.getShort() & 0xffff;
    if (version != VERSION) throw new IllegalArgumentException("thunder plan: format version " + version + ", this jar reads version " + VERSION + " (client and kernels jar differ)");
    int inputs = in.getShort() & 0xffff;
    int n = in.getInt();
    int root = in.getInt();
    // Every node takes at least 10 bytes: a count beyond that is corrupt, not a reason to allocate.
    if (n <= 0 || (long) n * 10 > in.remaining()) fail("a node count that fits the plan, got " + Integer.toUnsignedString(n));
    if (root < 0 || root >= n) fail("a root node index below " + n + ", got " + Integer.toUnsignedString(root));
    nodes = new Node[n];
    int[] inputLengths = new int[inputs];
    Arrays.fill(inputLengths, -1);
    for (current = 0; current < n; current++) {
      Node node = node();
      if (node.op == INPUT) {
        if (node.index >= inputs) fail("an input index below the header's " + inputs + " inputs, got " + node.index);
        if (inputLengths[node.index] >= 0 && inputLengths[node.index] != node.len) fail("one length per input");
        inputLengths[node.index] = node.len;
      }
      nodes[current] = node;
    }
    if (in.hasRemaining()) throw new IllegalArgumentException("thunder plan: " + in.remaining() + " bytes after the last node");
    return new Plan(nodes, root, inputLengths);
  }

  private Node node() {
    need(6);
    int op = in.get() & 0xff;
    int flags = in.get() & 0xff;
    int declaredLen = u32("length");
    if ((flags & ~3) != 0) fail("type flags 0..3, got " + flags);
    boolean bool = (flags & 1) != 0;
    int len = (flags & 2) != 0 ? declaredLen : -1;
    if (len < 0 && declaredLen != 0) fail("length 0 for a scalar");
    Node e = new Node(op, bool, len);
    switch (op) {
      case INPUT -> {
        e.index = u32("input index");
        expect(e, false, len, "a numeric vector");
      }
      case CONST -> {
        e.value = f64();
        expect(e, false, -1, "a numeric scalar");
      }
      case ARRAY -> {
        e.values = f64s(u32("array length"));
        expect(e, false, e.values.length, "a numeric vector of its values' length");
      }
      case REDUCE -> {
        e.fn = code(2, "reduce fn");
        e.args = refs(1);
        numericVector(e.args[0]);
        expect(e, false, -1, "a numeric scalar");
      }
      case PERCENTILE -> {
        e.value = f64();
        if (!(e.value >= 0 && e.value <= 100)) fail("q in [0, 100], got " + e.value);
        e.args = refs(1);
        numericVector(e.args[0]);
        expect(e, false, -1, "a numeric scalar");
      }
      case UNARY -> {
        e.fn = code(ISNAN, "unary fn");
        e.args = refs(1);
        Node a = nodes[e.args[0]];
        if (e.fn == NOT) {
          if (!a.bool) fail("a boolean operand for not");
          expect(e, true, a.len, "a boolean of its operand's shape");
        } else {
          if (a.bool) fail("a numeric operand");
          expect(e, e.fn == ISNAN, a.len, "its operand's shape");
        }
      }
      case BINARY -> {
        e.fn = code(OR, "binary fn");
        e.args = refs(2);
        Node a = nodes[e.args[0]];
        Node b = nodes[e.args[1]];
        boolean logic = e.fn == AND || e.fn == OR;
        if (logic ? !(a.bool && b.bool) : (a.bool || b.bool)) fail(logic ? "boolean operands" : "numeric operands");
        expect(e, e.fn >= GT, broadcast(a, b), "the broadcast shape of its operands");
      }
      case WHERE -> {
        e.args = refs(3);
        Node c = nodes[e.args[0]];
        Node a = nodes[e.args[1]];
        Node b = nodes[e.args[2]];
        if (!c.bool) fail("a boolean condition");
        if (a.bool != b.bool) fail("two numeric or two boolean branches");
        expect(e, a.bool, broadcast(c, a, b), "the broadcast shape of its operands");
      }
      case ELEMENT -> {
        e.index = u32("element index");
        e.args = refs(1);
        Node a = nodes[e.args[0]];
        if (!a.vector() || e.index >= a.len) fail("an index inside a vector operand");
        expect(e, a.bool, -1, "a scalar");
      }
      case GATHER -> {
        int count = u32("gather length");
        need(4L * count);
        int[] pos = new int[count];
        for (int k = 0; k < count; k++) pos[k] = in.getInt();
        e.args = refs(1);
        Node a = nodes[e.args[0]];
        if (!a.vector()) fail("a vector operand");
        for (int p : pos) if (p < 0 || p >= a.len) fail("positions in [0, " + a.len + "), got " + p);
        e.positions = pos;
        expect(e, a.bool, count, "a vector of its positions' length");
      }
      case VIEW -> view(e);
      case AXIS_REDUCE -> axisReduce(e);
      case STACK -> {
        int count = u32("stack length");
        need(4L * count);
        e.args = refs(count);
        for (int a : e.args) if (nodes[a].vector() || nodes[a].bool) fail("numeric scalar items");
        expect(e, false, count, "a vector of its items' count");
      }
      case MATVEC -> {
        e.rows = u32("rows");
        e.cols = u32("cols");
        if ((long) e.rows * e.cols > Integer.MAX_VALUE - 16) fail("a matrix below 2^31 values");
        e.values = f64s(e.rows * e.cols);
        e.args = refs(1);
        if (numericVector(e.args[0]) != e.cols) fail("a vector operand of " + e.cols + " values");
        expect(e, false, e.rows, "a vector of its rows' count");
      }
      case DFT -> dft(e);
      case MOVING_PERCENTILE -> {
        e.value = f64();
        if (!(e.value >= 0 && e.value <= 100)) fail("q in [0, 100], got " + e.value);
        e.fn = code(TRUNCATE, "window mode");
        e.size = u32("window size");
        e.left = u32("window left");
        e.right = u32("window right");
        if (e.fn == NEAREST && e.size < 1) fail("a positive window size");
        e.args = refs(1);
        expect(e, false, numericVector(e.args[0]), "its operand's length");
      }
      case CAST -> {
        e.fn = code(FLOAT16, "cast dtype");
        e.args = refs(1);
        Node a = nodes[e.args[0]];
        if (a.bool) fail("a numeric operand");
        expect(e, false, a.len, "its operand's shape");
      }
      default -> fail("a known op code (0.." + CAST + "), got " + op);
    }
    return e;
  }

  private void view(Node e) {
    int nd = u8();
    int[][] dims = new int[4][nd];
    for (int[] d : dims) for (int k = 0; k < nd; k++) d[k] = u32("view extent");
    e.args = refs(1);
    Node a = nodes[e.args[0]];
    if (!a.vector()) fail("a vector operand");
    int[] inShape = dims[0], start = dims[1], step = dims[2], outShape = dims[3];
    long inSize = 1, outSize = 1;
    for (int d = 0; d < nd; d++) {
      inSize *= inShape[d];
      outSize *= outShape[d];
      if (outShape[d] > 0 && (step[d] < 1 || (long) start[d] + (long) step[d] * (outShape[d] - 1) >= inShape[d])) fail("view windows inside the input");
    }
    if (inSize != a.len) fail("an input shape of " + a.len + " values");
    if (outSize > Integer.MAX_VALUE) fail("a view below 2^31 values");
    // Flat source position of every output element, C order (as evaluate.ts viewIndices).
    int total = (int) outSize;
    int[] pos = new int[total];
    long[] inStride = new long[nd];
    long s = 1;
    for (int d = nd - 1; d >= 0; d--) {
      inStride[d] = s;
      s *= inShape[d];
    }
    int[] o = new int[nd];
    for (int k = 0; k < total; k++) {
      long p = 0;
      for (int d = 0; d < nd; d++) p += ((long) start[d] + (long) step[d] * o[d]) * inStride[d];
      pos[k] = (int) p;
      for (int d = nd - 1; d >= 0; d--) {
        if (++o[d] < outShape[d]) break;
        o[d] = 0;
      }
    }
    e.positions = pos;
    expect(e, a.bool, total, "a vector of its output shape's size");
  }

  private void axisReduce(Node e) {
    e.fn = code(MAX, "axisReduce fn");
    int nd = u8();
    int[] shape = new int[nd];
    for (int d = 0; d < nd; d++) shape[d] = u32("axisReduce extent");
    int axis = u8();
    e.args = refs(1);
    int n = numericVector(e.args[0]);
    if (axis >= nd) fail("an axis below " + nd);
    long size = 1, inner = 1, outer = 1;
    for (int d = 0; d < nd; d++) {
      size *= shape[d];
      if (d > axis) inner *= shape[d];
      if (d < axis) outer *= shape[d];
    }
    if (size != n) fail("a shape of " + n + " values");
    e.along = shape[axis];
    e.inner = (int) inner;
    e.outer = (int) outer;
    long out = shape[axis] == 0 ? 0 : size / shape[axis];
    expect(e, false, (int) out, "the size of the remaining axes");
  }

  private void dft(Node e) {
    e.fn = code(IM, "dft part");
    e.rows = u32("bins");
    e.args = refs(1);
    int n = numericVector(e.args[0]);
    if (e.rows > n) fail("at most " + n + " bins");
    // The angle depends on (k t) mod n only; the table holds exactly what numeric.ts dftAngle
    // feeds to cos/sin (fdlibm, as V8), so every term is bit-identical to the local evaluator.
    double[] table = new double[n];
    for (int m = 0; m < n; m++) {
      double angle = (2 * Math.PI * m) / n;
      table[m] = e.fn == RE ? StrictMath.cos(angle) : StrictMath.sin(angle);
    }
    e.values = table;
    expect(e, false, e.rows, "a vector of its bins' count");
  }

  private static int broadcast(Node a, Node b) {
    return broadcast(a.len, b.len);
  }

  private static int broadcast(Node a, Node b, Node c) {
    return broadcast(broadcast(a.len, b.len), c.len);
  }

  /** Common length of operands (-1: scalar) where scalars broadcast against vectors. */
  private static int broadcast(int a, int b) {
    if (a < 0) return b;
    if (b < 0) return a;
    if (a != b) throw new IllegalArgumentException("thunder plan: operands of lengths " + a + " and " + b + " do not broadcast");
    return a;
  }

  /** The operand's length; it must be a numeric vector. */
  private int numericVector(int ref) {
    Node a = nodes[ref];
    if (!a.vector() || a.bool) fail("a numeric vector operand");
    return a.len;
  }

  private void expect(Node e, boolean bool, int len, String what) {
    if (e.bool != bool || e.len != len) {
      fail("a declared type of " + what + " (" + typeName(bool, len) + "), got " + typeName(e.bool, e.len));
    }
  }

  private static String typeName(boolean bool, int len) {
    return (bool ? "boolean " : "numeric ") + (len < 0 ? "scalar" : "vector[" + len + "]");
  }

  private int[] refs(int count) {
    need(4L * count);
    int[] out = new int[count];
    for (int k = 0; k < count; k++) {
      int r = in.getInt();
      if (r < 0 || r >= current) fail("operands that precede the node, got node " + Integer.toUnsignedString(r));
      out[k] = r;
    }
    return out;
  }

  private int code(int max, String what) {
    need(1);
    int c = in.get() & 0xff;
    if (c > max) fail(what + " code in 0.." + max + ", got " + c);
    return c;
  }

  private int u8() {
    need(1);
    return in.get() & 0xff;
  }

  private int u32(String what) {
    need(4);
    int x = in.getInt();
    if (x < 0) fail(what + " below 2^31, got " + Integer.toUnsignedString(x));
    return x;
  }

  private double f64() {
    need(8);
    return in.getDouble();
  }

  private double[] f64s(int count) {
    need(8L * count);
    double[] out = new double[count];
    in.asDoubleBuffer().get(out);
    in.position(in.position() + 8 * count);
    return out;
  }

  private void need(long bytes) {
    if (in.remaining() < bytes) fail("more bytes (the plan is truncated)");
  }

  private void fail(String expected) {
    throw new IllegalArgumentException("thunder plan node " + current + ": expected " + expected);
  }
}
