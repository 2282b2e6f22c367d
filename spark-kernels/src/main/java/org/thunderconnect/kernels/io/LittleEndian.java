package org.thunderconnect.kernels.io;

/**
 * Little-endian numbers in byte arrays (Thunder's binary formats, TIFF data as our writer lays it
 * out), read and written exactly: integers keep every bit, floats keep their bit patterns.
 */
final class LittleEndian {
  private LittleEndian() {}

  static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  static int i32(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | b[at + 3] << 24;
  }

  static long i64(byte[] b, int at) {
    return (i32(b, at) & 0xFFFFFFFFL) | (long) i32(b, at + 4) << 32;
  }

  /** The value of {@code type} at byte {@code at}, as a double (exact for every type). */
  static double number(byte[] b, int at, SampleType type) {
    return switch (type) {
      case UINT8 -> b[at] & 0xFF;
      case UINT16 -> u16(b, at);
      case INT16 -> (short) u16(b, at);
      case INT32 -> i32(b, at);
      case FLOAT32 -> Float.intBitsToFloat(i32(b, at));
      case FLOAT64 -> Double.longBitsToDouble(i64(b, at));
      case INT64 -> int64(b, at);
      case FLOAT16 -> NumpyCasts.halfValue(u16(b, at));
    };
  }

  /** The int64 at {@code at} as a double; throws where a double cannot hold it exactly (beyond ±(2^53 − 1)). */
  static double int64(byte[] b, int at) {
    long v = i64(b, at);
    if (v > (long) NumpyCasts.INT64_MAX_EXACT || v < -(long) NumpyCasts.INT64_MAX_EXACT) {
      throw new IllegalArgumentException("int64 value " + v + " is beyond ±(2^53 − 1), the integers this package holds exactly");
    }
    return v;
  }

  static void put16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  static void put32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  static void put64(byte[] b, int at, long v) {
    put32(b, at, (int) v);
    put32(b, at + 4, (int) (v >>> 32));
  }
}
