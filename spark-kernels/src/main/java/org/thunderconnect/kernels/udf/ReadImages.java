package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF3;
import org.thunderconnect.kernels.io.FileDecoder;
import org.thunderconnect.kernels.io.Spec;

/**
 * {@code thunder_read_images(content binary, path string, spec string) -> array<binary>}: the
 * images one file holds (a binary file or PNG: one; a TIFF: its pages grouped), each flattened C
 * order and packed ({@link org.thunderconnect.kernels.core.Chunk}: raw 8/16-bit samples stay 1–2
 * bytes per value). {@code path} only names the file in errors. A null content gives null.
 */
public final class ReadImages implements UDF3<byte[], String, String, byte[][]> {
  private static final long serialVersionUID = 1L;

  private record Parsed(String spec, FileDecoder decoder) {}

  private transient volatile Parsed parsed;

  @Override
  public byte[][] call(byte[] content, String path, String spec) {
    if (content == null) return null;
    Parsed p = parsed;
    if (p == null || !p.spec().equals(spec)) {
      p = new Parsed(spec, FileDecoder.of(new Spec(spec)));
      parsed = p;
    }
    return p.decoder().packed(content, path);
  }
}
