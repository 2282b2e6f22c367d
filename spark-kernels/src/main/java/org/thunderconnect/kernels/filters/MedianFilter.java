package org.thunderconnect.kernels.filters;

import java.util.Arrays;

/**
 * The n-d median filter of src/thunder/local/filters.ts: at every position the window of
 * {@code sizes} values starting {@code floor(size/2)} before it on each axis (edges by
 * {@link Reflect}) is sorted ascending and element {@code floor(total/2)} is taken. Java's
 * {@code Arrays.sort(double[])} and a JavaScript {@code Float64Array} sort use the same total
 * order (-0.0 before 0.0, NaN last), so the chosen element is the same.
 */
final class MedianFilter {
  private final int[] shape;
  private final int[] sizes;
  private final int total;
  /** offsets[d][c * sizes[d] + o]: flat offset contributed by axis d at coordinate c, window step o. */
  private final int[][] offsets;

  /** {@code sizes.length == shape.length}, every size at least 1. */
  MedianFilter(int[] shape, int[] sizes) {
    this.shape = shape.clone();
    this.sizes = sizes.clone();
    int nd = shape.length;
    int t = 1;
    for (int s : sizes) t *= s;
    this.total = t;
    this.offsets = new int[nd][];
    int stride = 1;
    for (int d = nd - 1; d >= 0; d--) {
      int n = shape[d];
      int size = sizes[d];
      int[] table = new int[n * size];
      for (int c = 0; c < n; c++) {
        for (int o = 0; o < size; o++) table[c * size + o] = Reflect.index(c - size / 2 + o, n) * stride;
      }
      offsets[d] = table;
      stride *= n;
    }
  }

  /** The filtered image, same length as {@code src} (the image of the constructor's shape). */
  double[] apply(double[] src) {
    int nd = shape.length;
    double[] out = new double[src.length];
    double[] win = new double[total];
    int rank = total / 2;
    int[] pos = new int[nd];
    int[] off = new int[nd];
    for (int p = 0; p < src.length; p++) {
      Arrays.fill(off, 0);
      for (int w = 0; w < total; w++) {
        int idx = 0;
        for (int d = 0; d < nd; d++) idx += offsets[d][pos[d] * sizes[d] + off[d]];
        win[w] = src[idx];
        for (int d = nd - 1; d >= 0; d--) {
          if (++off[d] < sizes[d]) break;
          off[d] = 0;
        }
      }
      Arrays.sort(win);
      out[p] = win[rank];
      for (int d = nd - 1; d >= 0; d--) {
        if (++pos[d] < shape[d]) break;
        pos[d] = 0;
      }
    }
    return out;
  }
}
