package org.thunderconnect.kernels.udf;

import org.thunderconnect.kernels.core.Chunk;
import org.thunderconnect.kernels.io.FileError;
import scala.collection.Seq;
import scala.collection.immutable.ArraySeq;

/**
 * Conversions of the values Spark hands a Java UDF. Without input encoders Spark converts an
 * {@code array<...>} argument to a Scala {@code Seq} of boxed numbers (an {@code ArraySeq.ofRef}
 * over an {@code Object[]} in Spark 4); these read it into primitive arrays in one pass. A
 * {@code binary} argument arrives as the byte[] itself: records on the kernel path are packed
 * that way ({@link Chunk}, tag 0), so reading them boxes nothing.
 */
public final class Args {
  private Args() {}

  /**
   * The elements of an array argument as doubles (a null element becomes NaN), or the values of a
   * packed record (a {@code binary} argument: a {@link Chunk}).
   */
  public static double[] doubles(Object seq) {
    if (seq == null) return null;
    if (seq instanceof byte[] packed) return Chunk.decode(packed);
    if (seq instanceof ArraySeq.ofRef<?> a) {
      Object[] xs = (Object[]) a.unsafeArray();
      double[] out = new double[xs.length];
      for (int i = 0; i < xs.length; i++) {
        out[i] = number(xs[i]);
      }
      return out;
    }
    if (seq instanceof double[] d) return d;
    Seq<?> s = (Seq<?>) seq;
    double[] out = new double[s.length()];
    scala.collection.Iterator<?> it = s.iterator();
    for (int i = 0; it.hasNext(); i++) {
      out[i] = number(it.next());
    }
    return out;
  }

  /**
   * A boxed element as a double: null is NaN; a {@code bigint} (Long) beyond ±(2^53 − 1), which a
   * double would round, fails the task (the driver's {@code DataFormatError} naming the records)
   * instead of becoming a wrong number.
   */
  private static double number(Object x) {
    if (x == null) return Double.NaN;
    if (x instanceof Long l && (l > MAX_EXACT || l < -MAX_EXACT)) {
      throw FileError.of("records", "a bigint value " + l + " is beyond ±(2^53 − 1), the integers a double holds exactly");
    }
    return ((Number) x).doubleValue();
  }

  private static final long MAX_EXACT = (1L << 53) - 1;

  /** The elements of an array argument as objects (rows, arrays...), without copying when possible. */
  public static Object[] objects(Object seq) {
    if (seq == null) return null;
    if (seq instanceof ArraySeq.ofRef<?> a) return (Object[]) a.unsafeArray();
    Seq<?> s = (Seq<?>) seq;
    Object[] out = new Object[s.length()];
    scala.collection.Iterator<?> it = s.iterator();
    for (int i = 0; it.hasNext(); i++) out[i] = it.next();
    return out;
  }
}
