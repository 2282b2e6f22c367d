package org.thunderconnect.kernels.io;

/**
 * The series records in one binary file, as doubles (exact for every dtype):
 * <ul>
 *   <li>{@code format=values}: Thunder 1.x, {@code length} values of {@code dtype} per record;
 *   <li>{@code format=keyed}: Thunder 0.x, {@code nkeys} keys of {@code keytype} then
 *       {@code nvalues} values of {@code valuetype}; each record comes back as keys then values
 *       ({@code nkeys + nvalues} doubles), and the client places it by its keys.
 * </ul>
 * A file that is not a whole number of records (changed since the client checked it) is a
 * {@link FileError} naming it.
 */
public final class RecordDecoder {
  private final SampleType keyType;
  private final SampleType valueType;
  private final int nkeys;
  private final int nvalues;
  private final int recordBytes;

  public RecordDecoder(Spec spec) {
    switch (spec.string("format")) {
      case "values" -> {
        keyType = SampleType.UINT8;
        nkeys = 0;
        valueType = spec.dtype("dtype");
        nvalues = spec.integer("length");
      }
      case "keyed" -> {
        keyType = spec.dtype("keytype");
        nkeys = spec.integer("nkeys");
        valueType = spec.dtype("valuetype");
        nvalues = spec.integer("nvalues");
      }
      default -> throw new IllegalArgumentException("file kernel: unknown record format in " + spec.text());
    }
    recordBytes = nkeys * keyType.bytes + nvalues * valueType.bytes;
  }

  /** The file's records in file order, each {@code nkeys + nvalues} doubles. */
  public double[][] decode(byte[] b, String path) {
    if (b.length % recordBytes != 0) {
      throw FileError.of(path, b.length + " bytes is not a whole number of " + recordBytes + "-byte records");
    }
    try {
      return records(b);
    } catch (IllegalArgumentException e) {
      // An int64 beyond ±(2^53 − 1) (LittleEndian.int64): the file's fault, named as such.
      throw FileError.is(e) ? e : FileError.of(path, e.getMessage());
    }
  }

  private double[][] records(byte[] b) {
    int n = b.length / recordBytes;
    double[][] out = new double[n][nkeys + nvalues];
    int keyBytes = nkeys * keyType.bytes;
    for (int r = 0; r < n; r++) {
      double[] rec = out[r];
      int at = r * recordBytes;
      for (int k = 0; k < nkeys; k++) rec[k] = LittleEndian.number(b, at + k * keyType.bytes, keyType);
      int v0 = at + keyBytes;
      switch (valueType) {
        case UINT8 -> {
          for (int j = 0; j < nvalues; j++) rec[nkeys + j] = b[v0 + j] & 0xFF;
        }
        case INT16 -> {
          for (int j = 0; j < nvalues; j++) rec[nkeys + j] = (short) LittleEndian.u16(b, v0 + 2 * j);
        }
        default -> {
          for (int j = 0; j < nvalues; j++) rec[nkeys + j] = LittleEndian.number(b, v0 + j * valueType.bytes, valueType);
        }
      }
    }
    return out;
  }
}
