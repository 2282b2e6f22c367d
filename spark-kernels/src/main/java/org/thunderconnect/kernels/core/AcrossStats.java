package org.thunderconnect.kernels.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Statistics across records, per position, as a mergeable state: each partition folds its
 * records in, partial states merge in any order, the result is read once. The state is a
 * little-endian byte[] (the aggregation buffer Spark keeps and shuffles) updated in place.
 *
 * <p>Semantics are the local engine's {@code aggregateRecords}: population var/std; NaN in any
 * record makes every statistic NaN at that position, max/min included; ±Inf give ±Inf sums,
 * means, max and min, and NaN var/std (as the two-pass formula gives). Zero records have no
 * state: the caller supplies sum 0, max −Inf, min +Inf, NaN otherwise.
 *
 * <p>Accumulation, so results stay within 1e-12 relative of the local engine's sequential
 * two-pass sums whatever the partitioning:
 * <ul>
 *   <li>sum, mean: a Neumaier-compensated sum per position (running sum s plus compensation c,
 *       partial states merged by a compensated add); the result is s + c, or s alone once s is
 *       ±Inf/NaN (the compensation of an infinite sum is NaN and means nothing). mean = sum / n.
 *   <li>var, std: shifted sums. Each position keeps a shift K (its first value in the partition)
 *       and compensated sums S1 = Σ(x − K), S2 = Σ(x − K)²; var = (S2 − S1²/n) / n, std = √var.
 *       Because K is one of the values, (mean − K)² ≤ n·var, so the subtraction loses at most
 *       log2(n + 1) bits and typically one; a partial state merges by moving its sums to the
 *       other's shift (S1 + nΔ, S2 + 2ΔS1 + nΔ²). Welford's running mean, tried first, was 1.6e-11
 *       off the two-pass result on values 1e6 ± 1 (its mean rounds at every record); this is
 *       within 1e-15 there. A non-finite value makes S1 non-finite and the result NaN, as in the
 *       two-pass formula; finite values whose squared deviations overflow give +Inf, as there
 *       (values whose plain sum overflows give NaN there and a finite var here).
 *   <li>max, min: the running extreme, NaN sticky.
 * </ul>
 */
public final class AcrossStats {
  private AcrossStats() {}

  /** Statistic codes: the client passes these (src/thunder/spark/aggregate.ts). */
  public static final int SUM = 0, MEAN = 1, VAR = 2, STD = 3, MAX = 4, MIN = 5;

  private static final VarHandle D = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  /** The state of no records yet, for records of {@code len} values. */
  public static byte[] empty(int stat, int len) {
    byte[] state = new byte[slots(stat) * len * 8];
    if (stat == MAX || stat == MIN) {
      double init = stat == MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      for (int i = 0; i < len; i++) D.set(state, i * 8, init);
    }
    return state;
  }

  /** The record length a state holds. */
  public static int length(int stat, byte[] state) {
    return state.length / (8 * slots(stat));
  }

  /** Folds record {@code x} into {@code state}, which holds {@code n} records before it. */
  public static void add(int stat, byte[] state, long n, double[] x) {
    int len = length(stat, state);
    if (x.length != len) throw new IllegalArgumentException("a record of " + x.length + " values among records of " + len);
    switch (stat) {
      case SUM, MEAN -> {
        int l8 = len * 8;
        for (int i = 0; i < len; i++) addCompensated(state, i * 8, l8 + i * 8, x[i]);
      }
      case VAR, STD -> {
        int l8 = len * 8;
        if (n == 0) {
          for (int i = 0; i < len; i++) D.set(state, i * 8, x[i]);
        }
        for (int i = 0; i < len; i++) {
          int p = i * 8;
          double d = x[i] - (double) D.get(state, p);
          addCompensated(state, l8 + p, 2 * l8 + p, d);
          addCompensated(state, 3 * l8 + p, 4 * l8 + p, d * d);
        }
      }
      case MAX -> {
        for (int i = 0; i < len; i++) {
          int p = i * 8;
          double m = (double) D.get(state, p);
          double v = x[i];
          D.set(state, p, v != v || m != m ? Double.NaN : v > m ? v : m);
        }
      }
      case MIN -> {
        for (int i = 0; i < len; i++) {
          int p = i * 8;
          double m = (double) D.get(state, p);
          double v = x[i];
          D.set(state, p, v != v || m != m ? Double.NaN : v < m ? v : m);
        }
      }
      default -> throw unknown(stat);
    }
  }

