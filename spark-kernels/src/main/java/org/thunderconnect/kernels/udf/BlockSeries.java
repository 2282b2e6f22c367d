package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF1;
import org.thunderconnect.kernels.core.BlockTranspose;

/**
 * {@code thunder_block_series(chunks array<binary>) -> array<array<double>>}: the reduce side of
 * toSeries. The collected chunks of one block (one per image, any order) → the block's B series
 * of T values each, voxel order; element j is voxel j of the block.
 */
public final class BlockSeries implements UDF1<Object, double[][]> {
  private static final long serialVersionUID = 1L;

  @Override
  public double[][] call(Object chunks) {
    if (chunks == null) return null;
    return BlockTranspose.blockSeries(Args.objects(chunks));
  }
}
