package org.thunderconnect.kernels.filters;

/**
 * One pass of a separable filter: every line along {@code axis} correlated with {@code weights},
 * the weight at {@code origin} sitting on the output position, edges by {@link Reflect}, then
 * divided by {@code divisor} (1 for none). The accumulation runs over the weights in order from
 * 0.0 ({@code acc += w[k] * x}), exactly as {@code pass1d} in src/thunder/local/filters.ts, so
 * the results are bit-identical to the local engine; only the positions whose window leaves the
 * line pay for the reflection.
 */
final class SeparablePass {
  final int axis;
  private final double[] weights;
  private final int origin;
  private final double divisor;
  private final int n;
  private final int inner;

  /** {@code shape}: the image shape (C order); {@code 0 <= axis < shape.length}; weights not empty. */
  SeparablePass(int[] shape, int axis, double[] weights, int origin, double divisor) {
    this.axis = axis;
    this.weights = weights;
    this.origin = origin;
    this.divisor = divisor;
    this.n = shape[axis];
    int in = 1;
    for (int d = axis + 1; d < shape.length; d++) in *= shape[d];
    this.inner = in;
  }

  /** The filtered image, same length as {@code src} (the image of the constructor's shape). */
  double[] apply(double[] src) {
    double[] out = new double[src.length];
    if (n == 0 || src.length == 0) return out;
    int len = weights.length;
    // Outputs i in [first, end) read line[i - origin .. i - origin + len - 1], all inside the line.
    int first = Math.max(origin, 0);
    int end = n - (len - 1 - origin);
    int outer = src.length / (n * inner);
    double[] line = new double[n];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int base = o * n * inner + j;
        for (int i = 0; i < n; i++) line[i] = src[base + i * inner];
        for (int i = 0; i < n; i++) {
          double acc = 0;
          int s = i - origin;
          if (i >= first && i < end) {
            for (int k = 0; k < len; k++) acc += weights[k] * line[s + k];
          } else {
            for (int k = 0; k < len; k++) acc += weights[k] * line[Reflect.index(s + k, n)];
          }
          out[base + i * inner] = divisor == 1 ? acc : acc / divisor;
        }
      }
    }
    return out;
  }
}
