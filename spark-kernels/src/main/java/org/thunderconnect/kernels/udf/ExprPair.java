package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF3;
import org.thunderconnect.kernels.expr.PlanCache;
import org.thunderconnect.kernels.expr.Program;

/**
 * {@code thunder_pair(a array<numeric>, b array<numeric>, plan binary) -> array<double>}: a
 * traced two-record expression (input 0 = a, input 1 = b), e.g. the fold step of Images.reduce.
 * Results as {@link ExprMap}; null if either record is null.
 */
public final class ExprPair implements UDF3<Object, Object, byte[], double[]> {
  @Override
  public double[] call(Object a, Object b, byte[] plan) {
    if (a == null || b == null) return null;
    Program p = PlanCache.program(plan);
    int inputs = p.plan().inputs();
    if (inputs > 2) throw new IllegalArgumentException("thunder_pair: expected a plan of at most two records, got " + inputs);
    // An input the expression does not read has length -1: nothing to fill.
    if (inputs > 0 && p.plan().inputLength(0) >= 0) RecordInput.read(a, p.input(0), 0);
    if (inputs > 1 && p.plan().inputLength(1) >= 0) RecordInput.read(b, p.input(1), 1);
    p.run();
    return p.values();
  }
}
