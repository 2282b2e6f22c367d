package org.thunderconnect.kernels.io;

/**
 * Turns one file's bytes into the images it holds, in the storage type of their dtype. What the
 * file must hold (dtype, sizes, pages) was read from its header by the client before the job, so a
 * file that disagrees (changed since, corrupt data) is a {@link FileError} naming it.
 */
public interface FileDecoder {
  ImageStack decode(byte[] content, String path);

  /** The images of {@link #decode} as packed records ({@link ImageStack#packed()}); decoders may take a shorter way. */
  default byte[][] packed(byte[] content, String path) {
    return decode(content, path).packed();
  }

  /**
   * The decoder a spec describes ({@code format=binary|tif|png} plus that format's fields; see
   * {@link RawImageDecoder}, {@link TiffImageDecoder}, {@link PngImageDecoder}).
   */
  static FileDecoder of(Spec spec) {
    return switch (spec.string("format")) {
      case "binary" -> new RawImageDecoder(spec);
      case "tif" -> new TiffImageDecoder(spec);
      case "png" -> new PngImageDecoder(spec);
      default -> throw new IllegalArgumentException("file kernel: unknown image format in " + spec.text());
    };
  }
}
