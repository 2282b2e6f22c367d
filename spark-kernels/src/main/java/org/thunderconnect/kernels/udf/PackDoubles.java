package org.thunderconnect.kernels.udf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.spark.sql.api.java.UDF1;

/**
 * {@code thunder_pack_doubles(values array<numeric>) -> binary}: the record as little-endian
 * doubles (8 bytes per value, null elements as NaN). A Java UDF receives and returns
 * {@code binary} as a {@code byte[]} without Spark converting element by element, so packed
 * records reach the expression kernels without boxing. A null record gives null.
 */
public final class PackDoubles implements UDF1<Object, byte[]> {
  @Override
  public byte[] call(Object values) {
    if (values == null) return null;
    return pack(Args.doubles(values));
  }

  /** {@code d} as little-endian doubles. */
  static byte[] pack(double[] d) {
    ByteBuffer out = ByteBuffer.allocate(d.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    out.asDoubleBuffer().put(d);
    return out.array();
  }
}
