package org.thunderconnect.kernels.expr;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed plans and per-thread programs. Spark hands a UDF the same literal byte[] object on
 * every row of a task, so the first level is a per-thread lookup by identity (a few reference
 * comparisons per row, no hashing); the second level finds a plan parsed by another thread or
 * task by content (hashed once per task). Both levels are small and bounded: plans can hold
 * large constant matrices.
 */
public final class PlanCache {
  private PlanCache() {}

  private static final int PER_THREAD = 4;
  private static final int SHARED = 16;

  private record Entry(byte[] bytes, Program program) {}

  private record Content(byte[] bytes, int hash) {
    static Content of(byte[] bytes) {
      return new Content(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Content c && c.hash == hash && Arrays.equals(c.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final ThreadLocal<Entry[]> LOCAL = ThreadLocal.withInitial(() -> new Entry[PER_THREAD]);

  private static final Map<Content, Plan> PLANS = new LinkedHashMap<>(32, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Content, Plan> eldest) {
      return size() > SHARED;
    }
  };

  /**
   * This thread's program for {@code bytes} (parsed on first use); throws IllegalArgumentException
   * for bytes that are not a valid plan. The program is reused by this thread's later calls.
   */
  public static Program program(byte[] bytes) {
    Entry[] local = LOCAL.get();
    for (int k = 0; k < local.length; k++) {
      Entry e = local[k];
      if (e != null && e.bytes == bytes) {
        if (k > 0) {
          System.arraycopy(local, 0, local, 1, k);
          local[0] = e;
        }
        return e.program;
      }
    }
    Program program = plan(bytes).newProgram();
    System.arraycopy(local, 0, local, 1, local.length - 1);
    local[0] = new Entry(bytes, program);
    return program;
  }

  /** The parsed plan of {@code bytes}, shared by content across threads. */
  public static Plan plan(byte[] bytes) {
    Content key = Content.of(bytes);
    synchronized (PLANS) {
      Plan p = PLANS.get(key);
      if (p != null) return p;
    }
    Plan parsed = PlanReader.read(bytes);
    synchronized (PLANS) {
      PLANS.put(key, parsed);
    }
    return parsed;
  }
}
