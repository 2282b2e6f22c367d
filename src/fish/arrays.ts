/** Driver-side helpers over the small arrays the job collects (maps of 2×76×87, K centres). */
import { NDArray } from '../common/ndarray.js';
import { colorize, type Rgb } from '../viz/index.js';

/** Rows [r0, r1) and columns [c0, c1) of a 2-D array, as numpy's `a[r0:r1, c0:c1]` (a copy). */
export function crop(a: NDArray, r0: number, r1: number, c0: number, c1: number): NDArray<Float64Array> {
  const [rows, cols] = a.shape as [number, number];
  const rr = Math.min(r1, rows) - r0;
  const cc = Math.min(c1, cols) - c0;
  const out = new Float64Array(rr * cc);
  for (let r = 0; r < rr; r++) for (let c = 0; c < cc; c++) out[r * cc + c] = a.data[(r0 + r) * cols + c0 + c]!;
  return new NDArray(out, [rr, cc]);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** Rows of a [n, d] array minus their mean row. */
export function centredRows(a: NDArray): NDArray<Float64Array> {
  const [n, d] = a.shape as [number, number];
  const out = Float64Array.from(a.data);
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += out[i * d + j]!;
    m /= n;
    for (let i = 0; i < n; i++) out[i * d + j]! -= m;
  }
  return new NDArray(out, [n, d]);
}

/** Largest finite value (−Infinity when there is none). */
export function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > m) m = values[i]!;
  return m;
}

/** Smallest finite value (Infinity when there is none). */
export function minOf(values: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! < m) m = values[i]!;
  return m;
}

/** The notebook's Q8 rule: the left edge of bin k-1, k the first bin whose preceding bins hold `fraction` of the counts. */
export function histogramThreshold(edges: ArrayLike<number>, counts: ArrayLike<number>, fraction: number): number | undefined {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    // sum(frequence[0:i]) >= percentage * sum(frequence): the counts of bins before i.
    if (below >= fraction * total) return edges[i - 1];
    below += counts[i]!;
  }
  return undefined;
}

/** Labels scaled to [0, 1] by the number of clusters, so maps of different K share one grey scale. */
export function scaledLabels(labels: NDArray, k: number): NDArray<Float64Array> {
  return new NDArray(Float64Array.from(labels.data, (v) => v / Math.max(k - 1, 1)), labels.shape);
}

/**
 * The planes of a label volume coloured through Thunder's Colorize (viz's `colorize`) in one
 * call, so the label range that picks colours is the whole volume's: a plane that lacks the
 * highest label keeps the same colour per cluster as the other plane and the centre traces.
 */
export function colorPlanes(labels: NDArray, colors: readonly Rgb[], mask?: NDArray): NDArray<Float64Array>[] {
  const [planes, rows, cols] = labels.shape as [number, number, number];
  const rgb = colorize(labels.reshape([planes * rows, cols]), colors, mask ? { mask: mask.reshape([planes * rows, cols]) } : {});
  return Array.from({ length: planes }, (_, p) => new NDArray(rgb.data.subarray(p * rows * cols * 3, (p + 1) * rows * cols * 3), [rows, cols, 3]));
}
