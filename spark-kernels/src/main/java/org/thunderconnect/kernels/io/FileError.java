package org.thunderconnect.kernels.io;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Errors naming a file that cannot be read or written. Spark wraps a UDF's exception in its own
 * error and the client sees only message text, so besides the readable "path: problem" the
 * message carries both parts base64-encoded between fixed markers; the client
 * (src/thunder/spark/file-errors.ts) turns that back into its typed error without guessing where a
 * path or a problem ends.
 *
 * The exception is a plain {@link IllegalArgumentException}, never a class of this jar: a failed
 * task's exception is deserialized by the driver's own class loader, which cannot see a session's
 * jars, and an exception it cannot load reaches the client as "UnknownReason" without its message.
 * For the same reason the cause is dropped and only its message kept.
 */
public final class FileError {
  private FileError() {}

  /** Kept in step with file-errors.ts. */
  public static final String MARKER = "thunder-file-error:";

  public static IllegalArgumentException of(String path, String problem) {
    return new IllegalArgumentException(path + ": " + problem + " [" + MARKER + encode(path) + ":" + encode(problem) + ":]");
  }

  /** Whether {@code e} is one of these (so a decoder passes it on instead of wrapping it again). */
  public static boolean is(Throwable e) {
    return e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().contains(MARKER);
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A short description of an unexpected exception for a problem text. */
  public static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
  }
}
