package org.thunderconnect.kernels.filters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A spatial filter for images of one shape and dtype, parsed from the spec the client encodes
 * (src/thunder/spark/kernels/filter-spec.ts), little-endian:
 * <pre>
 *   u8 'F', u8 kind (0 separable, 1 median), u8 dtype code (see {@link StorageType}), u8 0,
 *   i32 ndim, i32 shape[ndim],
 *   kind 0: i32 passes, then per pass: i32 axis, i32 origin, f64 divisor, i32 len, f64 weights[len]
 *   kind 1: i32 sizes[ndim] (each at least 1)
 * </pre>
 * Separable passes run in the order given and, for every dtype but float64, each result is
 * stored in the dtype before the next pass reads it (scipy writes each pass into an output of
 * the input's dtype); the gaussian weights come from the client so they are the local engine's
 * to the bit. The median's result is always one of the input's values, so it needs no store.
 */
public final class FilterPlan {
  private static final byte MAGIC = 'F';

  private final int size;
  private final StorageType dtype;
  private final SeparablePass[] passes;
  private final MedianFilter median;

  private FilterPlan(int size, StorageType dtype, SeparablePass[] passes, MedianFilter median) {
    this.size = size;
    this.dtype = dtype;
    this.passes = passes;
    this.median = median;
  }

  /** Parses a spec in the format above; throws IllegalArgumentException when it is malformed. */
  public static FilterPlan parse(byte[] spec) {
    try {
      ByteBuffer b = ByteBuffer.wrap(spec).order(ByteOrder.LITTLE_ENDIAN);
      if (b.get() != MAGIC) throw new IllegalArgumentException("filter spec: not a thunder filter spec");
      int kind = b.get();
      StorageType dtype = StorageType.ofCode(b.get());
      b.get();
      int nd = b.getInt();
      if (nd < 0 || nd > 32) throw new IllegalArgumentException("filter spec: bad dimension count " + nd);
      int[] shape = new int[nd];
      long size = 1;
      for (int d = 0; d < nd; d++) {
        shape[d] = b.getInt();
        if (shape[d] < 0) throw new IllegalArgumentException("filter spec: negative axis length");
        size *= shape[d];
      }
      if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("filter spec: image too large");
      if (kind == 1) {
        int[] sizes = new int[nd];
        for (int d = 0; d < nd; d++) {
          sizes[d] = b.getInt();
          if (sizes[d] < 1) throw new IllegalArgumentException("filter spec: median size below 1");
        }
        checkEnd(b);
        return new FilterPlan((int) size, dtype, new SeparablePass[0], new MedianFilter(shape, sizes));
      }
      if (kind != 0) throw new IllegalArgumentException("filter spec: unknown kind " + kind);
      int count = b.getInt();
      if (count < 0 || count > 1024) throw new IllegalArgumentException("filter spec: bad pass count " + count);
      SeparablePass[] passes = new SeparablePass[count];
      for (int p = 0; p < count; p++) {
        int axis = b.getInt();
        int origin = b.getInt();
        double divisor = b.getDouble();
        int len = b.getInt();
        if (axis < 0 || axis >= nd || len < 1 || len > b.remaining() / 8) {
          throw new IllegalArgumentException("filter spec: bad pass " + p);
        }
        double[] weights = new double[len];
        for (int k = 0; k < len; k++) weights[k] = b.getDouble();
        passes[p] = new SeparablePass(shape, axis, weights, origin, divisor);
      }
      checkEnd(b);
      return new FilterPlan((int) size, dtype, passes, null);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("filter spec: truncated", e);
    }
  }

  private static void checkEnd(ByteBuffer b) {
    if (b.hasRemaining()) throw new IllegalArgumentException("filter spec: " + b.remaining() + " trailing bytes");
  }

  /**
   * The filtered image: {@code image} is one image of the plan's shape flattened in C order
   * (length = product of the shape), values of the plan's dtype as doubles; the result has the
   * same length, values of the dtype. {@code image} may be returned or overwritten.
   */
  public double[] apply(double[] image) {
    if (image.length != size) {
      throw new IllegalArgumentException("spatial filter: an image of " + size + " values expected, got " + image.length);
    }
    if (median != null) return median.apply(image);
    double[] img = image;
    for (SeparablePass pass : passes) {
      img = pass.apply(img);
      dtype.storeAll(img);
    }
    return img;
  }
}
