package org.thunderconnect.kernels.expr;

import org.thunderconnect.kernels.io.NumpyCasts;

import static org.thunderconnect.kernels.expr.PlanFormat.*;

/**
 * Scalar semantics of {@code src/udf/numeric.ts}, written with the same operations in the same
 * order so that results are bit-identical to the local evaluator. Transcendentals use
 * {@link StrictMath} (fdlibm), which is what V8 uses for exp, log, sin, cos and atan2; V8's pow
 * is the C library's, so {@code pow} may differ from the local engine in the last bit.
 */
final class Scalars {
  private Scalars() {}

  /** x / 0 is +Inf for x > 0, -Inf for x < 0, NaN for 0 or NaN (the sign of a zero divisor is ignored). */
  static double div(double a, double b) {
    if (b == 0) return a > 0 ? Double.POSITIVE_INFINITY : a < 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
    return a / b;
  }

  /** NaN if either is NaN; otherwise the larger, the first one on a tie (so max(+0, -0) = +0). */
  static double maximum(double a, double b) {
    return a != a || b != b ? Double.NaN : a > b ? a : b;
  }

  static double minimum(double a, double b) {
    return a != a || b != b ? Double.NaN : a < b ? a : b;
  }

  /**
   * A typed-array store and load (JavaScript semantics): integers truncate toward zero, wrap
   * modulo 2^bits, and NaN/±Inf become 0; float32 rounds to nearest even. int64 and float16 are
   * numpy's astype ({@link NumpyCasts}): int64 throws where it is not exact. Reducing modulo 2^32 in
   * double arithmetic first (exact) keeps the low bits of values beyond the long range.
   */
  static double cast(int dtype, double x) {
    switch (dtype) {
      case FLOAT64:
        return x;
      case FLOAT32:
        return (float) x;
      case INT64:
        return NumpyCasts.toInt64(x);
      case FLOAT16:
        return NumpyCasts.toHalf(x);
      default:
        long w;
        // Inside the int range truncation alone is exact (and % 2^32 would change nothing): the
        // common case skips the costly remainder. NaN fails both comparisons.
        if (x > -2147483649.0 && x < 2147483648.0) {
          w = (long) x;
        } else {
          if (x != x || Double.isInfinite(x)) return 0;
          w = (long) (x % 4294967296.0);
        }
        switch (dtype) {
          case UINT8:
            return w & 0xff;
          case INT16:
            return (short) w;
          case UINT16:
            return w & 0xffff;
          default:
            return (int) w;
        }
    }
  }

  /** numpy's linear percentile position q/100 (n-1): the lower index (numeric.ts percentilePosition). */
  static int percentileLow(int n, double q) {
    double pos = (q / 100) * (n - 1);
    return (int) Math.min(Math.floor(pos), Math.max(n - 1, 0));
  }

  /** The fraction past {@link #percentileLow}; 0 at the last element. */
  static double percentileFrac(int n, double q, int lo) {
    double pos = (q / 100) * (n - 1);
    return lo + 1 < n ? pos - lo : 0;
  }

  /** The rank scipy's percentile_filter picks from a sorted window of {@code size} values. */
  static int rankFilterRank(int size, double q) {
    return (int) Math.min(Math.floor((size * q) / 100), size - 1);
  }

  /**
   * A long whose signed order is the total order of {@code Arrays.sort(double[])}: -0 before +0,
   * NaN (made canonical) after +Inf. Its own inverse on non-NaN values.
   */
  static long key(double x) {
    long b = Double.doubleToLongBits(x);
    return b ^ ((b >> 63) & 0x7fffffffffffffffL);
  }

  static double fromKey(long k) {
    return Double.longBitsToDouble(k ^ ((k >> 63) & 0x7fffffffffffffffL));
  }

  static final long NAN_KEY = key(Double.NaN);
}
