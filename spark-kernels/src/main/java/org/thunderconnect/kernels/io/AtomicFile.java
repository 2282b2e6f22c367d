package org.thunderconnect.kernels.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A whole file or nothing: the bytes go to a hidden temporary sibling that is renamed over the
 * target only once complete, so a failing task (or its retry, or a speculative copy) never leaves
 * a half-written file under the target's name, and a rewrite replaces the same bytes.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /**
   * Writes {@code data} to {@code dir/name}; {@code dir} must exist (the client created it, so a
   * missing one means the write was abandoned). Returns the size. Throws {@link FileError}
   * naming the target on any failure, after removing the temporary file.
   */
  public static long write(String dir, String name, byte[] data) {
    Path target = Path.of(dir).resolve(name);
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
    try {
      Files.write(tmp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return data.length;
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // The client removes the whole output directory after a failed write.
      }
      throw FileError.of(target.toString(), "cannot be written: " + FileError.describe(e));
    }
  }
}
