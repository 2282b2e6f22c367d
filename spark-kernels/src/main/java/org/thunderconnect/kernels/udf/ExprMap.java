package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF2;
import org.thunderconnect.kernels.core.Chunk;
import org.thunderconnect.kernels.expr.PlanCache;
import org.thunderconnect.kernels.expr.Program;

/**
 * {@code thunder_map(values array<numeric> | binary, plan binary) -> binary}: a traced record
 * expression (src/udf, serialized by serialize.ts) evaluated over the record, the result packed
 * ({@link Chunk}, tag 0). A scalar result is one value, booleans are 1/0. A null record gives
 * null; a record whose length is not the traced length fails the query.
 */
public final class ExprMap implements UDF2<Object, byte[], byte[]> {
  @Override
  public byte[] call(Object values, byte[] plan) {
    if (values == null) return null;
    Program p = PlanCache.program(plan);
    int inputs = p.plan().inputs();
    if (inputs > 1) throw new IllegalArgumentException("thunder_map: expected a one-record plan, got one of " + inputs + " inputs");
    // A plan of constants only (e.g. counts per index label) reads no record.
    if (inputs == 1) RecordInput.read(values, p.input(0), 0);
    p.run();
    return Chunk.encode(0, p.values());
  }
}
