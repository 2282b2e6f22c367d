package org.thunderconnect.kernels.io;

import java.nio.file.Path;

/**
 * Writes one image as its own file, named and encoded as the driver's writers do
 * (src/thunder/writers.ts: {@code <prefix>-<index, 5 digits at least>.<ext>}). Spec:
 * {@code format} (binary, tif or png), {@code dtype}, {@code size} (values per image), {@code dir}
 * (the directory the client created for this write), {@code prefix}; for tif {@code pages},
 * {@code height}, {@code width}; for png {@code height}, {@code width}, {@code channels}.
 * {@code failAt} (tests only) makes the write of that index fail as a full disk would.
 */
public final class ImageFileWriter {
  private final String format;
  private final SampleType type;
  private final int size;
  private final String dir;
  private final String prefix;
  private final String ext;
  private final int pages;
  private final int height;
  private final int width;
  private final int channels;
  private final long failAt;

  public ImageFileWriter(Spec spec) {
    format = spec.string("format");
    type = spec.dtype("dtype");
    size = spec.integer("size");
    dir = spec.string("dir");
    prefix = spec.string("prefix");
    failAt = spec.integer("failAt", -1);
    switch (format) {
      case "binary" -> {
        ext = "bin";
        pages = height = width = channels = 0;
      }
      case "tif" -> {
        ext = "tif";
        pages = spec.integer("pages");
        height = spec.integer("height");
        width = spec.integer("width");
        channels = 1;
      }
      case "png" -> {
        ext = "png";
        pages = 1;
        height = spec.integer("height");
        width = spec.integer("width");
        channels = spec.integer("channels");
      }
      default -> throw new IllegalArgumentException("file kernel: unknown image format in " + spec.text());
    }
  }

  /** The file name of the image at {@code index} (Python/JS zero padding: never truncated). */
  public String name(long index) {
    return prefix + "-" + String.format("%05d", index) + "." + ext;
  }

  /**
   * Writes image {@code index} (its {@code size} values: boxed numbers or a packed record, see
   * {@link StoredBytes#ofRecord}); returns the file size.
   */
  public long write(long index, Object record) {
    String name = name(index);
    byte[] raw = StoredBytes.ofRecord(record, type);
    int n = raw.length / type.bytes;
    if (n != size) throw FileError.of(Path.of(dir, name).toString(), "the image has " + n + " values, expected " + size);
    if (index == failAt) throw FileError.of(Path.of(dir, name).toString(), "cannot be written: failure requested by the caller (failAt)");
    byte[] bytes = switch (format) {
      case "tif" -> TiffEncoder.encode(raw, type, pages, height, width);
      case "png" -> PngEncoder.encode(raw, type, height, width, channels);
      default -> raw;
    };
    return AtomicFile.write(dir, name, bytes);
  }
}
