package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF2;
import org.thunderconnect.kernels.core.BlockTranspose;
import org.thunderconnect.kernels.core.Chunk;

/**
 * {@code thunder_assemble_image(chunks array<binary>, voxels int) -> binary}: the reduce
 * side of toImages. The chunks of one time point (one per block, any order) → the image of
 * {@code voxels} values in C order, packed ({@link Chunk}); a different total fails the task with the counts.
 */
public final class AssembleImage implements UDF2<Object, Integer, byte[]> {
  private static final long serialVersionUID = 1L;

  @Override
  public byte[] call(Object chunks, Integer voxels) {
    if (chunks == null) return null;
    if (voxels == null) throw new IllegalArgumentException("thunder_assemble_image: voxels must not be null");
    return Chunk.encode(0, BlockTranspose.assemble(Args.objects(chunks), voxels));
  }
}
