package org.thunderconnect.kernels.expr;

import static org.thunderconnect.kernels.expr.PlanFormat.*;

/**
 * Elementwise loops over n elements, one loop per node. Each operand is (array, offset, stride):
 * stride 1 walks a vector, stride 0 repeats a scalar (broadcasting); the result goes to
 * out[outAt .. outAt + n). Booleans are produced and read as 1/0 (any non-zero is true).
 */
final class Elementwise {
  private Elementwise() {}

  static void unary(int fn, double[] a, int ao, int as, double[] out, int outAt, int n) {
    switch (fn) {
      case NEG -> { for (int i = 0; i < n; i++) out[outAt + i] = -a[ao + i * as]; }
      case ABS -> { for (int i = 0; i < n; i++) out[outAt + i] = Math.abs(a[ao + i * as]); }
      case SQRT -> { for (int i = 0; i < n; i++) out[outAt + i] = Math.sqrt(a[ao + i * as]); }
      case LOG -> { for (int i = 0; i < n; i++) out[outAt + i] = StrictMath.log(a[ao + i * as]); }
      case EXP -> { for (int i = 0; i < n; i++) out[outAt + i] = StrictMath.exp(a[ao + i * as]); }
      case NOT -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] != 0 ? 0 : 1; }
      case ISNAN -> { for (int i = 0; i < n; i++) { double x = a[ao + i * as]; out[outAt + i] = x != x ? 1 : 0; } }
      default -> throw new IllegalStateException("unary fn " + fn);
    }
  }

  static void binary(int fn, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int outAt, int n) {
    if (arithmetic(fn, a, ao, as, b, bo, bs, out, outAt, n)) return;
    switch (fn) {
      case ADD -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] + b[bo + i * bs]; }
      case SUB -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] - b[bo + i * bs]; }
      case MUL -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] * b[bo + i * bs]; }
      case DIV -> { for (int i = 0; i < n; i++) out[outAt + i] = Scalars.div(a[ao + i * as], b[bo + i * bs]); }
      case POW -> { for (int i = 0; i < n; i++) out[outAt + i] = StrictMath.pow(a[ao + i * as], b[bo + i * bs]); }
      case MAXIMUM -> { for (int i = 0; i < n; i++) out[outAt + i] = Scalars.maximum(a[ao + i * as], b[bo + i * bs]); }
      case MINIMUM -> { for (int i = 0; i < n; i++) out[outAt + i] = Scalars.minimum(a[ao + i * as], b[bo + i * bs]); }
      case ATAN2 -> { for (int i = 0; i < n; i++) out[outAt + i] = StrictMath.atan2(a[ao + i * as], b[bo + i * bs]); }
      case GT -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] > b[bo + i * bs] ? 1 : 0; }
      case GE -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] >= b[bo + i * bs] ? 1 : 0; }
      case LT -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] < b[bo + i * bs] ? 1 : 0; }
      case LE -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] <= b[bo + i * bs] ? 1 : 0; }
      case EQ -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] == b[bo + i * bs] ? 1 : 0; }
      case NE -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] != b[bo + i * bs] ? 1 : 0; }
      case AND -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] != 0 && b[bo + i * bs] != 0 ? 1 : 0; }
      case OR -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as] != 0 || b[bo + i * bs] != 0 ? 1 : 0; }
      default -> throw new IllegalStateException("binary fn " + fn);
    }
  }

  /**
   * The four arithmetic operations on vector-vector, vector-scalar and scalar-vector operands in
   * loops with unit strides and the scalar hoisted, which the JIT compiles to SIMD (the strided
   * general loops ran at ~1.5 ns per element in the generation profile). Division by a non-zero
   * scalar is plain division ({@link Scalars#div} differs only for a zero divisor). Returns false
   * for anything else, left to the general loops.
   */
  private static boolean arithmetic(int fn, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int outAt, int n) {
    if (as == 1 && bs == 1) {
      switch (fn) {
        case ADD -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i] + b[bo + i]; }
        case SUB -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i] - b[bo + i]; }
        case MUL -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i] * b[bo + i]; }
        default -> { return false; }
      }
      return true;
    }
    if (as == 1 && bs == 0) {
      double y = b[bo];
      switch (fn) {
        case ADD -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i] + y; }
        case SUB -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i] - y; }
        case MUL -> { for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i] * y; }
        case DIV -> {
          if (y == 0) return false;
          for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i] / y;
        }
        default -> { return false; }
      }
      return true;
    }
    if (as == 0 && bs == 1) {
      double x = a[ao];
      switch (fn) {
        case ADD -> { for (int i = 0; i < n; i++) out[outAt + i] = x + b[bo + i]; }
        case SUB -> { for (int i = 0; i < n; i++) out[outAt + i] = x - b[bo + i]; }
        case MUL -> { for (int i = 0; i < n; i++) out[outAt + i] = x * b[bo + i]; }
        default -> { return false; }
      }
      return true;
    }
    return false;
  }

  /** cond ? a : b, where a NaN condition counts as true (as in evaluate.ts: cond !== 0). */
  static void where(double[] c, int co, int cs, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int outAt, int n) {
    for (int i = 0; i < n; i++) out[outAt + i] = c[co + i * cs] != 0 ? a[ao + i * as] : b[bo + i * bs];
  }

  static void cast(int dtype, double[] a, int ao, int as, double[] out, int outAt, int n) {
    if (dtype == FLOAT64) {
      for (int i = 0; i < n; i++) out[outAt + i] = a[ao + i * as];
      return;
    }
    for (int i = 0; i < n; i++) out[outAt + i] = Scalars.cast(dtype, a[ao + i * as]);
  }
}
