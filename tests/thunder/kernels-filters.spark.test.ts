/**
 * The spatial filters as the JVM kernel `thunder_spatial_filter` (the kernel path of
 * SparkImagesImpl.spatialFilter): bit-identical to the local engine for every filter kind on 2-d
 * and 3-d images of every dtype (per-axis sizes and sigmas, an axis of length 1, windows wider than
 * the image, NaN/±Inf in float images); equal to scipy.ndimage's formulas written out by hand on a
 * 5x5 image (edges padded the way numpy.pad 'symmetric' does, which is scipy's 'reflect');
 * localcorr equal to the local engine and to a hand computation; and the path really taken
 * (`explain`), with `useKernels(session, false)` falling back to the Spark SQL text.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DTYPES, NDArray, roundToHalf, typedArrayFor, type DType } from '../../src/common/ndarray.js';
import { images, Images } from '../../src/thunder/index.js';
import type { SparkImagesImpl } from '../../src/thunder/spark/images.js';
import type { SparkSeriesImpl } from '../../src/thunder/spark/series.js';
import { kernelStatus, useKernels } from '../../src/thunder/spark/kernels/install.js';
import { useSpark } from '../helpers/spark.js';
import { expectIdentical, expectRelative } from '../helpers/arrays.js';
import { pearson } from '../helpers/stats.js';

const session = useSpark();

/** `n` images of `shape` in `dtype`, pseudo-random over most of the dtype's range (a fixed LCG). */
function stack(n: number, shape: number[], dtype: DType, seed: number): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = typedArrayFor(dtype, n * size);
  let s = seed >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let i = 0; i < data.length; i++) {
    const u = next();
    switch (dtype) {
      case 'uint8':
        data[i] = Math.floor(u * 256);
        break;
      case 'uint16':
        data[i] = Math.floor(u * 65536);
        break;
      case 'int16':
        data[i] = Math.floor(u * 65536) - 32768;
        break;
      case 'int32':
        data[i] = Math.floor(u * 2 ** 32) - 2 ** 31;
        break;
      // int64 beyond int32 (±2^40, so a filter's weighted sums stay exact-ish and in range);
      // float16 the halves nearest to the float values (a typed-array store does not round to them).
      case 'int64':
        data[i] = Math.floor((u - 0.5) * 2 ** 41);
        break;
      case 'float16':
        data[i] = roundToHalf((u - 0.3) * 1000 * (i % 7 === 0 ? 1e-3 : 1));
        break;
      default:
        data[i] = (u - 0.3) * 1000 * (i % 7 === 0 ? 1e-3 : 1);
    }
  }
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'float16') {
    data[3] = NaN;
    data[size + 11] = NaN;
    data[2 * size - 1] = -0;
    if (dtype === 'float64') data[5] = Infinity;
  }
  return new NDArray(data, [n, ...shape]);
}

type FilterCase = { kind: 'gaussian' | 'uniform' | 'median'; arg: number[] };

const SHAPES: { shape: number[]; filters: FilterCase[] }[] = [
  {
    shape: [7, 9],
    filters: [
      { kind: 'gaussian', arg: [1.5, 0.7] },
      { kind: 'gaussian', arg: [3, 2.5] }, // radius 12 and 10: wider than the image, reflected twice
      { kind: 'uniform', arg: [3, 2] },
      { kind: 'uniform', arg: [4, 11] },
      { kind: 'median', arg: [3, 2] },
    ],
  },
  {
    shape: [4, 5, 6],
    filters: [
      { kind: 'gaussian', arg: [0.8, 0, 1.3] },
      { kind: 'uniform', arg: [2, 4, 5] },
      { kind: 'median', arg: [2, 3, 3] },
    ],
  },
  {
    shape: [5, 1, 6],
    filters: [
      { kind: 'gaussian', arg: [1, 2, 0.5] },
      { kind: 'uniform', arg: [3, 3, 1] },
      { kind: 'median', arg: [3, 2, 3] },
    ],
  },
];

function applyFilter(im: Images, f: FilterCase): Images {
  if (f.kind === 'gaussian') return im.gaussianFilter(f.arg);
  if (f.kind === 'uniform') return im.uniformFilter(f.arg);
  return im.medianFilter(f.arg);
}

