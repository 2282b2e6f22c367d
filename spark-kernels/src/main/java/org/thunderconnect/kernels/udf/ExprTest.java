package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF2;
import org.thunderconnect.kernels.expr.PlanCache;
import org.thunderconnect.kernels.expr.Program;

/**
 * {@code thunder_test(values array<numeric>, plan binary) -> boolean}: a traced record predicate
 * (one boolean per record) for filters. A null record gives null (the filter drops it).
 */
public final class ExprTest implements UDF2<Object, byte[], Boolean> {
  @Override
  public Boolean call(Object values, byte[] plan) {
    if (values == null) return null;
    Program p = PlanCache.program(plan);
    int inputs = p.plan().inputs();
    if (inputs > 1 || !p.plan().predicate()) throw new IllegalArgumentException("thunder_test: expected a one-record plan with one boolean result");
    if (inputs == 1) RecordInput.read(values, p.input(0), 0);
    p.run();
    return p.test();
  }
}
