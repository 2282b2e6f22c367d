package org.thunderconnect.kernels.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A PNG laid out like the driver's writer (fast-png): signature, IHDR, one IDAT of unfiltered
 * rows, IEND; greyscale, grey+alpha, RGB or RGBA at 8 or 16 bits. The compressed bytes differ
 * (another deflate implementation), the decoded samples do not.
 */
public final class PngEncoder {
  private PngEncoder() {}

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /** {@code raw}: height × width × channels little-endian uint8 or uint16 samples, C order. */
  public static byte[] encode(byte[] raw, SampleType type, int height, int width, int channels) {
    if (type != SampleType.UINT8 && type != SampleType.UINT16) throw new IllegalArgumentException("PNG holds uint8 or uint16, not " + type.dtype);
    int colorType = switch (channels) {
      case 1 -> 0;
      case 2 -> 4;
      case 3 -> 2;
      case 4 -> 6;
      default -> throw new IllegalArgumentException("PNG holds 1 to 4 channels, not " + channels);
    };
    int rowBytes = width * channels * type.bytes;
    if (raw.length != height * rowBytes) throw new IllegalArgumentException("expected " + height * rowBytes + " bytes of samples, got " + raw.length);
    byte[] rows = new byte[height * (rowBytes + 1)];
    for (int y = 0; y < height; y++) {
      int to = y * (rowBytes + 1) + 1;
      int from = y * rowBytes;
      if (type == SampleType.UINT8) {
        System.arraycopy(raw, from, rows, to, rowBytes);
      } else {
        for (int i = 0; i < rowBytes; i += 2) {
          rows[to + i] = raw[from + i + 1];
          rows[to + i + 1] = raw[from + i];
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows.length / 2 + 64);
    out.writeBytes(SIGNATURE);
    byte[] ihdr = new byte[13];
    putBigEndian(ihdr, 0, width);
    putBigEndian(ihdr, 4, height);
    ihdr[8] = (byte) (type.bytes * 8);
    ihdr[9] = (byte) colorType;
    chunk(out, "IHDR", ihdr, ihdr.length);
    Deflater deflater = new Deflater(3);
    try {
      deflater.setInput(rows);
      deflater.finish();
      ByteArrayOutputStream z = new ByteArrayOutputStream(rows.length / 2 + 64);
      byte[] buf = new byte[1 << 16];
      while (!deflater.finished()) z.write(buf, 0, deflater.deflate(buf));
      byte[] idat = z.toByteArray();
      chunk(out, "IDAT", idat, idat.length);
    } finally {
      deflater.end();
    }
    chunk(out, "IEND", new byte[0], 0);
    return out.toByteArray();
  }

  private static void putBigEndian(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
    byte[] head = new byte[8];
    putBigEndian(head, 0, length);
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, head, 4, 4);
    out.write(head, 0, 8);
    out.write(data, 0, length);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data, 0, length);
    byte[] tail = new byte[4];
    putBigEndian(tail, 0, (int) crc.getValue());
    out.write(tail, 0, 4);
  }
}
