/** The numbers behind histograms: numpy's equal-width binning and scipy's Gaussian KDE. */
import { InvalidArgumentError } from '../common/errors.js';
import { positiveInteger } from './options.js';

export interface HistogramCounts {
  /** `bins + 1` edges, equally spaced from the finite min to the finite max (numpy's `histogram` edges). */
  readonly edges: Float64Array;
  /** `bins` counts: bin i holds edges[i] <= v < edges[i+1], the last bin also v == edges[bins]. */
  readonly counts: Float64Array;
  /** Number of finite values counted. */
  readonly n: number;
  /** Number of NaN/±Infinity values left out (numpy would refuse them). */
  readonly dropped: number;
}

/** The finite values of `values`, in order. */
export function finiteValues(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[n++] = v;
  }
  return out.subarray(0, n);
}

/**
 * Counts in `bins` equal-width bins, as `numpy.histogram(values, bins)`: edges
 * from min to max (widened by ±0.5 when they are equal), each value placed
 * by comparing it with the edges themselves, so rounding in the index
 * arithmetic never moves a value across an edge.
 *
 * @throws InvalidArgumentError when `bins` is not a positive integer or no value is finite.
 */
export function histogramCounts(values: ArrayLike<number>, bins: number, arg = 'values'): HistogramCounts {
  positiveInteger(bins, 'bins', 1);
  const finite = finiteValues(values);
  if (finite.length === 0) throw new InvalidArgumentError(arg, 'at least one finite number', values);
  let first = Infinity;
  let last = -Infinity;
  for (const v of finite) {
    if (v < first) first = v;
    if (v > last) last = v;
  }
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const edges = new Float64Array(bins + 1);
  const step = (last - first) / bins;
  for (let i = 0; i < bins; i++) edges[i] = first + i * step;
  edges[bins] = last;
  const counts = new Float64Array(bins);
  const scale = bins / (last - first);
  for (const v of finite) {
    let i = Math.min(Math.floor((v - first) * scale), bins - 1);
    if (v < edges[i]!) i--;
    else if (i < bins - 1 && v >= edges[i + 1]!) i++;
    counts[i]!++;
  }
  return { edges, counts, n: finite.length, dropped: values.length - finite.length };
}

/**
 * A Gaussian kernel density estimate of 1-D data, as `scipy.stats.gaussian_kde`
 * with its default Scott's rule: bandwidth h = std(ddof=1) · n^(-1/5).
 * The returned function integrates to 1 over the real line.
 *
 * @throws InvalidArgumentError when fewer than two finite values, or all equal
 *   (scipy fails on the singular covariance too).
 */
export function gaussianKde(values: ArrayLike<number>, arg = 'values'): { bandwidth: number; density: (x: number) => number } {
  const data = Float64Array.from(finiteValues(values)).sort();
  const n = data.length;
  let mean = 0;
  for (const v of data) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of data) ss += (v - mean) ** 2;
  if (n < 2 || ss === 0) throw new InvalidArgumentError(arg, 'at least two distinct finite values for a density estimate', values);
  const bandwidth = Math.sqrt(ss / (n - 1)) * n ** (-1 / 5);
  const norm = 1 / (n * bandwidth * Math.sqrt(2 * Math.PI));
  // Kernels beyond 9 bandwidths contribute < 1e-17 each: only the sorted window near x is summed.
  const reach = 9 * bandwidth;
  const lowerBound = (x: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (data[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const density = (x: number): number => {
    let sum = 0;
    for (let i = lowerBound(x - reach); i < n && data[i]! <= x + reach; i++) {
      const z = (x - data[i]!) / bandwidth;
      sum += Math.exp(-0.5 * z * z);
    }
    return sum * norm;
  };
  return { bandwidth, density };
}
