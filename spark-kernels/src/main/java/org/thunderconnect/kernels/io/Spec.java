package org.thunderconnect.kernels.io;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The text a client passes a file kernel to say what to read or write: {@code key=value} pairs
 * joined by {@code ;}, each value URI-encoded (the client's {@code encodeURIComponent}), so paths
 * may hold any character. Built by src/thunder/spark/kernel-files.ts and kernel-writers.ts.
 */
public final class Spec {
  private final Map<String, String> fields = new HashMap<>();
  private final String text;

  public Spec(String text) {
    if (text == null) throw new IllegalArgumentException("file kernel: spec is null");
    this.text = text;
    for (String part : text.split(";")) {
      if (part.isEmpty()) continue;
      int eq = part.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("file kernel: malformed spec field " + part);
      fields.put(part.substring(0, eq), URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
  }

  public String text() {
    return text;
  }

  public String string(String key) {
    String v = fields.get(key);
    if (v == null) throw new IllegalArgumentException("file kernel: spec has no " + key + ": " + text);
    return v;
  }

  public String string(String key, String fallback) {
    return fields.getOrDefault(key, fallback);
  }

  public int integer(String key) {
    return Integer.parseInt(string(key));
  }

  public long integer(String key, long fallback) {
    String v = fields.get(key);
    return v == null ? fallback : Long.parseLong(v);
  }

  /** A comma-separated list of positive integers (a shape). */
  public int[] integers(String key) {
    String[] parts = string(key).split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i]);
    return out;
  }

  public SampleType dtype(String key) {
    return SampleType.of(string(key));
  }
}
