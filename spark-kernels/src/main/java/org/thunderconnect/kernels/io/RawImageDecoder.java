package org.thunderconnect.kernels.io;

import org.thunderconnect.kernels.core.Chunk;

/**
 * One raw little-endian image per file (Thunder's binary images): spec {@code dtype},
 * {@code shape} (comma-separated) and {@code order} (C, or F: first axis fastest, as the mouse
 * example data). The result is always C order, like the local decoder's {@code fortranToC}.
 */
final class RawImageDecoder implements FileDecoder {
  private final SampleType type;
  private final int[] shape;
  private final int size;
  /** For F order: the file position of each C-order element; null for C order. */
  private final int[] source;

  RawImageDecoder(Spec spec) {
    type = spec.dtype("dtype");
    shape = spec.integers("shape");
    long n = 1;
    for (int d : shape) n *= d;
    if (n * type.bytes > Integer.MAX_VALUE) throw new IllegalArgumentException("file kernel: images over 2 GiB per file are read by the driver");
    size = (int) n;
    source = "F".equals(spec.string("order", "C")) ? fortranPositions(shape, size) : null;
  }

  private static int[] fortranPositions(int[] shape, int size) {
    int nd = shape.length;
    int[] fStride = new int[nd];
    int s = 1;
    for (int d = 0; d < nd; d++) {
      fStride[d] = s;
      s *= shape[d];
    }
    int[] out = new int[size];
    int[] idx = new int[nd];
    int f = 0;
    for (int c = 0; c < size; c++) {
      out[c] = f;
      // Odometer over C order, last axis fastest; f follows incrementally.
      for (int d = nd - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          f += fStride[d];
          break;
        }
        f -= (shape[d] - 1) * fStride[d];
        idx[d] = 0;
      }
    }
    return out;
  }

  private void checkLength(byte[] b, String path) {
    long expected = (long) size * type.bytes;
    if (b.length != expected) {
      StringBuilder dims = new StringBuilder();
      for (int i = 0; i < shape.length; i++) dims.append(i == 0 ? "" : ", ").append(shape[i]);
      throw FileError.of(path, "has " + b.length + " bytes but shape [" + dims + "] of " + type.dtype + " needs " + expected + " (check conf.json or the shape/dtype options)");
    }
  }

  /** C-order integer files are packed from their bytes (Chunk.ofSamples: usually a plain copy). */
  @Override
  public byte[][] packed(byte[] b, String path) {
    boolean ints = type.storage == SampleType.Storage.SHORT || type.storage == SampleType.Storage.INT;
    if (source != null || !ints) return FileDecoder.super.packed(b, path);
    checkLength(b, path);
    return new byte[][] {Chunk.ofSamples(0, b, 0, size, type.bytes, type == SampleType.INT16 || type == SampleType.INT32)};
  }

  @Override
  public ImageStack decode(byte[] b, String path) {
    checkLength(b, path);
    ImageStack out = new ImageStack(type, 1, size);
    int w = type.bytes;
    int[] src = source;
    switch (type) {
      case UINT8, INT16 -> {
        short[] dst = out.shorts(0);
        for (int i = 0; i < size; i++) {
          int at = (src == null ? i : src[i]) * w;
          dst[i] = type == SampleType.UINT8 ? (short) (b[at] & 0xFF) : (short) LittleEndian.u16(b, at);
        }
      }
      case UINT16, INT32 -> {
        int[] dst = out.ints(0);
        for (int i = 0; i < size; i++) {
          int at = (src == null ? i : src[i]) * w;
          dst[i] = type == SampleType.UINT16 ? LittleEndian.u16(b, at) : LittleEndian.i32(b, at);
        }
      }
      case FLOAT32 -> {
        float[] dst = out.floats(0);
        for (int i = 0; i < size; i++) dst[i] = Float.intBitsToFloat(LittleEndian.i32(b, (src == null ? i : src[i]) * w));
      }
      case FLOAT64 -> {
        double[] dst = out.doubles(0);
        for (int i = 0; i < size; i++) dst[i] = Double.longBitsToDouble(LittleEndian.i64(b, (src == null ? i : src[i]) * w));
      }
      case INT64 -> {
        double[] dst = out.doubles(0);
        try {
          for (int i = 0; i < size; i++) dst[i] = LittleEndian.int64(b, (src == null ? i : src[i]) * w);
        } catch (IllegalArgumentException e) {
          throw FileError.of(path, e.getMessage());
        }
      }
      case FLOAT16 -> {
        float[] dst = out.floats(0);
        for (int i = 0; i < size; i++) dst[i] = (float) NumpyCasts.halfValue(LittleEndian.u16(b, (src == null ? i : src[i]) * w));
      }
    }
    return out;
  }
}
