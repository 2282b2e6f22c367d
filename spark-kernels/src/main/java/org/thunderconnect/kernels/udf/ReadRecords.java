package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF3;
import org.thunderconnect.kernels.io.RecordDecoder;
import org.thunderconnect.kernels.io.Spec;

/**
 * {@code thunder_read_records(content binary, path string, spec string) -> array<array<double>>}:
 * the series records of one binary file in file order (keyed records: keys first, see
 * {@link RecordDecoder}). {@code path} only names the file in errors. A null content gives null.
 */
public final class ReadRecords implements UDF3<byte[], String, String, double[][]> {
  private static final long serialVersionUID = 1L;

  private record Parsed(String spec, RecordDecoder decoder) {}

  private transient volatile Parsed parsed;

  @Override
  public double[][] call(byte[] content, String path, String spec) {
    if (content == null) return null;
    Parsed p = parsed;
    if (p == null || !p.spec().equals(spec)) {
      p = new Parsed(spec, new RecordDecoder(new Spec(spec)));
      parsed = p;
    }
    return p.decoder().decode(content, path);
  }
}
