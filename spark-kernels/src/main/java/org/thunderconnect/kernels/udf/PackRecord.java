package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF2;
import org.thunderconnect.kernels.core.Chunk;

/**
 * {@code thunder_pack_record(key bigint, values array<numeric> | binary) -> binary}: the map side of
 * toImages. One series → one chunk tagged with its key, in the narrowest exact element kind, so
 * the shuffle that gathers blocks carries 1–8 bytes per value instead of a generic array row. A
 * null record gives null, a null element reads as NaN.
 */
public final class PackRecord implements UDF2<Long, Object, byte[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[] call(Long key, Object values) {
    if (values == null) return null;
    if (key == null) throw new IllegalArgumentException("thunder_pack_record: key must not be null");
    if (values instanceof byte[] packed) return Chunk.withTag(packed, key);
    return Chunk.encode(key, Args.doubles(values));
  }
}
