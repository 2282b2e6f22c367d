package org.thunderconnect.kernels.io;

/**
 * Values of a record as the little-endian bytes of their dtype, stored the way the local engine
 * stores a double into a JavaScript typed array (ECMAScript ToUint8/ToInt16/...: NaN and ±Inf
 * become 0, others truncate toward zero and wrap modulo 2^bits; float32 rounds to nearest-even),
 * so a file written here equals, byte for byte, the one the driver writes from {@code toArray()}.
 */
public final class StoredBytes {
  private StoredBytes() {}

  private static final double TWO_32 = 4294967296.0;

  /** {@code x} truncated and wrapped to 32 bits (the low bits every narrower wrap keeps). */
  private static int wrap(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) return 0;
    return (int) (long) ((x < 0 ? Math.ceil(x) : Math.floor(x)) % TWO_32);
  }

  /**
   * The boxed numbers Spark hands a UDF for an array column (any numeric element type) as
   * {@code values.length × type.bytes} little-endian bytes. A null element is an error: no dtype
   * can store it.
   */
  public static byte[] of(Object[] values, SampleType type) {
    int w = type.bytes;
    byte[] out = new byte[values.length * w];
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) throw new IllegalArgumentException("value " + i + " is null");
      int at = i * w;
      switch (type) {
        case UINT8 -> out[at] = (byte) wrap(((Number) v).doubleValue());
        case UINT16, INT16 -> LittleEndian.put16(out, at, wrap(((Number) v).doubleValue()));
        case INT32 -> LittleEndian.put32(out, at, v instanceof Integer n ? n : wrap(((Number) v).doubleValue()));
        case FLOAT32 -> LittleEndian.put32(out, at, Float.floatToRawIntBits(v instanceof Float f ? f : (float) ((Number) v).doubleValue()));
        case FLOAT64 -> LittleEndian.put64(out, at, Double.doubleToRawLongBits(((Number) v).doubleValue()));
      }
    }
    return out;
  }
}
