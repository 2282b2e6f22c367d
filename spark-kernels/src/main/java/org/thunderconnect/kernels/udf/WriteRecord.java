package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF3;
import org.thunderconnect.kernels.io.SeriesFileWriter;
import org.thunderconnect.kernels.io.Spec;

/**
 * {@code thunder_write_record(key bigint, values array<numeric> | binary, spec string) -> bigint}: writes
 * one series record in place into the series file the client created (see
 * {@link SeriesFileWriter}); returns the bytes written. Idempotent like {@link WriteImage}.
 */
public final class WriteRecord implements UDF3<Long, Object, String, Long> {
  private static final long serialVersionUID = 1L;

  private record Parsed(String spec, SeriesFileWriter writer) {}

  private transient volatile Parsed parsed;

  @Override
  public Long call(Long key, Object values, String spec) {
    if (key == null || values == null) throw new IllegalArgumentException("thunder_write_record: null key or record");
    Parsed p = parsed;
    if (p == null || !p.spec().equals(spec)) {
      p = new Parsed(spec, new SeriesFileWriter(new Spec(spec)));
      parsed = p;
    }
    return p.writer().write(key, values instanceof byte[] ? values : Args.objects(values));
  }
}
