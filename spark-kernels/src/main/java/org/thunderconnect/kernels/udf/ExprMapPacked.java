package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF2;
import org.thunderconnect.kernels.expr.PlanCache;
import org.thunderconnect.kernels.expr.Program;

/**
 * {@code thunder_map_packed(values array<numeric> | binary, plan binary) -> binary}:
 * {@code thunder_map} with the result packed as little-endian doubles (a scalar as one value),
 * so neither side of the call is converted element by element when the record is packed too.
 * A null record gives null.
 */
public final class ExprMapPacked implements UDF2<Object, byte[], byte[]> {
  @Override
  public byte[] call(Object values, byte[] plan) {
    if (values == null) return null;
    Program p = PlanCache.program(plan);
    if (p.plan().inputs() > 1) throw new IllegalArgumentException("thunder_map_packed: expected a one-record plan, got one of " + p.plan().inputs() + " inputs");
    if (p.plan().inputs() == 1) RecordInput.read(values, p.input(0), 0);
    p.run();
    return PackDoubles.pack(p.values());
  }
}
