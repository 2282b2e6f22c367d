package org.thunderconnect.kernels.filters;

import org.thunderconnect.kernels.io.NumpyCasts;

/**
 * The image dtypes (codes as the client numbers them: the order of {@code DTYPES} in
 * src/common/ndarray.ts) and how a double is stored into each. The local engine stores through
 * a JavaScript typed array, so integer stores follow ECMAScript's ToUint8/ToInt16/...: NaN and
 * ±Inf become 0, other values truncate toward zero and wrap modulo 2^bits; float32 rounds to
 * nearest-even like {@code Math.fround}; int64 and float16 as numpy's astype ({@link NumpyCasts}).
 */
enum StorageType {
  UINT8,
  UINT16,
  INT16,
  INT32,
  FLOAT32,
  FLOAT64,
  INT64,
  FLOAT16;

  private static final StorageType[] BY_CODE = values();
  private static final double TWO_32 = 4294967296.0;

  static StorageType ofCode(int code) {
    if (code < 0 || code >= BY_CODE.length) throw new IllegalArgumentException("filter spec: unknown dtype code " + code);
    return BY_CODE[code];
  }

  /** {@code x} after a store into and a read back from this type. */
  double store(double x) {
    switch (this) {
      case FLOAT64:
        return x;
      case FLOAT32:
        return (double) (float) x;
      case INT64:
        return NumpyCasts.toInt64(x);
      case FLOAT16:
        return NumpyCasts.toHalf(x);
      default:
        break;
    }
    if (Double.isNaN(x) || Double.isInfinite(x)) return 0;
    // Truncate, then reduce modulo 2^32 exactly (fmod is exact), which every narrower wrap divides.
    long v = (long) ((x < 0 ? Math.ceil(x) : Math.floor(x)) % TWO_32);
    switch (this) {
      case UINT8:
        return v & 0xFFL;
      case UINT16:
        return v & 0xFFFFL;
      case INT16:
        return (short) v;
      default:
        return (int) v;
    }
  }

  /** Stores every element of {@code xs} in place. */
  void storeAll(double[] xs) {
    if (this == FLOAT64) return;
    for (int i = 0; i < xs.length; i++) xs[i] = store(xs[i]);
  }
}
