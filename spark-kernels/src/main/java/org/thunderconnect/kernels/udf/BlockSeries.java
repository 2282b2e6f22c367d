package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF1;
import org.thunderconnect.kernels.core.BlockTranspose;

/**
 * {@code thunder_block_series(chunks array<binary>) -> array<binary>}: the reduce side of
 * toSeries. The collected chunks of one block (one per image, any order) → the block's B series
 * of T values each, packed ({@link Chunk}, tag 0), voxel order; element j is voxel j of the block.
 */
public final class BlockSeries implements UDF1<Object, byte[][]> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[][] call(Object chunks) {
    if (chunks == null) return null;
    return BlockTranspose.blockSeries(Args.objects(chunks));
  }
}
