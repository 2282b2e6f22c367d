package org.thunderconnect.kernels.io;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * Copies the raw samples of a decoded page (ImageIO's {@link Raster}: no colour conversion, 16-bit
 * and float samples as stored) into an {@link ImageStack}, pixel-interleaved like the local
 * readers' {@code interleave: true}. Row by row, so the scratch space is one row.
 */
final class RasterSamples {
  private RasterSamples() {}

  /**
   * The first {@code bands} bands of {@code r} (h × w × bands values) into image {@code image} of
   * {@code out} from {@code offset}. Throws {@link FileError} when the page has another
   * size or fewer bands, or decodes to another sample type than the dtype the header promised.
   */
  static void copy(Raster r, int height, int width, int bands, ImageStack out, int image, int offset, String path, String where) {
    if (r.getWidth() != width || r.getHeight() != height || r.getNumBands() < bands) {
      throw FileError.of(path, where + " decoded to " + r.getHeight() + "x" + r.getWidth() + "x" + r.getNumBands() + " instead of " + height + "x" + width + "x" + bands);
    }
    int dataType = r.getDataBuffer().getDataType();
    if (dataType != out.type.dataBufferType) {
      throw FileError.of(path, where + " decoded to " + typeName(dataType) + " samples, not " + out.type.dtype);
    }
    Raster src = r;
    if (r.getNumBands() != bands) {
      // ImageIO adds an alpha band for a PNG tRNS chunk; the local reader keeps the file's channels.
      int[] first = new int[bands];
      for (int i = 0; i < bands; i++) first[i] = i;
      src = r.createChild(r.getMinX(), r.getMinY(), width, height, r.getMinX(), r.getMinY(), first);
    }
    int row = width * bands;
    int x0 = src.getMinX();
    int y0 = src.getMinY();
    switch (out.type.storage) {
      case SHORT, INT -> {
        int[] buf = new int[row];
        for (int y = 0; y < height; y++) out.putInts(image, offset + y * row, src.getPixels(x0, y0 + y, width, 1, buf), row);
      }
      case FLOAT -> {
        float[] dst = out.floats(image);
        float[] buf = new float[row];
        for (int y = 0; y < height; y++) System.arraycopy(src.getPixels(x0, y0 + y, width, 1, buf), 0, dst, offset + y * row, row);
      }
      case DOUBLE -> {
        double[] dst = out.doubles(image);
        double[] buf = new double[row];
        for (int y = 0; y < height; y++) System.arraycopy(src.getPixels(x0, y0 + y, width, 1, buf), 0, dst, offset + y * row, row);
      }
    }
  }

  private static String typeName(int dataType) {
    return switch (dataType) {
      case DataBuffer.TYPE_BYTE -> "8-bit unsigned";
      case DataBuffer.TYPE_USHORT -> "16-bit unsigned";
      case DataBuffer.TYPE_SHORT -> "16-bit signed";
      case DataBuffer.TYPE_INT -> "32-bit signed";
      case DataBuffer.TYPE_FLOAT -> "32-bit float";
      case DataBuffer.TYPE_DOUBLE -> "64-bit float";
      default -> "type " + dataType;
    };
  }
}
