package org.thunderconnect.kernels.expr;

/**
 * numpy's linear percentile of a whole vector by selection instead of sorting (O(n) expected).
 * The order statistics it picks are the elements a full ascending sort would put at those
 * positions (same total order, -0 before +0), so the result is bit-identical to sorting.
 */
final class Percentiles {
  private Percentiles() {}

  /**
   * Percentile q of v[0..n): NaN when n = 0 or any element is NaN; the element itself when the
   * position falls on one (±Inf survive); else lo + frac (hi - lo). {@code keys} is scratch of
   * at least n longs.
   */
  static double of(double[] v, int n, double q, long[] keys) {
    if (n == 0) return Double.NaN;
    for (int i = 0; i < n; i++) {
      double x = v[i];
      if (x != x) return Double.NaN;
      keys[i] = Scalars.key(x);
    }
    int lo = Scalars.percentileLow(n, q);
    double frac = Scalars.percentileFrac(n, q, lo);
    double a = Scalars.fromKey(select(keys, n, lo));
    if (frac == 0) return a;
    // After selection every key past lo is >= keys[lo]: the next order statistic is their minimum.
    long next = Long.MAX_VALUE;
    for (int i = lo + 1; i < n; i++) if (keys[i] < next) next = keys[i];
    double b = Scalars.fromKey(next);
    return a + frac * (b - a);
  }

  /** Rearranges a[0..n) so that a[k] is the k-th smallest, smaller ones before, larger after; returns it. */
  static long select(long[] a, int n, int k) {
    int lo = 0, hi = n - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      long x = a[lo], y = a[mid], z = a[hi];
      long pivot = x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));
      int i = lo, j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) {
          long t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k];
    }
    return a[k];
  }
}
