package org.thunderconnect.kernels.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A run of doubles packed as one tagged little-endian {@code binary} value: the unit that the
 * block transpose shuffles. Spark hands a Java UDF a {@code binary} as the byte[] itself (no
 * boxing, unlike {@code array<double>}), and shuffles and caches it as one opaque field.
 *
 * <p>Layout: bytes [0,8) the tag (int64: an image index, a series key or a block number), [8,12)
 * the count n (int32), [12] the element kind, [13,16) zero, then n elements of that kind. The kind
 * gives every value back bit for bit (NaN payloads, -0.0 and ±Inf included) in the narrowest width
 * that can, chosen per chunk from the data: {@link #encode} takes the first of u8, i16, u16, i32,
 * f32, f64 that fits; chunks copied from raw samples ({@link #ofSamples}) may keep another kind of
 * the same width, and chunks cut from others ({@link #slice}, {@link #transposed}) keep their
 * source's kind, which their values may not need in full. Raw uint8/uint16
 * recordings travel as 1 or 2 bytes per value whatever their Spark storage type, and nothing is
 * ever rounded. Decoding always yields doubles.
 */
public final class Chunk {
  private Chunk() {}

  /** Bytes before the elements. */
  public static final int HEADER = 16;

  private static final byte F64 = 0;
  private static final byte F32 = 1;
  private static final byte I32 = 2;
  private static final byte I16 = 3;
  private static final byte U16 = 4;
  private static final byte U8 = 5;
  private static final int[] WIDTH = {8, 4, 4, 2, 2, 1};

  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  /** {@code src[from, from + count)} packed under {@code tag}; {@code count} may be 0. */
  public static byte[] encode(long tag, double[] src, int from, int count) {
    if (from < 0 || count < 0 || from + count > src.length) {
      throw new IllegalArgumentException("chunk range [" + from + ", " + (from + count) + ") outside " + src.length + " values");
    }
    byte kind = kindOf(src, from, count);
    byte[] out = header(tag, count, kind);
    int end = from + count;
    int at = HEADER;
    switch (kind) {
      case U8 -> {
        for (int i = from; i < end; i++) out[at++] = (byte) (int) src[i];
      }
      case I16, U16 -> {
        for (int i = from; i < end; i++, at += 2) SHORT.set(out, at, (short) (int) src[i]);
      }
      case I32 -> {
        for (int i = from; i < end; i++, at += 4) INT.set(out, at, (int) src[i]);
      }
      case F32 -> {
        for (int i = from; i < end; i++, at += 4) FLOAT.set(out, at, (float) src[i]);
      }
      // A bulk copy (on little-endian hardware a plain memory copy), not a VarHandle store per value.
      default -> ByteBuffer.wrap(out, HEADER, count * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(src, from, count);
    }
    return out;
  }

  /**
   * Integer {@code values} packed whole under {@code tag}: the same bytes as {@link #encode(long,
   * double[])} of the same values, without widening them to doubles first (the file decoders'
   * 8/16/32-bit samples).
   */
  public static byte[] encode(long tag, int[] values) {
    int lo = 0;
    int hi = 0;
    for (int v : values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    byte kind = intKind(lo, hi);
    byte[] out = header(tag, values.length, kind);
    int at = HEADER;
    switch (kind) {
      case U8 -> {
        for (int v : values) out[at++] = (byte) v;
      }
      case I16, U16 -> {
        for (int v : values) {
          SHORT.set(out, at, (short) v);
          at += 2;
        }
      }
      default -> {
        for (int v : values) {
          INT.set(out, at, v);
          at += 4;
        }
      }
    }
    return out;
  }

  /**
   * {@code count} little-endian integer samples of {@code width} bytes (1: uint8; 2: uint16 or,
   * {@code signed}, int16; 4: int32) from {@code src[offset ..]} packed under {@code tag}. When no
   * narrower width holds them (as for most raw recordings) the bytes are copied as they are, under
   * the samples' own kind (u16 data below 32768 stay u16, where encode would say i16: same width);
   * otherwise the values are packed as {@link #encode(long, int[])} packs them.
   */
  public static byte[] ofSamples(long tag, byte[] src, int offset, int count, int width, boolean signed) {
    if (width != 1 && width != 2 && width != 4 || (width != 2 && signed != (width == 4))) {
      throw new IllegalArgumentException("no integer samples of width " + width + (signed ? " (signed)" : ""));
    }
    byte own = width == 1 ? U8 : width == 2 ? (signed ? I16 : U16) : I32;
    if (width > 1 && narrower(src, offset, count, own)) return encode(tag, samples(src, offset, count, own));
    byte[] out = header(tag, count, own);
    System.arraycopy(src, offset, out, HEADER, count * width);
    return out;
  }

  /**
   * Whether a narrower width holds every sample: for 16-bit samples exactly when every high byte
   * is zero (values 0..255), a scan of one byte in two; 32-bit samples are decoded.
   */
  private static boolean narrower(byte[] src, int offset, int count, byte kind) {
    if (kind == U16 || kind == I16) {
      int high = 0;
      for (int i = 0, p = offset + 1; i < count; i++, p += 2) high |= src[p];
      return high == 0;
    }
    int lo = 0;
    int hi = 0;
    for (int v : samples(src, offset, count, kind)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return WIDTH[intKind(lo, hi)] < 4;
  }

  // Plain byte arithmetic: these loops compile to straight code, where a VarHandle read per
  // sample behind a switch did not (it showed as VarHandleGuards frames in the load's profile).
  private static int[] samples(byte[] src, int offset, int count, byte kind) {
    int[] out = new int[count];
    int p = offset;
    switch (kind) {
      case U8 -> {
        for (int i = 0; i < count; i++) out[i] = src[p++] & 0xff;
      }
      case U16 -> {
        for (int i = 0; i < count; i++, p += 2) out[i] = (src[p] & 0xff) | (src[p + 1] & 0xff) << 8;
      }
      case I16 -> {
        for (int i = 0; i < count; i++, p += 2) out[i] = (src[p] & 0xff) | src[p + 1] << 8;
      }
      default -> {
        for (int i = 0; i < count; i++, p += 4) out[i] = (src[p] & 0xff) | (src[p + 1] & 0xff) << 8 | (src[p + 2] & 0xff) << 16 | src[p + 3] << 24;
      }
    }
    return out;
  }

  private static byte[] header(long tag, int count, byte kind) {
    byte[] out = new byte[HEADER + count * WIDTH[kind]];
    LONG.set(out, 0, tag);
    INT.set(out, 8, count);
    out[12] = kind;
    return out;
  }

  /** {@code values} packed whole under {@code tag}. */
  public static byte[] encode(long tag, double[] values) {
    return encode(tag, values, 0, values.length);
  }

  /** A copy of {@code chunk} under another tag (the values are not decoded). */
  public static byte[] withTag(byte[] chunk, long tag) {
    check(chunk);
    byte[] out = chunk.clone();
    LONG.set(out, 0, tag);
    return out;
  }

  /** The tag of a chunk made by {@link #encode}. */
  public static long tag(byte[] chunk) {
    check(chunk);
    return (long) LONG.get(chunk, 0);
  }

  /** The number of values in a chunk made by {@link #encode}. */
  public static int count(byte[] chunk) {
    check(chunk);
    return (int) INT.get(chunk, 8);
  }

  /** Writes the chunk's {@code count(chunk)} values, as doubles, to {@code dst[at, at + count)}. */
  public static void decode(byte[] chunk, double[] dst, int at) {
    int n = count(chunk);
    if (at < 0 || at + n > dst.length) throw new IllegalArgumentException("a chunk of " + n + " values does not fit at " + at + " in " + dst.length);
    int p = HEADER;
    int end = at + n;
    switch (chunk[12]) {
      case U8 -> {
        for (int i = at; i < end; i++) dst[i] = chunk[p++] & 0xff;
      }
      case I16 -> {
        for (int i = at; i < end; i++, p += 2) dst[i] = (short) SHORT.get(chunk, p);
      }
      case U16 -> {
        for (int i = at; i < end; i++, p += 2) dst[i] = ((short) SHORT.get(chunk, p)) & 0xffff;
      }
      case I32 -> {
        for (int i = at; i < end; i++, p += 4) dst[i] = (int) INT.get(chunk, p);
      }
      case F32 -> {
        for (int i = at; i < end; i++, p += 4) dst[i] = (float) FLOAT.get(chunk, p);
      }
      default -> ByteBuffer.wrap(chunk, HEADER, n * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(dst, at, n);
    }
  }

  /**
   * Values [from, from + count) of {@code chunk} as a chunk of the same element kind under
   * {@code tag}: a byte copy, nothing decoded (the kind stays exact, if not always the narrowest).
   */
  public static byte[] slice(byte[] chunk, long tag, int from, int count) {
    int n = count(chunk);
    if (from < 0 || count < 0 || from + count > n) {
      throw new IllegalArgumentException("chunk range [" + from + ", " + (from + count) + ") outside " + n + " values");
    }
    byte kind = chunk[12];
    int w = WIDTH[kind];
    byte[] out = header(tag, count, kind);
    System.arraycopy(chunk, HEADER + from * w, out, HEADER, count * w);
    return out;
  }

  /**
   * The transpose of {@code chunks} (each of {@code count} values, all of one element kind): count
   * chunks under {@code tag}, chunk j holding value j of every input chunk in order, in that same
   * kind. Bytes are moved, nothing is decoded. Null when the kinds differ (the caller decodes).
   */
  public static byte[][] transposed(byte[][] chunks, int count, long tag) {
    int t = chunks.length;
    byte kind = t == 0 ? U8 : chunks[0][12];
    boolean one = true;
    for (byte[] c : chunks) {
      if (count(c) != count) throw new IllegalArgumentException("chunks to transpose hold " + count + " and " + count(c) + " values");
      one &= c[12] == kind;
    }
    if (!one) return null;
    int w = WIDTH[kind];
    byte[][] out = new byte[count][];
    for (int j = 0; j < count; j++) out[j] = header(tag, t, kind);
    for (int i = 0; i < t; i++) {
      byte[] c = chunks[i];
      int at = HEADER + i * w;
      int p = HEADER;
      switch (w) {
        case 1 -> {
          for (int j = 0; j < count; j++) out[j][at] = c[p++];
        }
        case 2 -> {
          for (int j = 0; j < count; j++, p += 2) SHORT.set(out[j], at, (short) SHORT.get(c, p));
        }
        case 4 -> {
          for (int j = 0; j < count; j++, p += 4) INT.set(out[j], at, (int) INT.get(c, p));
        }
        default -> {
          for (int j = 0; j < count; j++, p += 8) LONG.set(out[j], at, (long) LONG.get(c, p));
        }
      }
    }
    return out;
  }

  /** The chunk's values as a new double[count(chunk)]. */
  public static double[] decode(byte[] chunk) {
    double[] out = new double[count(chunk)];
    decode(chunk, out, 0);
    return out;
  }

  // Integer kinds only when (double) (int) x has x's exact bits: that rules out fractions, NaN,
  // ±Inf, -0.0 and anything beyond int range in one comparison.
  private static byte kindOf(double[] src, int from, int count) {
    int end = from + count;
    boolean ints = true;
    int lo = 0;
    int hi = 0;
    for (int i = from; i < end; i++) {
      double x = src[i];
      int v = (int) x;
      if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(x)) {
        ints = false;
        break;
      }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (ints) return intKind(lo, hi);
    for (int i = from; i < end; i++) {
      double x = src[i];
      if (Double.doubleToRawLongBits((float) x) != Double.doubleToRawLongBits(x)) return F64;
    }
    return F32;
  }

  /** The narrowest integer kind holding [lo, hi] (lo <= 0 <= hi). */
  private static byte intKind(int lo, int hi) {
    if (lo >= 0 && hi <= 0xff) return U8;
    if (lo >= Short.MIN_VALUE && hi <= Short.MAX_VALUE) return I16;
    if (lo >= 0 && hi <= 0xffff) return U16;
    return I32;
  }

  private static void check(byte[] chunk) {
    if (chunk == null || chunk.length < HEADER) throw new IllegalArgumentException("not a thunder chunk (" + (chunk == null ? "null" : chunk.length + " bytes") + ")");
    byte kind = chunk[12];
    int n = (int) INT.get(chunk, 8);
    if (kind < 0 || kind >= WIDTH.length || n < 0 || chunk.length != HEADER + (long) n * WIDTH[kind]) {
      throw new IllegalArgumentException("not a thunder chunk (kind " + kind + ", count " + n + ", " + chunk.length + " bytes)");
    }
  }
}