function sparkDf(im: Images): SparkImagesImpl['df'] {
  return (im.impl as SparkImagesImpl).df;
}

afterAll(() => {
  // Leave the session as it came (other files get their own sessions anyway).
  useKernels(session(), true);
});

describe('spatial filters as JVM kernels', () => {
  it('the session takes the kernel path', async () => {
    expect((await kernelStatus(session())).path).toBe('kernels');
  });

  for (const dtype of DTYPES) {
    it(`${dtype}: every filter on 2-d and 3-d images equals the local engine bit for bit`, async () => {
      const jobs: Promise<void>[] = [];
      for (const [si, { shape, filters }] of SHAPES.entries()) {
        const data = stack(3, shape, dtype, 17 + si * 101 + DTYPES.indexOf(dtype));
        const local = await images.fromArray(data);
        const spark = await images.fromArray(data, { engine: session(), npartitions: 2 });
        for (const f of filters) {
          jobs.push(
            (async () => {
              const label = `${dtype} [${shape.join(',')}] ${f.kind}(${f.arg.join(',')})`;
              const filtered = applyFilter(spark, f);
              expect(filtered.dtype, label).toBe(dtype);
              const got = await filtered.toArray();
              const want = await applyFilter(local, f).toArray();
              expect(got.dtype, label).toBe(dtype);
              expect(got.shape, label).toEqual(want.shape);
              expectIdentical(got.data, want.data, label);
            })(),
          );
        }
      }
      await Promise.all(jobs);
    });
  }

  it('rejects bad sizes and sigmas with the same typed error as the local engine', async () => {
    const data = stack(1, [4, 5], 'uint8', 5);
    for (const im of [await images.fromArray(data, { engine: session() }), await images.fromArray(data)]) {
      expect(() => im.gaussianFilter([1])).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', argument: 'gaussianFilter(sigma)' }));
      expect(() => im.uniformFilter(-1)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', argument: 'uniformFilter(size)' }));
      expect(() => im.medianFilter([2, NaN])).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', argument: 'medianFilter(size)' }));
    }
  });

  it('runs the kernel, not the SQL text (explain)', async () => {
    const spark = await images.fromArray(stack(2, [6, 7], 'uint16', 3), { engine: session() });
    for (const f of [spark.gaussianFilter([1, 2]), spark.uniformFilter(3), spark.medianFilter(3)]) {
      const plan = await sparkDf(f).explain();
      expect(plan).toContain('thunder_spatial_filter');
      expect(plan).not.toContain('aggregate(');
      expect(plan).not.toContain('array_sort(');
    }
  });
});

// ---- scipy.ndimage written out by hand on a 5x5 image --------------------------------------

const IMAGE_5x5 = [
  [12, 200, 37, 90, 5],
  [250, 64, 128, 33, 171],
  [0, 99, 255, 18, 76],
  [143, 57, 81, 222, 40],
  [66, 188, 14, 105, 230],
];

/**
 * A line padded `before`/`after` as numpy.pad(mode='symmetric') does (scipy.ndimage's 'reflect',
 * d c b a | a b c d | d c b a): outward from each edge the line is repeated mirrored, then
 * straight, then mirrored again, as far as needed.
 */
function padSymmetric(line: number[], before: number, after: number): number[] {
  const rev = [...line].reverse();
  const leftOutward: number[] = [];
  for (let k = 0; leftOutward.length < before; k++) leftOutward.push(...(k % 2 === 0 ? line : rev));
  const rightOutward: number[] = [];
  for (let k = 0; rightOutward.length < after; k++) rightOutward.push(...(k % 2 === 0 ? rev : line));
  return [...leftOutward.slice(0, before).reverse(), ...line, ...rightOutward.slice(0, after)];
}

/**
 * scipy.ndimage.correlate1d along `axis` of a 2-d image: output[i] = sum_k w[k] * padded[i + k],
 * the padding putting w[origin] on i; each result then divided by `divisor` and passed through
 * `store` (scipy writes each pass into an output of the input's dtype).
 */
function correlate2d(img: number[][], axis: 0 | 1, w: number[], origin: number, divisor: number, store: (x: number) => number): number[][] {
  const rows = img.length;
  const cols = img[0]!.length;
  const out = img.map((r) => r.map(() => 0));
  const lines = axis === 0 ? cols : rows;
  for (let l = 0; l < lines; l++) {
    const line = axis === 0 ? img.map((r) => r[l]!) : img[l]!;
    const padded = padSymmetric(line, origin, w.length - 1 - origin);
    for (let i = 0; i < line.length; i++) {
      let acc = 0;
      for (let k = 0; k < w.length; k++) acc += w[k]! * padded[i + k]!;
      const v = store(acc / divisor);
      if (axis === 0) out[i]![l] = v;
      else out[l]![i] = v;
    }
  }
  return out;
}

const asFloat = (x: number): number => x;
const asUint8 = (x: number): number => Math.trunc(x); // all values here are in 0..255

describe('scipy.ndimage formulas by hand, 5x5 image', () => {
  const flat = IMAGE_5x5.flat();
  const load = async (dtype: 'uint8' | 'float64'): Promise<Images> => {
    const data = dtype === 'uint8' ? Uint8Array.from(flat) : Float64Array.from(flat);
    return images.fromArray(new NDArray(data, [1, 5, 5]), { engine: session() });
  };

  it('uniform_filter(size=3): float64 and uint8 (each pass truncated to uint8)', async () => {
    const ones = [1, 1, 1];
    const expFloat = correlate2d(correlate2d(IMAGE_5x5, 0, ones, 1, 3, asFloat), 1, ones, 1, 3, asFloat).flat();
    const expUint8 = correlate2d(correlate2d(IMAGE_5x5, 0, ones, 1, 3, asUint8), 1, ones, 1, 3, asUint8).flat();
    const f = await (await load('float64')).uniformFilter(3).toArray();
    expectRelative(f.data, expFloat);
    // The corner by hand: rows 0,0,1 and columns 0,0,1 of the image.
    expect(f.data[0]).toBeCloseTo((12 + 12 + 200 + 12 + 12 + 200 + 250 + 250 + 64) / 9, 12);
    // The centre: the plain 3x3 mean.
    expect(f.data[12]).toBeCloseTo((64 + 128 + 33 + 99 + 255 + 18 + 57 + 81 + 222) / 9, 12);
    const u = await (await load('uint8')).uniformFilter(3).toArray();
    expect(u.dtype).toBe('uint8');
    expectIdentical(u.data, expUint8);
    // Corner of the uint8 result: columns first: trunc((12+12+250)/3)=91, trunc((200+200+64)/3)=154; then trunc((91+91+154)/3)=112.
    expect(u.data[0]).toBe(112);
  });

  it('median_filter(size=3)', async () => {
    const expected: number[] = [];
    // Pad every row, then pad the list of rows the same way: a 7x7 image.
    const paddedRows = IMAGE_5x5.map((r) => padSymmetric(r, 1, 1));
    const rows = padSymmetric([0, 1, 2, 3, 4], 1, 1).map((i) => paddedRows[i]!);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        const win = [0, 1, 2].flatMap((di) => [0, 1, 2].map((dj) => rows[i + di]![j + dj]!)).sort((a, b) => a - b);
        expected.push(win[4]!);
      }
    }
    for (const dtype of ['uint8', 'float64'] as const) {
      const m = await (await load(dtype)).medianFilter(3).toArray();
      expectIdentical(m.data, expected);
    }
    // Corner by hand: {12,12,200,12,12,200,250,250,64} sorted -> 12 12 12 12 [64] 200 200 250 250.
    expect(expected[0]).toBe(64);
  });

  it('gaussian_filter(sigma=1, truncate=4.0): weights from the Gaussian formula', async () => {
    // radius = int(truncate * sigma + 0.5) = 4; w_k = exp(-k^2 / (2 sigma^2)) / sum.
    const raw = [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((k) => Math.exp(-(k * k) / 2));
    const total = raw.reduce((a, b) => a + b, 0);
    const w = raw.map((v) => v / total);
    const expected = correlate2d(correlate2d(IMAGE_5x5, 0, w, 4, 1, asFloat), 1, w, 4, 1, asFloat).flat();
    const g = await (await load('float64')).gaussianFilter(1).toArray();
    expectRelative(g.data, expected);
    // Smoothing keeps every value strictly inside the image's range (0..255, no value alone).
    expect(Math.min(...g.data)).toBeGreaterThan(0);
    expect(Math.max(...g.data)).toBeLessThan(255);
  });
});

