package org.thunderconnect.kernels.io;

import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The JDK's own TIFF and PNG readers (java.desktop, since Java 9), looked up once. A reader
 * instance is not thread-safe, so each file gets a fresh one from the provider.
 */
final class ImageReaders {
  private ImageReaders() {}

  private static volatile ImageReaderSpi tiff;
  private static volatile ImageReaderSpi png;

  static ImageReader tiff() {
    if (tiff == null) tiff = provider("tiff");
    return create(tiff);
  }

  static ImageReader png() {
    if (png == null) png = provider("png");
    return create(png);
  }

  /** What a decoder does with a fresh reader; ImageIO reports failures in many exception types. */
  interface Decoding {
    ImageStack run(ImageReader reader) throws Exception;
  }

  /**
   * Runs {@code body} with {@code reader} and disposes the reader. Our own file errors pass
   * through; any other failure of ImageIO becomes one naming {@code path}: "{@code failure}: cause".
   */
  static ImageStack decode(ImageReader reader, String path, String failure, Decoding body) {
    try {
      return body.run(reader);
    } catch (Exception | LinkageError e) {
      if (FileError.is(e)) throw (IllegalArgumentException) e;
      throw FileError.of(path, failure + ": " + FileError.describe(e));
    } finally {
      reader.dispose();
    }
  }

  private static ImageReaderSpi provider(String format) {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
    if (!it.hasNext()) throw new IllegalStateException("this JVM has no ImageIO reader for " + format);
    ImageReader r = it.next();
    ImageReaderSpi spi = r.getOriginatingProvider();
    r.dispose();
    return spi;
  }

  private static ImageReader create(ImageReaderSpi spi) {
    try {
      return spi.createReaderInstance();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create an ImageIO reader", e);
    }
  }
}
