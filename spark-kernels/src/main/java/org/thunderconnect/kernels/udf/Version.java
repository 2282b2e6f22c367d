package org.thunderconnect.kernels.udf;

import org.apache.spark.sql.api.java.UDF0;

/**
 * {@code thunder_kernels_version()}: the kernel protocol version. The client calls it once per
 * session after registering the kernels, so a server that accepted the jar but cannot run it
 * (another Java, a class-loader refusal) is found before any data depend on it.
 */
public final class Version implements UDF0<Integer> {
  /** Raised whenever a kernel's arguments or results change meaning; the client checks it. */
  public static final int PROTOCOL = 2;

  @Override
  public Integer call() {
    return PROTOCOL;
  }
}