  /** Merges state {@code b} of {@code nb} records into {@code a} of {@code na} records (both at least 1). */
  public static void merge(int stat, byte[] a, long na, byte[] b, long nb) {
    if (a.length != b.length) throw new IllegalArgumentException("partial states of " + length(stat, a) + " and " + length(stat, b) + " positions");
    int len = length(stat, a);
    switch (stat) {
      case SUM, MEAN -> {
        int l8 = len * 8;
        for (int i = 0; i < len; i++) {
          int p = i * 8;
          addCompensated(a, p, l8 + p, (double) D.get(b, p));
          D.set(a, l8 + p, (double) D.get(a, l8 + p) + (double) D.get(b, l8 + p));
        }
      }
      case VAR, STD -> {
        int l8 = len * 8;
        double m = nb;
        for (int i = 0; i < len; i++) {
          int p = i * 8;
          double delta = (double) D.get(b, p) - (double) D.get(a, p);
          double s1 = (double) D.get(b, l8 + p) + (double) D.get(b, 2 * l8 + p);
          double s2 = (double) D.get(b, 3 * l8 + p) + (double) D.get(b, 4 * l8 + p);
          addCompensated(a, l8 + p, 2 * l8 + p, s1 + m * delta);
          addCompensated(a, 3 * l8 + p, 4 * l8 + p, s2 + delta * (2 * s1 + m * delta));
        }
      }
      case MAX, MIN -> {
        boolean max = stat == MAX;
        for (int i = 0; i < len; i++) {
          int p = i * 8;
          double m = (double) D.get(a, p);
          double v = (double) D.get(b, p);
          D.set(a, p, v != v || m != m ? Double.NaN : max ? (v > m ? v : m) : (v < m ? v : m));
        }
      }
      default -> throw unknown(stat);
    }
  }

  /** The statistic per position of a state holding {@code n ≥ 1} records. */
  public static double[] result(int stat, byte[] state, long n) {
    int len = length(stat, state);
    double[] out = new double[len];
    int l8 = len * 8;
    for (int i = 0; i < len; i++) {
      int p = i * 8;
      double first = (double) D.get(state, p);
      out[i] = switch (stat) {
        case SUM -> compensated(first, (double) D.get(state, l8 + p));
        case MEAN -> compensated(first, (double) D.get(state, l8 + p)) / n;
        case VAR -> variance(state, l8, p, n);
        case STD -> Math.sqrt(variance(state, l8, p, n));
        case MAX, MIN -> first;
        default -> throw unknown(stat);
      };
    }
    return out;
  }

  private static double variance(byte[] state, int l8, int p, long n) {
    double s1 = compensated((double) D.get(state, l8 + p), (double) D.get(state, 2 * l8 + p));
    double s2 = compensated((double) D.get(state, 3 * l8 + p), (double) D.get(state, 4 * l8 + p));
    // S1 is finite exactly when every value (and so every shift) was: then a non-finite S2 (Inf,
    // or NaN from Inf - Inf while moving a partial state) can only be squares overflowing.
    if (!Double.isFinite(s1)) return Double.NaN;
    if (!Double.isFinite(s2)) return Double.POSITIVE_INFINITY;
    double v = (s2 - s1 * (s1 / n)) / n;
    return v < 0 ? 0 : v;
  }

  // Neumaier's compensated add of v into the sum at byte offset sAt, its compensation at cAt.
  private static void addCompensated(byte[] state, int sAt, int cAt, double v) {
    double s = (double) D.get(state, sAt);
    double t = s + v;
    double c = Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
    D.set(state, sAt, t);
    D.set(state, cAt, (double) D.get(state, cAt) + c);
  }

  // An infinite or NaN sum's compensation is NaN (Inf - Inf) and carries no information.
  private static double compensated(double s, double c) {
    return Double.isFinite(s) ? s + c : s;
  }

  private static int slots(int stat) {
    return switch (stat) {
      case SUM, MEAN -> 2;
      case VAR, STD -> 5;
      case MAX, MIN -> 1;
      default -> throw unknown(stat);
    };
  }

  private static IllegalArgumentException unknown(int stat) {
    return new IllegalArgumentException("unknown statistic code " + stat + " (0 sum, 1 mean, 2 var, 3 std, 4 max, 5 min)");
  }
}
