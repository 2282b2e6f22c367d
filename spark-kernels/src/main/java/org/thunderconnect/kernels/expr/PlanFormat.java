package org.thunderconnect.kernels.expr;

/**
 * Codes of the plan format written by {@code src/udf/serialize.ts} (the format is documented
 * there, field by field). Both sides must change together; {@link #VERSION} says which one a
 * plan follows.
 */
public final class PlanFormat {
  private PlanFormat() {}

  /** The ASCII bytes "TXPR" read as a little-endian int. */
  public static final int MAGIC = 'T' | ('X' << 8) | ('P' << 16) | ('R' << 24);
  public static final int VERSION = 1;
  public static final int HEADER_BYTES = 16;

  public static final int INPUT = 0;
  public static final int CONST = 1;
  public static final int ARRAY = 2;
  public static final int REDUCE = 3;
  public static final int PERCENTILE = 4;
  public static final int UNARY = 5;
  public static final int BINARY = 6;
  public static final int WHERE = 7;
  public static final int ELEMENT = 8;
  public static final int GATHER = 9;
  public static final int VIEW = 10;
  public static final int AXIS_REDUCE = 11;
  public static final int STACK = 12;
  public static final int MATVEC = 13;
  public static final int DFT = 14;
  public static final int MOVING_PERCENTILE = 15;
  public static final int CAST = 16;

  public static final int SUM = 0;
  public static final int MIN = 1;
  public static final int MAX = 2;

  public static final int NEG = 0;
  public static final int ABS = 1;
  public static final int SQRT = 2;
  public static final int LOG = 3;
  public static final int EXP = 4;
  public static final int NOT = 5;
  public static final int ISNAN = 6;

  public static final int ADD = 0;
  public static final int SUB = 1;
  public static final int MUL = 2;
  public static final int DIV = 3;
  public static final int POW = 4;
  public static final int MAXIMUM = 5;
  public static final int MINIMUM = 6;
  public static final int ATAN2 = 7;
  public static final int GT = 8;
  public static final int GE = 9;
  public static final int LT = 10;
  public static final int LE = 11;
  public static final int EQ = 12;
  public static final int NE = 13;
  public static final int AND = 14;
  public static final int OR = 15;

  public static final int RE = 0;
  public static final int IM = 1;

  public static final int NEAREST = 0;
  public static final int TRUNCATE = 1;

  public static final int FLOAT64 = 0;
  public static final int FLOAT32 = 1;
  public static final int UINT8 = 2;
  public static final int INT16 = 3;
  public static final int UINT16 = 4;
  public static final int INT32 = 5;
  public static final int INT64 = 6;
  public static final int FLOAT16 = 7;
}
