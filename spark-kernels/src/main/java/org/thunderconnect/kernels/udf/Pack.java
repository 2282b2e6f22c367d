package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF2;
import org.thunderconnect.kernels.core.Chunk;
import org.thunderconnect.kernels.io.SampleType;
import org.thunderconnect.kernels.io.StoredBytes;

/**
 * {@code thunder_pack(values array<numeric> | binary, dtype string) -> binary}: a record as the
 * kernel path stores it (a {@link Chunk}, tag 0), its values first stored as {@code dtype} the way
 * the local engine stores doubles into a typed array ({@link StoredBytes#stored}: integer dtypes
 * truncate and wrap, NaN and ±Inf become 0; float32 rounds; int64 and float16 as numpy's astype,
 * int64 failing the task for what it cannot hold). {@code float64} keeps every value.
 * This is the one conversion between Spark arrays and packed records, and the kernel path's
 * {@code astype}. A null record gives null.
 */
public final class Pack implements UDF2<Object, String, byte[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[] call(Object values, String dtype) {
    if (values == null) return null;
    SampleType type = SampleType.of(dtype);
    if (type == SampleType.FLOAT64 && values instanceof byte[] packed) return packed;
    double[] xs = Args.doubles(values);
    if (type != SampleType.FLOAT64) {
      for (int i = 0; i < xs.length; i++) xs[i] = StoredBytes.stored(xs[i], type);
    }
    return Chunk.encode(0, xs);
  }
}
