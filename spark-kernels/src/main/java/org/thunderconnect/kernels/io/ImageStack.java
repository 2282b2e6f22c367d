package org.thunderconnect.kernels.io;

import org.thunderconnect.kernels.core.Chunk;

/**
 * {@code count} images of {@code size} values each, held in the Java array type of the dtype's
 * Spark storage (short[][] for uint8/int16, int[][] for uint16/int32, float[][], double[][]): the
 * decoders fill them in place and {@link #packed()} hands them to Spark. The accessor for another
 * storage type throws (a decoder bug, never bad input).
 */
public final class ImageStack {
  public final SampleType type;
  public final int count;
  public final int size;
  private final Object images;

  public ImageStack(SampleType type, int count, int size) {
    this.type = type;
    this.count = count;
    this.size = size;
    images = switch (type.storage) {
      case SHORT -> new short[count][size];
      case INT -> new int[count][size];
      case FLOAT -> new float[count][size];
      case DOUBLE -> new double[count][size];
    };
  }

  /** Image {@code image}'s values as doubles (exact for every storage type). */
  public double[] asDoubles(int image) {
    double[] out = new double[size];
    switch (type.storage) {
      case SHORT -> {
        short[] src = shorts(image);
        for (int i = 0; i < size; i++) out[i] = src[i];
      }
      case INT -> {
        int[] src = ints(image);
        for (int i = 0; i < size; i++) out[i] = src[i];
      }
      case FLOAT -> {
        float[] src = floats(image);
        for (int i = 0; i < size; i++) out[i] = src[i];
      }
      case DOUBLE -> System.arraycopy(doubles(image), 0, out, 0, size);
    }
    return out;
  }

  /**
   * Every image as a packed record ({@link Chunk}, tag 0): the kernel path's records. Integer
   * samples are packed from their ints (no detour through doubles: the raw-file loads' cost).
   */
  public byte[][] packed() {
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] = switch (type.storage) {
        case INT -> Chunk.encode(0, ints(i));
        case SHORT -> Chunk.encode(0, widened(shorts(i)));
        default -> Chunk.encode(0, asDoubles(i));
      };
    }
    return out;
  }

  private static int[] widened(short[] src) {
    int[] out = new int[src.length];
    for (int i = 0; i < src.length; i++) out[i] = src[i];
    return out;
  }

  public short[] shorts(int image) {
    return ((short[][]) images)[image];
  }

  public int[] ints(int image) {
    return ((int[][]) images)[image];
  }

  public float[] floats(int image) {
    return ((float[][]) images)[image];
  }

  public double[] doubles(int image) {
    return ((double[][]) images)[image];
  }

  /** {@code n} integer samples into image {@code image} from {@code offset}; each fits the storage type. */
  public void putInts(int image, int offset, int[] src, int n) {
    if (type.storage == SampleType.Storage.SHORT) {
      short[] dst = shorts(image);
      for (int i = 0; i < n; i++) dst[offset + i] = (short) src[i];
    } else {
      System.arraycopy(src, 0, ints(image), offset, n);
    }
  }
}
