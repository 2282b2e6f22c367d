package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF2;
import org.thunderconnect.kernels.core.BlockTranspose;

/**
 * {@code thunder_assemble_image(chunks array<binary>, voxels int) -> array<double>}: the reduce
 * side of toImages. The chunks of one time point (one per block, any order) → the image of
 * {@code voxels} values in C order; a different total fails the task with the counts.
 */
public final class AssembleImage implements UDF2<Object, Integer, double[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public double[] call(Object chunks, Integer voxels) {
    if (chunks == null) return null;
    if (voxels == null) throw new IllegalArgumentException("thunder_assemble_image: voxels must not be null");
    return BlockTranspose.assemble(Args.objects(chunks), voxels);
  }
}
