package org.thunderconnect.kernels.io;

import java.awt.image.DataBuffer;

/**
 * The project's dtypes (names as in src/common/ndarray.ts), their little-endian width, the Spark
 * element type that stores them exactly (sql-types.ts: uint8 and int16 as smallint, uint16 and
 * int32 as int; int64 as double and float16 as float, like sql-types.ts) and the {@link DataBuffer} type ImageIO decodes them to.
 */
public enum SampleType {
  UINT8("uint8", 1, Storage.SHORT, DataBuffer.TYPE_BYTE),
  UINT16("uint16", 2, Storage.INT, DataBuffer.TYPE_USHORT),
  INT16("int16", 2, Storage.SHORT, DataBuffer.TYPE_SHORT),
  INT32("int32", 4, Storage.INT, DataBuffer.TYPE_INT),
  FLOAT32("float32", 4, Storage.FLOAT, DataBuffer.TYPE_FLOAT),
  FLOAT64("float64", 8, Storage.DOUBLE, DataBuffer.TYPE_DOUBLE),
  // numpy's <i8 and <f2 on disk; held as doubles (integers within ±(2^53 − 1)) and floats (every
  // half is one). No image format read here holds them, so their DataBuffer type is never met.
  INT64("int64", 8, Storage.DOUBLE, DataBuffer.TYPE_UNDEFINED),
  FLOAT16("float16", 2, Storage.FLOAT, DataBuffer.TYPE_UNDEFINED);

  /** The Java arrays that hold each Spark element type: short[], int[], float[], double[]. */
  public enum Storage {
    SHORT,
    INT,
    FLOAT,
    DOUBLE
  }

  public final String dtype;
  public final int bytes;
  public final Storage storage;
  public final int dataBufferType;

  SampleType(String dtype, int bytes, Storage storage, int dataBufferType) {
    this.dtype = dtype;
    this.bytes = bytes;
    this.storage = storage;
    this.dataBufferType = dataBufferType;
  }

  /** The type named {@code dtype}; throws for any other name. */
  public static SampleType of(String dtype) {
    for (SampleType t : values()) if (t.dtype.equals(dtype)) return t;
    throw new IllegalArgumentException("unknown dtype " + dtype);
  }
}
