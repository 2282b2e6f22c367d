package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF3;
import org.thunderconnect.kernels.core.BlockTranspose;

/**
 * {@code thunder_block_images(block bigint, records array<binary>, length int) -> array<binary>}:
 * the middle of toImages. The packed series of one block (from {@code thunder_pack_record}, any
 * order, {@code length} values each) → {@code length} chunks tagged with the block; element t
 * holds time point t of the block's voxels in key order.
 */
public final class BlockImages implements UDF3<Long, Object, Integer, byte[][]> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[][] call(Long block, Object records, Integer length) {
    if (records == null) return null;
    if (block == null || length == null) throw new IllegalArgumentException("thunder_block_images: block and length must not be null");
    return BlockTranspose.blockImageChunks(block, Args.objects(records), length);
  }
}
