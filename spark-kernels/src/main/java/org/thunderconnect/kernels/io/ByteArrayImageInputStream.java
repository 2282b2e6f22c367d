package org.thunderconnect.kernels.io;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An ImageIO input over a byte array the caller already holds (the file's content column), so
 * decoding does not copy the file once more into ImageIO's memory cache.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
  private final byte[] bytes;

  ByteArrayImageInputStream(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read() {
    bitOffset = 0;
    return streamPos < bytes.length ? bytes[(int) streamPos++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    bitOffset = 0;
    if (len == 0) return 0;
    if (streamPos >= bytes.length) return -1;
    int n = (int) Math.min(len, bytes.length - streamPos);
    System.arraycopy(bytes, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return bytes.length;
  }
}
