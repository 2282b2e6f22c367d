package org.thunderconnect.kernels.io;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The two conversions that are numpy's astype rather than a JavaScript typed-array store, written
 * once for the kernels (src/common/ndarray.ts {@code toInt64}/{@code roundToHalf} are the driver's):
 * <ul>
 *   <li>int64: truncation toward zero; NaN, ±Inf or an integer part beyond ±(2^53 − 1) (which a
 *       double, the kernels' and the driver's number, cannot hold exactly) fail the task with the
 *       driver's {@code InvalidArgumentError} (the marker file-errors.ts reads), never a rounded value;
 *   <li>float16: round to the nearest IEEE half straight from the double, ties to even (Java 17
 *       has no {@code Float.floatToFloat16}); overflow (|x| ≥ 65520) gives ±Inf, below 2^-14 the
 *       halves are the subnormal multiples of 2^-24, NaN stays NaN.
 * </ul>
 */
public final class NumpyCasts {
  private NumpyCasts() {}

  /** 2^53 − 1: the largest integer with every smaller one exact in a double. */
  public static final double INT64_MAX_EXACT = 9007199254740991.0;

  /** Kept in step with src/udf/numeric.ts INT64_CAST_ERROR and file-errors.ts. */
  private static final String ARGUMENT = "astype('int64')";
  private static final String EXPECTED = "finite values whose integer part is within ±(2^53 − 1)";

  /** numpy's astype('int64') of {@code x}; throws (the driver's InvalidArgumentError) where it is not exact. */
  public static double toInt64(double x) {
    double t = x < 0 ? Math.ceil(x) : Math.floor(x);
    // NaN fails both comparisons.
    if (!(t >= -INT64_MAX_EXACT && t <= INT64_MAX_EXACT)) throw argumentError(x);
    return t + 0.0;
  }

  /** The nearest half to {@code x}, ties to even, as a double. */
  public static double toHalf(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) return x;
    double a = Math.abs(x);
    if (a >= 65520) return x > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    // Spacing of halves: 2^-24 for subnormals, else 2^(e-10) for a in [2^e, 2^(e+1)); scaling by it is exact.
    double quantum = a < 0x1p-14 ? 0x1p-24 : Math.scalb(1.0, Math.getExponent(a) - 10);
    return Math.copySign(Math.rint(a / quantum) * quantum, x);
  }

  /** The half-precision bit pattern of {@code h}, which must already be a half. */
  public static int halfBits(double h) {
    if (Double.isNaN(h)) return 0x7e00;
    int sign = (Double.doubleToRawLongBits(h) < 0) ? 0x8000 : 0;
    double a = Math.abs(h);
    if (Double.isInfinite(a)) return sign | 0x7c00;
    if (a < 0x1p-14) return sign | (int) (a * 0x1p24);
    int e = Math.getExponent(a);
    return sign | ((e + 15) << 10) | ((int) Math.scalb(a, 10 - e) - 1024);
  }

  /** The value of the half-precision bit pattern {@code bits} (0..65535). */
  public static double halfValue(int bits) {
    double sign = (bits & 0x8000) != 0 ? -1 : 1;
    int exp = (bits >> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) return mant == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    return sign * (exp == 0 ? mant * 0x1p-24 : Math.scalb((double) (mant + 1024), exp - 25));
  }

  /**
   * A plain IllegalArgumentException (the driver's class loader must load it, see
   * {@link FileError}) whose message carries the argument error's parts between the markers
   * src/thunder/spark/file-errors.ts reads back.
   */
  private static IllegalArgumentException argumentError(double x) {
    String got = Double.toString(x);
    return new IllegalArgumentException(ARGUMENT + ": expected " + EXPECTED + ", got " + got
        + " [thunder-argument-error:" + b64(ARGUMENT) + ":" + b64(EXPECTED) + ":" + b64(got) + ":]");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
