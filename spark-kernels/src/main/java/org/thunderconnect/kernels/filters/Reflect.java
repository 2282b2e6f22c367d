package org.thunderconnect.kernels.filters;

/**
 * scipy.ndimage's 'reflect' boundary ({@code d c b a | a b c d | d c b a}): the edge value is
 * repeated, so the pattern has period {@code 2n}. Mirrors {@code reflect} in
 * src/thunder/local/filters.ts, which the kernels must match index for index.
 */
final class Reflect {
  private Reflect() {}

  /** The in-range position (0..n-1) that position {@code i} (any int) reads on an axis of {@code n >= 1}. */
  static int index(int i, int n) {
    if (n == 1) return 0;
    int period = 2 * n;
    int m = ((i % period) + period) % period;
    return m < n ? m : period - 1 - m;
  }
}
