package org.thunderconnect.kernels.expr;

import static org.thunderconnect.kernels.expr.PlanFormat.*;

/**
 * Reductions and linear maps, accumulated left to right from index 0 exactly as
 * {@code src/udf/evaluate.ts} does, so sums are bit-identical to the local evaluator.
 */
final class Folds {
  private Folds() {}

  /** sum of [] = 0, min of [] = +Inf, max of [] = -Inf; any NaN gives NaN; ties keep the first. */
  static double reduce(int fn, double[] v, int n) {
    switch (fn) {
      case SUM -> {
        double s = 0;
        for (int i = 0; i < n; i++) s += v[i];
        return s;
      }
      case MIN -> {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          double x = v[i];
          if (x != x) return Double.NaN;
          if (x < m) m = x;
        }
        return m;
      }
      default -> {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          double x = v[i];
          if (x != x) return Double.NaN;
          if (x > m) m = x;
        }
        return m;
      }
    }
  }

  /** A C-order [outer, along, inner] array reduced over its middle axis into out[outer * inner]. */
  static void axisReduce(int fn, double[] v, int outer, int along, int inner, double[] out) {
    double init = fn == SUM ? 0 : fn == MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    for (int p = 0; p < outer; p++) {
      for (int i = 0; i < inner; i++) {
        double acc = init;
        int base = p * along * inner + i;
        for (int k = 0; k < along; k++) {
          double x = v[base + k * inner];
          if (fn == SUM) acc = acc + x;
          else if (x != x || acc != acc) acc = Double.NaN;
          else if (fn == MIN) acc = x < acc ? x : acc;
          else acc = x > acc ? x : acc;
        }
        out[p * inner + i] = acc;
      }
    }
  }

  /** out[r] = sum over c of m[r cols + c] v[c], every term included (0 · Inf stays NaN). */
  static void matvec(double[] m, int rows, int cols, double[] v, double[] out) {
    for (int r = 0; r < rows; r++) {
      double acc = 0;
      int base = r * cols;
      for (int c = 0; c < cols; c++) acc += m[base + c] * v[c];
      out[r] = acc;
    }
  }

  /**
   * out[k] = sign · sum over t of v[t] · trig(2π ((k t) mod n) / n) for k < bins, with
   * {@code table[m]} = trig(2π m / n); (k t) mod n is advanced incrementally.
   */
  static void dft(double sign, double[] table, int bins, double[] v, int n, double[] out) {
    for (int k = 0; k < bins; k++) {
      double acc = 0;
      int m = 0;
      for (int t = 0; t < n; t++) {
        acc += v[t] * table[m];
        m += k;
        if (m >= n) m -= n;
      }
      out[k] = sign * acc;
    }
  }
}
