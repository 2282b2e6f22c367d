package org.thunderconnect.kernels.io;

/**
 * TIFF's horizontal differencing (Predictor 2) of 16/32-bit integer samples, which the JDK's reader
 * refuses: the file is handed to it marked Predictor 1 (so it returns the stored differences),
 * and the sums are taken here. Each sample holds its difference from the same sample of the
 * previous pixel, modulo 2^bits, restarting at the first pixel of every row of a strip or tile.
 */
final class HorizontalDifferencing {
  private HorizontalDifferencing() {}

  private static final int PREDICTOR = 317;
  private static final int MAX_PAGES = 1 << 20;

  private static int u16(byte[] b, int at, boolean little) {
    return little ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 : (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  private static long u32(byte[] b, int at, boolean little) {
    long lo = u16(b, at, little);
    long hi = u16(b, at + 2, little);
    return little ? lo | hi << 16 : lo << 16 | hi;
  }

  /**
   * A copy of a classic TIFF whose every page says Predictor 1 (data unchanged). Throws
   * {@link IllegalArgumentException} for a directory chain that leaves the file or loops.
   */
  static byte[] unmarked(byte[] tiff) {
    byte[] b = tiff.clone();
    if (b.length < 8) throw new IllegalArgumentException("no TIFF header");
    boolean little = b[0] == 'I';
    long ifd = u32(b, 4, little);
    for (int pages = 0; ifd != 0; pages++) {
      if (pages > MAX_PAGES || ifd < 8 || ifd + 2 > b.length) throw new IllegalArgumentException("directory offset " + ifd + " outside the file");
      int at = (int) ifd;
      int n = u16(b, at, little);
      if (at + 2L + n * 12L + 4 > b.length) throw new IllegalArgumentException("directory at " + at + " runs past the end");
      for (int i = 0; i < n; i++) {
        int e = at + 2 + i * 12;
        if (u16(b, e, little) != PREDICTOR) continue;
        // SHORT or LONG, one value, stored left-justified in the entry's value field.
        boolean isLong = u16(b, e + 2, little) == 4;
        for (int k = 0; k < 4; k++) b[e + 8 + k] = 0;
        int one = little ? e + 8 : e + 8 + (isLong ? 3 : 1);
        b[one] = 1;
      }
      ifd = u32(b, at + 2 + n * 12, little);
    }
    return b;
  }

  /**
   * Sums the differences of one decoded page: {@code height × width × samples} values of image
   * {@code image} from {@code offset}, rows restarting every {@code segment} pixels (the tile
   * width, or the page width for strips).
   */
  static void undo(ImageStack out, int image, int offset, int height, int width, int samples, int segment) {
    for (int y = 0; y < height; y++) {
      int row = offset + y * width * samples;
      for (int x = 0; x < width; x++) {
        if (x % segment == 0) continue;
        int i0 = row + x * samples;
        for (int c = 0; c < samples; c++) {
          int i = i0 + c;
          switch (out.type) {
            case UINT8 -> {
              short[] v = out.shorts(image);
              v[i] = (short) ((v[i] + v[i - samples]) & 0xFF);
            }
            case INT16 -> {
              short[] v = out.shorts(image);
              v[i] = (short) (v[i] + v[i - samples]);
            }
            case UINT16 -> {
              int[] v = out.ints(image);
              v[i] = (v[i] + v[i - samples]) & 0xFFFF;
            }
            case INT32 -> {
              int[] v = out.ints(image);
              v[i] = v[i] + v[i - samples];
            }
            default -> throw new IllegalArgumentException("horizontal differencing of " + out.type.dtype + " samples");
          }
        }
      }
    }
  }
}