// ---- localcorr ----------------------------------------------------------------------------

describe('localcorr on the kernel path', () => {
  const T = 8;
  const shape = [4, 5];
  const frames = new Float64Array(T * 20);
  for (let t = 0; t < T; t++) {
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 5; c++) frames[t * 20 + r * 5 + c] = Math.sin(0.7 * t + r) * (c + 1) + Math.cos(1.3 * t * (r + 1) + c) + 0.1 * t * c;
    }
  }
  const data = new NDArray(frames, [T, ...shape]);

  it('equals the local engine and a hand computation for two voxels', async () => {
    const spark = await images.fromArray(data, { engine: session(), npartitions: 3 });
    // The pipeline as Images.localcorr builds it (images and their uniform filter, concatenated,
    // transposed, then a traced correlation per voxel): every step a kernel, no SQL lambda left.
    const both = new Images(spark.impl.concat(spark.uniformFilter(3).impl)).toSeries();
    const corr = both.map((v) => v.slice(0, T).corr(v.slice(T, 2 * T)));
    const plan = await (corr.impl as SparkSeriesImpl).df.explain();
    expect(plan).toContain('thunder_spatial_filter');
    expect(plan).not.toContain('lambdafunction');
    const got = await spark.localcorr(3);
    const want = await (await images.fromArray(data)).localcorr(3);
    expect(got.shape).toEqual(shape);
    expectIdentical(got.data, want.data);

    // Pearson correlation of a voxel's time course with the 3x3 neighbourhood mean ('reflect' edges).
    const at = (t: number, r: number, c: number): number => frames[t * 20 + r * 5 + c]!;
    const reflectIndex = (i: number, n: number): number => (i < 0 ? -i - 1 : i >= n ? 2 * n - i - 1 : i);
    const handCorr = (r: number, c: number): number => {
      const x: number[] = [];
      const m: number[] = [];
      for (let t = 0; t < T; t++) {
        x.push(at(t, r, c));
        let s = 0;
        for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) s += at(t, reflectIndex(r + dr, 4), reflectIndex(c + dc, 5));
        m.push(s / 9);
      }
      return pearson(x, m);
    };

    expect(got.data[1 * 5 + 2]!).toBeCloseTo(handCorr(1, 2), 12);
    expect(got.data[0]!).toBeCloseTo(handCorr(0, 0), 12);
    // Non-trivial: neither perfectly correlated nor all the same.
    expect(Math.abs(got.data[7]!)).toBeLessThan(0.999);
    expect(new Set(Array.from(got.data)).size).toBeGreaterThan(10);
  });
});

// ---- the SQL fallback ----------------------------------------------------------------------

describe('useKernels(session, false)', () => {
  it('gives the Spark SQL path, with the same results', async () => {
    const data = stack(2, [5, 6], 'uint16', 99);
    useKernels(session(), false);
    try {
      expect((await kernelStatus(session())).path).toBe('sql');
      const spark = await images.fromArray(data, { engine: session() });
      const local = await images.fromArray(data);
      const g = spark.gaussianFilter([1.2, 0.6]);
      const plan = await sparkDf(g).explain();
      expect(plan).not.toContain('thunder_spatial_filter');
      expect(plan).toContain('aggregate');
      expectIdentical((await g.toArray()).data, (await local.gaussianFilter([1.2, 0.6]).toArray()).data);
      expectIdentical((await spark.medianFilter(3).toArray()).data, (await local.medianFilter(3).toArray()).data);
    } finally {
      useKernels(session(), true);
    }
    expect((await kernelStatus(session())).path).toBe('kernels');
  });
});
