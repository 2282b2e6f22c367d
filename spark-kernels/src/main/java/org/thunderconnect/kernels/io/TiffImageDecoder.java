package org.thunderconnect.kernels.io;

import java.awt.image.Raster;

/**
 * TIFF pages through the JDK's reader (uncompressed, PackBits, LZW, Deflate; any strip or tile
 * layout; chunky or planar): spec {@code dtype}, {@code pages} (the pages to read: all, or fewer
 * when the client drops a remainder), {@code group} (pages per image), {@code height},
 * {@code width}, {@code samples}; {@code predictor=2} and {@code rowSegment} for 16/32-bit
 * integer samples stored with horizontal differencing, which ImageIO refuses and
 * {@link HorizontalDifferencing} undoes. The client routes to the driver the files this reader
 * decodes differently from the local one (ImageIO inverts WhiteIsZero) after reading their headers.
 */
final class TiffImageDecoder implements FileDecoder {
  private final SampleType type;
  private final int pages;
  private final int group;
  private final int height;
  private final int width;
  private final int samples;
  private final boolean differenced;
  private final int rowSegment;

  TiffImageDecoder(Spec spec) {
    type = spec.dtype("dtype");
    pages = spec.integer("pages");
    group = spec.integer("group");
    height = spec.integer("height");
    width = spec.integer("width");
    samples = spec.integer("samples");
    differenced = spec.integer("predictor", 1) == 2;
    rowSegment = differenced ? spec.integer("rowSegment") : width;
    if (group < 1 || pages % group != 0) throw new IllegalArgumentException("file kernel: " + group + " pages per image do not divide " + pages);
    if ((long) group * height * width * samples > Integer.MAX_VALUE) throw new IllegalArgumentException("file kernel: images over 2^31 values are read by the driver");
  }

  @Override
  public ImageStack decode(byte[] content, String path) {
    int plane = height * width * samples;
    ImageStack out = new ImageStack(type, pages / group, group * plane);
    return ImageReaders.decode(ImageReaders.tiff(), path, "not a readable TIFF (truncated or corrupt)", reader -> {
      try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(differenced ? HorizontalDifferencing.unmarked(content) : content)) {
        reader.setInput(in, true, true);
        for (int p = 0; p < pages; p++) {
          Raster r = reader.read(p).getRaster();
          RasterSamples.copy(r, height, width, samples, out, p / group, (p % group) * plane, path, "page " + p);
          if (differenced) HorizontalDifferencing.undo(out, p / group, (p % group) * plane, height, width, samples, rowSegment);
        }
        return out;
      }
    });
  }
}
