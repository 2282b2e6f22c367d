package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.MutableAggregationBuffer;
import org.apache.spark.sql.expressions.UserDefinedAggregateFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.thunderconnect.kernels.core.AcrossStats;

/**
 * {@code thunder_record_stats(values binary, stat int) -> array<double>} (aggregate): one
 * statistic across the packed records ({@link org.thunderconnect.kernels.core.Chunk}), per position ({@link AcrossStats}: codes, semantics, accumulation).
 * Null records are skipped; no records give null (the client substitutes the empty-input
 * values). All records must have the same length.
 *
 * <p>The buffer is (n bigint, stat int, state binary). A binary field keeps Spark on the sort
 * aggregate with a generic row buffer, whose binary field is the byte[] itself: each update
 * mutates the state in place (no per-row conversion of the buffer), partial states are built
 * map-side and only they are shuffled, one per partition.
 */
@SuppressWarnings("deprecation")
public final class RecordStats extends UserDefinedAggregateFunction {
  private static final long serialVersionUID = 1L;
  private static final byte[] NONE = new byte[0];

  @Override
  public StructType inputSchema() {
    return new StructType()
        .add("values", DataTypes.BinaryType, true)
        .add("stat", DataTypes.IntegerType, false);
  }

  @Override
  public StructType bufferSchema() {
    return new StructType()
        .add("n", DataTypes.LongType, false)
        .add("stat", DataTypes.IntegerType, false)
        .add("state", DataTypes.BinaryType, false);
  }

  @Override
  public DataType dataType() {
    return DataTypes.createArrayType(DataTypes.DoubleType, false);
  }

  @Override
  public boolean deterministic() {
    return true;
  }

  @Override
  public void initialize(MutableAggregationBuffer buffer) {
    buffer.update(0, 0L);
    buffer.update(1, -1);
    buffer.update(2, NONE);
  }

  @Override
  public void update(MutableAggregationBuffer buffer, Row input) {
    if (input.isNullAt(0)) return;
    if (input.isNullAt(1)) throw new IllegalArgumentException("thunder_record_stats: stat must not be null");
    int stat = input.getInt(1);
    double[] x = Args.doubles(input.get(0));
    long n = buffer.getLong(0);
    byte[] state;
    if (n == 0) {
      state = AcrossStats.empty(stat, x.length);
      buffer.update(1, stat);
    } else {
      if (buffer.getInt(1) != stat) throw new IllegalArgumentException("thunder_record_stats: the statistic changed between rows");
      state = buffer.getAs(2);
    }
    AcrossStats.add(stat, state, n, x);
    buffer.update(0, n + 1);
    buffer.update(2, state);
  }

  @Override
  public void merge(MutableAggregationBuffer buffer, Row other) {
    long nb = other.getLong(0);
    if (nb == 0) return;
    long na = buffer.getLong(0);
    byte[] b = other.getAs(2);
    if (na == 0) {
      buffer.update(1, other.getInt(1));
      buffer.update(2, b.clone());
    } else {
      int stat = buffer.getInt(1);
      if (other.getInt(1) != stat) throw new IllegalArgumentException("thunder_record_stats: partial states of different statistics");
      byte[] a = buffer.getAs(2);
      AcrossStats.merge(stat, a, na, b, nb);
      buffer.update(2, a);
    }
    buffer.update(0, na + nb);
  }

  @Override
  public Object evaluate(Row buffer) {
    long n = buffer.getLong(0);
    if (n == 0) return null;
    return AcrossStats.result(buffer.getInt(1), buffer.getAs(2), n);
  }
}
