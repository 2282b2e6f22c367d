package org.thunderconnect.kernels.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes series records into the one file Thunder 1.x keeps them in (all values, C order over
 * [records, T]): record {@code key} goes at byte {@code key × length × width}, so every executor
 * writes its own records in place and a retried task rewrites the same bytes. The client creates
 * the file at its final size inside the not-yet-published output directory. Spec: {@code file},
 * {@code dtype}, {@code length} (T); {@code failAt} (tests only) makes the write of that key fail
 * as a full disk would.
 */
public final class SeriesFileWriter {
  private final Path file;
  private final SampleType type;
  private final int length;
  private final long failAt;

  public SeriesFileWriter(Spec spec) {
    file = Path.of(spec.string("file"));
    type = spec.dtype("dtype");
    length = spec.integer("length");
    failAt = spec.integer("failAt", -1);
  }

  /**
   * Writes record {@code key} (its {@code length} values: boxed numbers or a packed record, see
   * {@link StoredBytes#ofRecord}); returns the bytes written.
   */
  public long write(long key, Object record) {
    byte[] raw = StoredBytes.ofRecord(record, type);
    int n = raw.length / type.bytes;
    if (n != length) throw FileError.of(file.toString(), "record " + key + " has " + n + " values, expected " + length);
    if (key == failAt) throw FileError.of(file.toString(), "cannot be written: failure requested by the caller (failAt)");
    ByteBuffer buf = ByteBuffer.wrap(raw);
    long at = key * length * type.bytes;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (at + buf.remaining() > ch.size()) throw new IOException("record " + key + " lies beyond the file's " + ch.size() + " bytes");
      while (buf.hasRemaining()) at += ch.write(buf, at);
      return raw.length;
    } catch (IOException e) {
      throw FileError.of(file.toString(), "cannot be written: " + FileError.describe(e));
    }
  }
}
