package org.thunderconnect.kernels.io;

/**
 * The same baseline TIFF as the driver's writer (src/thunder/io/tif-write.ts), byte for byte:
 * little-endian, uncompressed, greyscale, one strip per page; each page's data (padded to an even
 * length) followed by its 11-entry IFD.
 */
public final class TiffEncoder {
  private TiffEncoder() {}

  private static final int SHORT = 3;
  private static final int LONG = 4;
  private static final int TAGS = 11;
  private static final int IFD_SIZE = 2 + TAGS * 12 + 4;

  /** The file size for pages × height × width values of {@code type}. */
  public static long fileSize(SampleType type, int pages, int height, int width) {
    long bytesPerPage = (long) height * width * type.bytes;
    return 8 + pages * (bytesPerPage + bytesPerPage % 2 + IFD_SIZE);
  }

  private static int format(SampleType type) {
    return switch (type) {
      case UINT8, UINT16 -> 1;
      case INT16, INT32 -> 2;
      case FLOAT32, FLOAT64 -> 3;
      // The driver refuses them first (tif-write.ts assertTifEncodable): no reader here takes them back.
      case INT64, FLOAT16 -> throw new IllegalArgumentException("toTif does not write " + type.dtype + " images");
    };
  }

  /** {@code raw}: pages × height × width little-endian values, C order. */
  public static byte[] encode(byte[] raw, SampleType type, int pages, int height, int width) {
    long total = fileSize(type, pages, height, width);
    if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("TIFF files over 2 GiB are written by the driver");
    int bytesPerPage = height * width * type.bytes;
    if (raw.length != pages * bytesPerPage) throw new IllegalArgumentException("expected " + pages * bytesPerPage + " bytes of samples, got " + raw.length);
    byte[] out = new byte[(int) total];
    out[0] = 0x49;
    out[1] = 0x49;
    LittleEndian.put16(out, 2, 42);
    int offset = 8;
    int prevNext = 4;
    for (int p = 0; p < pages; p++) {
      int dataOffset = offset;
      System.arraycopy(raw, p * bytesPerPage, out, dataOffset, bytesPerPage);
      int ifd = dataOffset + bytesPerPage + bytesPerPage % 2;
      LittleEndian.put32(out, prevNext, ifd);
      LittleEndian.put16(out, ifd, TAGS);
      int[][] entries = {
        {256, LONG, width},
        {257, LONG, height},
        {258, SHORT, type.bytes * 8},
        {259, SHORT, 1},
        {262, SHORT, 1},
        {273, LONG, dataOffset},
        {277, SHORT, 1},
        {278, LONG, height},
        {279, LONG, bytesPerPage},
        {284, SHORT, 1},
        {339, SHORT, format(type)},
      };
      for (int i = 0; i < TAGS; i++) {
        int e = ifd + 2 + i * 12;
        LittleEndian.put16(out, e, entries[i][0]);
        LittleEndian.put16(out, e + 2, entries[i][1]);
        LittleEndian.put32(out, e + 4, 1);
        if (entries[i][1] == SHORT) LittleEndian.put16(out, e + 8, entries[i][2]);
        else LittleEndian.put32(out, e + 8, entries[i][2]);
      }
      prevNext = ifd + 2 + TAGS * 12;
      LittleEndian.put32(out, prevNext, 0);
      offset = ifd + IFD_SIZE;
    }
    return out;
  }
}
