package org.thunderconnect.kernels.core;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The block transpose behind toSeries / toImages (Thunder/Bolt's swap), on primitive arrays. An
 * image of V voxels (C order) is cut into blocks of B consecutive voxels; Spark shuffles the
 * chunks (see {@link Chunk}) once, keyed by block; each block's T chunks become its B series.
 * toImages runs the same steps backwards. The shuffled pieces arrive in any order, so every
 * step here orders them by tag itself (no sort in the plan).
 */
public final class BlockTranspose {
  private BlockTranspose() {}

  private static final Comparator<byte[]> BY_TAG = Comparator.comparingLong(Chunk::tag);

  /**
   * One image → its ceil(V / block) chunks, all tagged {@code index}: chunk b holds voxels
   * [b·block, min(V, (b+1)·block)). An empty image gives no chunks.
   */
  public static byte[][] imageChunks(long index, double[] image, int block) {
    int nblocks = blocks(image.length, block);
    byte[][] out = new byte[nblocks][];
    for (int b = 0; b < nblocks; b++) {
      int from = b * block;
      out[b] = Chunk.encode(index, image, from, Math.min(block, image.length - from));
    }
    return out;
  }

  /** {@link #imageChunks(long, double[], int)} of a packed image: its bytes sliced, nothing decoded. */
  public static byte[][] imageChunks(long index, byte[] image, int block) {
    int voxels = Chunk.count(image);
    int nblocks = blocks(voxels, block);
    byte[][] out = new byte[nblocks][];
    for (int b = 0; b < nblocks; b++) {
      int from = b * block;
      out[b] = Chunk.slice(image, index, from, Math.min(block, voxels - from));
    }
    return out;
  }

  private static int blocks(int voxels, int block) {
    if (block < 1) throw new IllegalArgumentException("block must be at least 1, got " + block);
    return (int) ((voxels + (long) block - 1) / block);
  }

  /**
   * The T chunks of one block (one per image, distinct tags, any order, all of the same count
   * B) → its B series of T values, each packed (tag 0): value t of series j = voxel j of the image
   * with the t-th smallest tag. Chunks of one element kind (the usual case: images of one
   * recording) are transposed as bytes.
   */
  public static byte[][] blockSeries(Object[] chunks) {
    byte[][] sorted = sortedByTag(chunks);
    int t = sorted.length;
    int b = t == 0 ? 0 : Chunk.count(sorted[0]);
    byte[][] same = Chunk.transposed(sorted, b, 0);
    if (same != null) return same;
    double[][] rows = new double[b][t];
    double[] column = new double[b];
    for (int i = 0; i < t; i++) {
      Chunk.decode(sorted[i], column, 0);
      for (int j = 0; j < b; j++) rows[j][i] = column[j];
    }
    byte[][] out = new byte[b][];
    for (int j = 0; j < b; j++) out[j] = Chunk.encode(0, rows[j]);
    return out;
  }

  /**
   * The records of one block (chunks tagged by series key, any order, each of {@code length}
   * values) → {@code length} chunks tagged {@code block}: chunk t holds value t of every record,
   * in key order.
   */
  public static byte[][] blockImageChunks(long block, Object[] records, int length) {
    byte[][] sorted = sortedByTag(records);
    int b = sorted.length;
    for (byte[] r : sorted) {
      if (Chunk.count(r) != length) throw new IllegalArgumentException("series " + Chunk.tag(r) + " has " + Chunk.count(r) + " values, expected " + length);
    }
    byte[][] same = Chunk.transposed(sorted, length, block);
    if (same != null) return same;
    double[][] rows = new double[b][];
    for (int j = 0; j < b; j++) rows[j] = Chunk.decode(sorted[j]);
    byte[][] out = new byte[length][];
    double[] column = new double[b];
    for (int t = 0; t < length; t++) {
      for (int j = 0; j < b; j++) column[j] = rows[j][t];
      out[t] = Chunk.encode(block, column, 0, b);
    }
    return out;
  }

  /**
   * The chunks of one image (tagged by block, any order) → the image: their values concatenated
   * in tag order, which must be exactly {@code voxels} values.
   */
  public static double[] assemble(Object[] chunks, int voxels) {
    byte[][] sorted = sortedByTag(chunks);
    long total = 0;
    for (byte[] c : sorted) total += Chunk.count(c);
    if (total != voxels) throw new IllegalArgumentException("an image assembled from its blocks has " + total + " values, expected " + voxels);
    double[] out = new double[voxels];
    int at = 0;
    for (byte[] c : sorted) {
      Chunk.decode(c, out, at);
      at += Chunk.count(c);
    }
    return out;
  }

  // A copy: the array may be Spark's own (a collect_list result).
  private static byte[][] sortedByTag(Object[] chunks) {
    byte[][] out = new byte[chunks.length][];
    for (int i = 0; i < chunks.length; i++) {
      if (!(chunks[i] instanceof byte[] c)) throw new IllegalArgumentException("element " + i + " is not a binary chunk");
      out[i] = c;
    }
    Arrays.sort(out, BY_TAG);
    return out;
  }
}
