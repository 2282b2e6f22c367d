package org.thunderconnect.kernels.io;

import org.thunderconnect.kernels.core.Chunk;

/**
 * Values of a record as the little-endian bytes of their dtype, stored the way the local engine
 * stores a double into a JavaScript typed array (ECMAScript ToUint8/ToInt16/...: NaN and ±Inf
 * become 0, others truncate toward zero and wrap modulo 2^bits; float32 rounds to nearest-even;
 * int64 and float16 as numpy's astype, {@link NumpyCasts}),
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
   * {@code x} as {@code type} holds it, as a double: integer types truncate and wrap (NaN and ±Inf
   * give 0), float32 rounds to nearest-even, float64 keeps {@code x}.
   */
  public static double stored(double x, SampleType type) {
    return switch (type) {
      case UINT8 -> wrap(x) & 0xff;
      case UINT16 -> wrap(x) & 0xffff;
      case INT16 -> (short) wrap(x);
      case INT32 -> wrap(x);
      case FLOAT32 -> (float) x;
      case FLOAT64 -> x;
      case INT64 -> NumpyCasts.toInt64(x);
      case FLOAT16 -> NumpyCasts.toHalf(x);
    };
  }

  /** {@code values} as {@code values.length × type.bytes} little-endian bytes. */
  public static byte[] of(double[] values, SampleType type) {
    int w = type.bytes;
    byte[] out = new byte[values.length * w];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      int at = i * w;
      switch (type) {
        case UINT8 -> out[at] = (byte) wrap(v);
        case UINT16, INT16 -> LittleEndian.put16(out, at, wrap(v));
        case INT32 -> LittleEndian.put32(out, at, wrap(v));
        case FLOAT32 -> LittleEndian.put32(out, at, Float.floatToRawIntBits((float) v));
        case FLOAT64 -> LittleEndian.put64(out, at, Double.doubleToRawLongBits(v));
        case INT64 -> LittleEndian.put64(out, at, (long) NumpyCasts.toInt64(v));
        case FLOAT16 -> LittleEndian.put16(out, at, NumpyCasts.halfBits(NumpyCasts.toHalf(v)));
      }
    }
    return out;
  }

  /**
   * A record argument (the boxed numbers Spark hands a UDF for an array column, any numeric
   * element type, or a packed record) as {@link #of(double[], SampleType)}. A null element is an
   * error: no dtype can store it. (An int32 or float32 value survives the trip through double
   * exactly.)
   */
  public static byte[] ofRecord(Object record, SampleType type) {
    if (record instanceof byte[] packed) return of(Chunk.decode(packed), type);
    Object[] boxed = record instanceof Object[] a ? a : null;
    if (boxed == null) throw new IllegalArgumentException("a record is neither an array nor a packed record");
    double[] values = new double[boxed.length];
    for (int i = 0; i < boxed.length; i++) {
      if (boxed[i] == null) throw new IllegalArgumentException("value " + i + " is null");
      values[i] = ((Number) boxed[i]).doubleValue();
    }
    return of(values, type);
  }
}
