package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF3;
import org.thunderconnect.kernels.io.FileDecoder;
import org.thunderconnect.kernels.io.Spec;

/**
 * {@code thunder_read_images_<smallint|int|float|double>(content binary, path string, spec string)
 * -> array<array<...>>}: the images one file holds (a binary file or PNG: one; a TIFF: its pages
 * grouped), each flattened C order in the Spark storage type of the spec's dtype. Registered once
 * per storage type (the same class; the client picks the name matching the dtype). {@code path}
 * only names the file in errors. A null content gives null.
 */
public final class ReadImages implements UDF3<byte[], String, String, Object> {
  private static final long serialVersionUID = 1L;

  private record Parsed(String spec, FileDecoder decoder) {}

  private transient volatile Parsed parsed;

  @Override
  public Object call(byte[] content, String path, String spec) {
    if (content == null) return null;
    Parsed p = parsed;
    if (p == null || !p.spec().equals(spec)) {
      p = new Parsed(spec, FileDecoder.of(new Spec(spec)));
      parsed = p;
    }
    return p.decoder().decode(content, path).images();
  }
}
