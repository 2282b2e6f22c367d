package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF1;
import org.thunderconnect.kernels.core.Chunk;

/**
 * {@code thunder_unpack(values binary) -> array<double>}: a packed record as a Spark array, for
 * what needs one (MLlib features, Spark SQL expressions). Spark boxes every element of the
 * result: use it at those boundaries only. A null record gives null.
 */
public final class Unpack implements UDF1<byte[], double[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public double[] call(byte[] values) {
    return values == null ? null : Chunk.decode(values);
  }
}
