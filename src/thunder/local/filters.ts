/**
 * Neighbourhood filters on every image, with scipy.ndimage's semantics as Thunder used them:
 * mode 'reflect' (d c b a | a b c d | d c b a), windows `i - floor(size/2) .. + size - 1`, the
 * gaussian kernel truncated at 4 sigma, and — for integer dtypes — each separable pass stored
 * (truncated) in the input dtype before the next axis, as scipy writes into an output of the
 * input's dtype.
 */
import { typedArrayFor, type DType, type TypedArray } from '../../common/ndarray.js';
import { caster } from '../../udf/numeric.js';
import type { FilterSpec } from '../engine.js';

function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  const m = ((i % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/** Normalised gaussian weights truncated at 4 sigma (scipy's). */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const w = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) {
    const v = Math.exp((-0.5 / (sigma * sigma)) * k * k);
    w[k + radius] = v;
    total += v;
  }
  for (let k = 0; k < w.length; k++) w[k] = w[k]! / total;
  return w;
}

/**
 * Correlates every line along `axis` with `weights` whose element `origin` sits on the output,
 * then divides by `divisor` (the uniform filter sums first, as scipy does, so integer means are exact).
 */
function pass1d(src: Float64Array, shape: readonly number[], axis: number, weights: Float64Array, origin: number, divisor = 1): Float64Array {
  const out = new Float64Array(src.length);
  const n = shape[axis]!;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  const outer = src.length / (n * inner);
  const line = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      for (let i = 0; i < n; i++) line[i] = src[base + i * inner]!;
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let k = 0; k < weights.length; k++) acc += weights[k]! * line[reflect(i - origin + k, n)]!;
        out[base + i * inner] = divisor === 1 ? acc : acc / divisor;
      }
    }
  }
  return out;
}

function medianImage(src: Float64Array, shape: readonly number[], sizes: readonly number[]): Float64Array {
  const nd = shape.length;
  const out = new Float64Array(src.length);
  const total = sizes.reduce((a, b) => a * b, 1);
  const win = new Float64Array(total);
  const rank = Math.floor(total / 2);
  const strides = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  const pos = new Array<number>(nd).fill(0);
  const off = new Array<number>(nd).fill(0);
  for (let p = 0; p < src.length; p++) {
    off.fill(0);
    for (let w = 0; w < total; w++) {
      let idx = 0;
      for (let d = 0; d < nd; d++) idx += reflect(pos[d]! - Math.floor(sizes[d]! / 2) + off[d]!, shape[d]!) * strides[d]!;
      win[w] = src[idx]!;
      for (let d = nd - 1; d >= 0; d--) {
        if (++off[d]! < sizes[d]!) break;
        off[d] = 0;
      }
    }
    win.sort();
    out[p] = win[rank]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++pos[d]! < shape[d]!) break;
      pos[d] = 0;
    }
  }
  return out;
}

/** Filters each of `count` images of `shape` stored contiguously; the result keeps `dtype`. */
export function filterImages(values: TypedArray, count: number, shape: readonly number[], spec: FilterSpec, dtype: DType): TypedArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = typedArrayFor(dtype, values.length);
  const store = caster(dtype);
  for (let r = 0; r < count; r++) {
    let img: Float64Array = Float64Array.from(values.subarray(r * size, (r + 1) * size));
    if (spec.kind === 'median') {
      img = medianImage(img, shape, spec.size.map((s) => Math.max(1, Math.floor(s))));
    } else {
      for (let axis = 0; axis < shape.length; axis++) {
        if (spec.kind === 'gaussian') {
          const sigma = spec.sigma[axis]!;
          if (!(sigma > 1e-15)) continue;
          const w = gaussianKernel(sigma);
          img = pass1d(img, shape, axis, w, (w.length - 1) / 2);
        } else {
          const s = Math.floor(spec.size[axis]!);
          if (s <= 1) continue;
          img = pass1d(img, shape, axis, new Float64Array(s).fill(1), Math.floor(s / 2), s);
        }
        if (dtype !== 'float64') for (let i = 0; i < img.length; i++) img[i] = store(img[i]!);
      }
    }
    out.set(img, r * size);
  }
  return out;
}
