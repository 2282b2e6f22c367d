package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF3;
import org.thunderconnect.kernels.core.BlockTranspose;

/**
 * {@code thunder_image_chunks(index bigint, values array<numeric>, block int) -> array<binary>}:
 * the map side of toSeries. One image (C order, any numeric storage type) → its ceil(V / block)
 * chunks tagged with the image index; element b is block b. A null image gives null, a null
 * element reads as NaN.
 */
public final class ImageChunks implements UDF3<Long, Object, Integer, byte[][]> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[][] call(Long index, Object values, Integer block) {
    if (values == null) return null;
    if (index == null || block == null) throw new IllegalArgumentException("thunder_image_chunks: index and block must not be null");
    // A packed image is sliced as is; an array is packed per chunk.
    if (values instanceof byte[] packed) return BlockTranspose.imageChunks(index, packed, block);
    return BlockTranspose.imageChunks(index, Args.doubles(values), block);
  }
}
