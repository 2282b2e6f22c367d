/**
 * scipy.ndimage's filters written out from their documented formulas, as
 * Thunder calls them (`scipy.ndimage.gaussian_filter(img, sigma)`,
 * `median_filter(img, size)`, `uniform_filter(img, size)`: every default kept,
 * so mode 'reflect' and truncate 4.0), for float64 images of any rank. These are
 * deliberately direct N-dimensional window sums and sorts (not separable
 * passes as the code under test uses), so the two share no structure.
 */

/**
 * scipy's mode 'reflect' (d c b a | a b c d | d c b a), extended periodically
 * (period 2n) for windows wider than the image, as numpy.pad's 'symmetric'.
 */
export function reflectIndex(i: number, n: number): number {
  const m = ((i % (2 * n)) + 2 * n) % (2 * n);
  return m < n ? m : 2 * n - 1 - m;
}

/** Row-major offsets of every index of `shape`, as arrays of coordinates. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const total = shape.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < total; flat++) {
    const idx: number[] = new Array(shape.length);
    let rest = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
    }
    yield idx;
  }
}

function flatIndex(idx: readonly number[], shape: readonly number[]): number {
  let f = 0;
  for (let d = 0; d < shape.length; d++) f = f * shape[d]! + idx[d]!;
  return f;
}

/**
 * Every value of the window at `pos`: offsets `off[d]` in `lo[d] .. lo[d] + len[d] - 1`
 * along each axis, reflected at the edges, paired with the offsets.
 */
function window(img: ArrayLike<number>, shape: readonly number[], pos: readonly number[], lo: readonly number[], len: readonly number[]): { off: number[]; v: number }[] {
  const out: { off: number[]; v: number }[] = [];
  for (const rel of indices(len)) {
    const off = rel.map((r, d) => r + lo[d]!);
    const src = pos.map((p, d) => reflectIndex(p + off[d]!, shape[d]!));
    out.push({ off, v: img[flatIndex(src, shape)]! });
  }
  return out;
}

/**
 * gaussian_filter(img, sigma) with truncate 4.0: per axis the radius is
 * int(4 sigma + 0.5) and the weights exp(-k²/(2 sigma²)) normalised to sum 1;
 * an axis with sigma 0 is not filtered. The N-d kernel is the product of the
 * per-axis weights.
 */
export function gaussianFilter(img: ArrayLike<number>, shape: readonly number[], sigma: readonly number[]): Float64Array {
  const radius = sigma.map((s) => (s > 0 ? Math.floor(4 * s + 0.5) : 0));
  const weights = sigma.map((s, d) => {
    const w = Array.from({ length: 2 * radius[d]! + 1 }, (_, j) => (s > 0 ? Math.exp(-((j - radius[d]!) ** 2) / (2 * s * s)) : 1));
    const total = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / total);
  });
  const out = new Float64Array(img.length);
  for (const pos of indices(shape)) {
    let acc = 0;
    for (const { off, v } of window(img, shape, pos, radius.map((r) => -r), radius.map((r) => 2 * r + 1))) {
      acc += off.reduce((w, o, d) => w * weights[d]![o + radius[d]!]!, 1) * v;
    }
    out[flatIndex(pos, shape)] = acc;
  }
  return out;
}

/**
 * median_filter(img, size): the window along an axis of size s covers
 * i - floor(s/2) .. i - floor(s/2) + s - 1; the result is the element of rank
 * floor(count/2) of the sorted window (the upper median for an even count).
 */
export function medianFilter(img: ArrayLike<number>, shape: readonly number[], size: readonly number[]): Float64Array {
  const out = new Float64Array(img.length);
  for (const pos of indices(shape)) {
    const vals = window(img, shape, pos, size.map((s) => -Math.floor(s / 2)), size)
      .map((w) => w.v)
      .sort((a, b) => a - b);
    out[flatIndex(pos, shape)] = vals[Math.floor(vals.length / 2)]!;
  }
  return out;
}

/** uniform_filter(img, size): the mean over the same window as median_filter's. */
export function uniformFilter(img: ArrayLike<number>, shape: readonly number[], size: readonly number[]): Float64Array {
  const out = new Float64Array(img.length);
  const count = size.reduce((a, b) => a * b, 1);
  for (const pos of indices(shape)) {
    out[flatIndex(pos, shape)] = window(img, shape, pos, size.map((s) => -Math.floor(s / 2)), size).reduce((a, w) => a + w.v, 0) / count;
  }
  return out;
}
