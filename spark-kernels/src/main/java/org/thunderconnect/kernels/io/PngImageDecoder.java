package org.thunderconnect.kernels.io;

/**
 * A PNG through the JDK's reader: spec {@code dtype} (uint8 or uint16: the bit depth),
 * {@code height}, {@code width}, {@code channels} (from the header the client read; palette and
 * sub-byte depths never get here). Samples as stored: no gamma, no colour conversion.
 */
final class PngImageDecoder implements FileDecoder {
  private final SampleType type;
  private final int height;
  private final int width;
  private final int channels;

  PngImageDecoder(Spec spec) {
    type = spec.dtype("dtype");
    height = spec.integer("height");
    width = spec.integer("width");
    channels = spec.integer("channels");
    if ((long) height * width * channels > Integer.MAX_VALUE) throw new IllegalArgumentException("file kernel: images over 2^31 values are read by the driver");
  }

  @Override
  public ImageStack decode(byte[] content, String path) {
    ImageStack out = new ImageStack(type, 1, height * width * channels);
    return ImageReaders.decode(ImageReaders.png(), path, "not a readable PNG", reader -> {
      try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(content)) {
        reader.setInput(in, true, true);
        RasterSamples.copy(reader.read(0).getRaster(), height, width, channels, out, 0, 0, path, "the image");
        return out;
      }
    });
  }
}
