package org.thunderconnect.kernels.expr;

/**
 * A moving window kept sorted (as {@link Scalars#key} order) while it slides, so each position
 * costs one insertion and one removal instead of a sort. The window holds exactly the multiset
 * the local evaluator sorts at that position, hence the same order statistics, bit for bit.
 */
final class SortedWindow {
  /** Windows up to this size shift elements in a plain loop. */
  private static final int SMALL = 32;

  private final long[] keys;
  private int size;

  SortedWindow(int capacity) {
    keys = new long[Math.max(capacity, 1)];
  }

  void clear() {
    size = 0;
  }

  int size() {
    return size;
  }

  void add(double x) {
    long k = Scalars.key(x);
    long[] a = keys;
    if (size <= SMALL) {
      // Insertion step from the top: cheaper than a search and a copy on short windows.
      int i = size;
      while (i > 0 && a[i - 1] > k) {
        a[i] = a[i - 1];
        i--;
      }
      a[i] = k;
      size++;
      return;
    }
    int lo = 0, hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= k) lo = mid + 1;
      else hi = mid;
    }
    System.arraycopy(a, lo, a, lo + 1, size - lo);
    a[lo] = k;
    size++;
  }

  /** Removes one occurrence of x, which the window holds. */
  void remove(double x) {
    long k = Scalars.key(x);
    long[] a = keys;
    int n = size;
    if (n <= SMALL) {
      int i = 0;
      while (a[i] != k) i++;
      for (; i < n - 1; i++) a[i] = a[i + 1];
      size = n - 1;
      return;
    }
    int lo = 0, hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    System.arraycopy(a, lo + 1, a, lo, n - lo - 1);
    size = n - 1;
  }

  /** The r-th smallest (0-based). */
  double at(int r) {
    return Scalars.fromKey(keys[r]);
  }

  boolean hasNaN() {
    return size > 0 && keys[size - 1] == Scalars.NAN_KEY;
  }

  /** numpy's linear percentile of the window (numeric.ts sortedPercentile). */
  double percentile(double q) {
    int n = size;
    if (n == 0 || hasNaN()) return Double.NaN;
    int lo = Scalars.percentileLow(n, q);
    double frac = Scalars.percentileFrac(n, q, lo);
    double a = at(lo);
    if (frac == 0) return a;
    return a + frac * (at(lo + 1) - a);
  }
}
