package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF2;
import org.thunderconnect.kernels.core.Chunk;
import org.thunderconnect.kernels.filters.FilterPlan;

/**
 * {@code thunder_spatial_filter(values array<numeric> | binary, spec binary) -> binary}: one image
 * (flattened C order, any numeric element type) through the gaussian/uniform/median filter the
 * spec describes (format in {@link FilterPlan}); same length, values of the spec's dtype, packed ({@link Chunk}). A null
 * image gives null, a null element reads as NaN. The spec is a literal, so Spark hands the same
 * byte[] on every row of a task: it is parsed once and kept while the identity holds.
 */
public final class SpatialFilter implements UDF2<Object, byte[], byte[]> {
  private static final long serialVersionUID = 1L;

  private record Parsed(byte[] spec, FilterPlan plan) {}

  private transient volatile Parsed parsed;

  @Override
  public byte[] call(Object values, byte[] spec) {
    if (values == null) return null;
    if (spec == null) throw new IllegalArgumentException("thunder_spatial_filter: spec is null");
    Parsed p = parsed;
    if (p == null || p.spec() != spec) {
      p = new Parsed(spec, FilterPlan.parse(spec));
      parsed = p;
    }
    return Chunk.encode(0, p.plan().apply(Args.doubles(values)));
  }
}
