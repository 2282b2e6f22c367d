package org.thunderconnect.kernels.udf;

import org.thunderconnect.kernels.core.Chunk;
import scala.collection.Seq;
import scala.collection.immutable.ArraySeq;

/**
 * Reads an {@code array<numeric>} UDF argument (a Scala Seq of boxed numbers of any numeric
 * type: Short, Integer, Float, Double...) into a caller's buffer of the exact expected length,
 * so evaluating a record allocates nothing for its input. A null element becomes NaN. A
 * {@code binary} argument is a packed record ({@link Chunk}).
 */
final class RecordInput {
  private RecordInput() {}

  /** Fills {@code into} with the elements of {@code seq}; throws when the lengths differ. */
  static void read(Object seq, double[] into, int which) {
    if (seq instanceof byte[] packed) {
      // A packed record (a Chunk): decoded without boxing.
      check(Chunk.count(packed), into.length, which);
      Chunk.decode(packed, into, 0);
      return;
    }
    if (seq instanceof ArraySeq.ofRef<?> a) {
      Object[] xs = (Object[]) a.unsafeArray();
      check(xs.length, into.length, which);
      for (int i = 0; i < xs.length; i++) {
        Object x = xs[i];
        into[i] = x == null ? Double.NaN : ((Number) x).doubleValue();
      }
      return;
    }
    if (seq instanceof double[] d) {
      check(d.length, into.length, which);
      System.arraycopy(d, 0, into, 0, d.length);
      return;
    }
    Seq<?> s = (Seq<?>) seq;
    check(s.length(), into.length, which);
    scala.collection.Iterator<?> it = s.iterator();
    for (int i = 0; it.hasNext(); i++) {
      Object x = it.next();
      into[i] = x == null ? Double.NaN : ((Number) x).doubleValue();
    }
  }

  private static void check(int got, int expected, int which) {
    if (got != expected) {
      throw new IllegalArgumentException("thunder expression: record " + which + " has " + got + " values, the plan was traced for " + expected);
    }
  }
}
