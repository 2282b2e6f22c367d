package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF3;
import org.thunderconnect.kernels.io.ImageFileWriter;
import org.thunderconnect.kernels.io.Spec;

/**
 * {@code thunder_write_image(index bigint, values array<numeric> | binary, spec string) -> bigint}: writes
 * the image as its own file on the executor that holds it (atomically; see
 * {@link ImageFileWriter} for the spec) and returns the file's size. Not deterministic in
 * Spark's sense (it has an effect), but idempotent: a retried task rewrites the same file.
 */
public final class WriteImage implements UDF3<Long, Object, String, Long> {
  private static final long serialVersionUID = 1L;

  private record Parsed(String spec, ImageFileWriter writer) {}

  private transient volatile Parsed parsed;

  @Override
  public Long call(Long index, Object values, String spec) {
    if (index == null || values == null) throw new IllegalArgumentException("thunder_write_image: null index or image");
    Parsed p = parsed;
    if (p == null || !p.spec().equals(spec)) {
      p = new Parsed(spec, new ImageFileWriter(new Spec(spec)));
      parsed = p;
    }
    return p.writer().write(index, values instanceof byte[] ? values : Args.objects(values));
  }
}
