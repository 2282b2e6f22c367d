/**
 * The block transpose (toSeries / toImages) and the statistics across records on the kernel path
 * (spark-kernels core/BlockTranspose, core/Chunk, core/AcrossStats): equal to the local engine —
 * bit for bit for the transpose, within 1e-12 relative for the statistics — for every dtype,
 * image rank and awkward size; the plans really call the kernels, with partial aggregation
 * map-side; and `useKernels(session, false)` gives back the SQL plans.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { Float16Values, Int64Values, NDArray, type DType } from '../../src/common/ndarray.js';
import { images, series, type EngineOptions, type Images, type Series } from '../../src/thunder/index.js';
import type { Stat } from '../../src/thunder/engine.js';
import type { SparkImagesImpl } from '../../src/thunder/spark/images.js';
import { kernelStatus, useKernels } from '../../src/thunder/spark/kernels/install.js';
import { SparkSeriesImpl } from '../../src/thunder/spark/series.js';
import { imagesToSeriesKernels, seriesToImagesKernels } from '../../src/thunder/spark/transpose.js';
import { useSpark } from '../helpers/spark.js';
import { expectIdentical } from '../helpers/arrays.js';

const session = useSpark();

beforeAll(async () => {
  expect((await kernelStatus(session())).path).toBe('kernels');
});

const STATS: readonly Stat[] = ['mean', 'std', 'var', 'sum', 'max', 'min'];

/** Within 1e-12 relative; NaN, ±Inf and exact zeros must match exactly. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label = ''): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    const ok = Number.isNaN(b) ? Number.isNaN(a) : Number.isFinite(b) ? Math.abs(a - b) <= 1e-12 * Math.abs(b) : a === b;
    if (!ok) expect(`${label} ${i}: ${a}`).toBe(`${label} ${i}: ${b}`);
  }
}

/** A deterministic generator (LCG), so the cases do not depend on Math.random. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SPECIAL = [Number.NaN, Infinity, -Infinity, -0, 5e-324, -1.5, 1e300];
// The largest, smallest normal and smallest subnormal halves, ±Inf, -0, NaN (all exact halves).
const FLOAT16_SPECIAL = [Number.NaN, Infinity, -Infinity, -0, 2 ** -24, 2 ** -14, -65504, 0.333251953125];
const FLOAT32_SPECIAL = [Number.NaN, Infinity, -Infinity, -0, 1.401298464324817e-45, -1.5, 3.4028234663852886e38];

/**
 * [n, ...shape] of `dtype` spanning its whole range (both extremes, and NaN, ±Inf, -0 and
 * subnormals for floats), plus values only the next wider Spark type holds exactly.
 */
function stack(dtype: DType, n: number, shape: readonly number[], seed = 7): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const rnd = lcg(seed);
  const total = n * size;
  const make = {
    uint8: () => new Uint8Array(total).map((_, i) => (i === 0 ? 255 : Math.floor(rnd() * 256))),
    uint16: () => new Uint16Array(total).map((_, i) => (i === 0 ? 65535 : i === 1 ? 40000 : Math.floor(rnd() * 65536))),
    int16: () => new Int16Array(total).map((_, i) => (i === 0 ? -32768 : i === 1 ? 32767 : Math.floor(rnd() * 65536) - 32768)),
    int32: () => new Int32Array(total).map((_, i) => (i === 0 ? -2147483648 : i === 1 ? 2147483647 : Math.floor(rnd() * 2 ** 32) - 2 ** 31)),
    float32: () => new Float32Array(total).map((_, i) => (i < FLOAT32_SPECIAL.length ? FLOAT32_SPECIAL[i]! : (rnd() - 0.5) * 1e4)),
    float64: () => new Float64Array(total).map((_, i) => (i < SPECIAL.length ? SPECIAL[i]! : (rnd() - 0.5) * 1e4)),
    // int64 spans ±(2^53 − 1), the integers it holds here; random values need every bit of a double.
    int64: () => new Int64Values(total).map((_, i) => (i === 0 ? -(2 ** 53 - 1) : i === 1 ? 2 ** 53 - 1 : Math.floor((rnd() - 0.5) * 2 ** 53))),
    // Random halves: an integer significand of 11 bits times a power of two in the normal range.
    float16: () => new Float16Values(total).map((_, i) => (i < FLOAT16_SPECIAL.length ? FLOAT16_SPECIAL[i]! : (1024 + Math.floor(rnd() * 1024)) * 2 ** (Math.floor(rnd() * 30) - 24) * (rnd() < 0.5 ? -1 : 1))),
  };
  return new NDArray(make[dtype](), [n, ...shape]);
}

const DTYPES: readonly DType[] = ['uint8', 'uint16', 'int16', 'int32', 'float32', 'float64', 'int64', 'float16'];

const spark = (x: Images | Series): SparkImagesImpl | SparkSeriesImpl => x.impl as SparkImagesImpl | SparkSeriesImpl;
const plan = (x: Images | Series): Promise<string> => spark(x).df.explain('formatted');

describe('toSeries / toImages through the kernels equal the local engine bit for bit', () => {
  it('for every dtype, with blocks that do not divide the image (2-d and 3-d images)', async () => {
    for (const dtype of DTYPES) {
      for (const shape of [[5, 13], [3, 4, 5]]) {
        const data = stack(dtype, 7, shape);
        // 3 partitions: blocks of ceil(V / 12) voxels (6 for 65, 5 for 60), neither divides V.
        const imgs = await images.fromArray(data, { engine: session(), npartitions: 3 });
        expect(spark(imgs).ctx.kernels).toBe(true);
        const local = await images.fromArray(data);
        const ser = imgs.toSeries();
        const got = await ser.toArray();
        const want = await local.toSeries().toArray();
        expect(got.shape).toEqual(want.shape);
        expect(got.dtype).toBe(dtype);
        expectIdentical(got.data, want.data, `${dtype} [${shape}] toSeries`);
        const back = await ser.toImages().toArray();
        expect(back.shape).toEqual(data.shape);
        expect(back.dtype).toBe(dtype);
        expectIdentical(back.data, data.data, `${dtype} [${shape}] toImages`);
      }
    }
  });

  it('for 1-d images (from series), a single image, a single voxel and both', async () => {
    const cases: [string, () => Promise<[Images, Images]>][] = [
      ['1-d images', async () => {
        const values = stack('float64', 9, [4]).reshape([9, 4]);
        const s = await series.fromArray(values, { engine: session(), npartitions: 2 });
        return [s.toImages(), (await series.fromArray(values)).toImages()];
      }],
      ['a single image', async () => {
        const d = stack('int16', 1, [6, 7]);
        return [await images.fromArray(d, { engine: session() }), await images.fromArray(d)];
      }],
      ['one voxel', async () => {
        const d = stack('float32', 11, [1, 1]);
        return [await images.fromArray(d, { engine: session(), npartitions: 4 }), await images.fromArray(d)];
      }],
      ['one image of one voxel', async () => {
        const d = stack('uint16', 1, [1, 1]);
        return [await images.fromArray(d, { engine: session() }), await images.fromArray(d)];
      }],
    ];
    for (const [label, make] of cases) {
      const [imgs, local] = await make();
      expect(spark(imgs).ctx.kernels).toBe(true);
      const ser = imgs.toSeries();
      const got = await ser.toArray();
      const want = await local.toSeries().toArray();
      expect(got.shape, label).toEqual(want.shape);
      expectIdentical(got.data, want.data, `${label} toSeries`);
      expectIdentical((await ser.toImages().toArray()).data, (await local.toArray()).data, `${label} toImages`);
    }
  });

  it('for explicit block sizes from 1 to beyond the image, NaN and ±Inf included', async () => {
    const data = stack('float64', 6, [5, 13]);
    const imgs = await images.fromArray(data, { engine: session(), npartitions: 3 });
    // series[v, t] = images[t, v], by hand.
    const expected = new Float64Array(65 * 6);
    for (let t = 0; t < 6; t++) for (let v = 0; v < 65; v++) expected[v * 6 + t] = data.data[t * 65 + v]!;
    for (const block of [1, 4, 64, 65, 100]) {
      const df = imagesToSeriesKernels(spark(imgs).df, 65, block, 3);
      const ser = SparkSeriesImpl.fromDataFrame(session(), df, { length: 6, baseShape: [5, 13] });
      expectIdentical((await ser.toArray()).data, expected, `block ${block} toSeries`);
      const back = seriesToImagesKernels(spark(ser).df, 65, 6, block, 'float64');
      const again = SparkSeriesImpl.fromDataFrame(session(), back.withColumnRenamed('index', 'key'), { length: 65, baseShape: [6] });
      expectIdentical((await again.toArray()).data, data.data, `block ${block} toImages`);
    }
  });

  it('toImages renumbers sparse keys after a filter, as on the SQL path', async () => {
    const ser = await series.fromArray([[1, 2], [3, 4], [5, 6], [7, 8]], { engine: session() });
    const kept = ser.filter((v) => v.sum().gt(5));
    expect(await kept.count()).toBe(3);
    expect(Array.from((await kept.toImages().toArray()).data)).toEqual([3, 5, 7, 4, 6, 8]);
  });
});

describe('statistics across records through the aggregate kernel equal the local engine', () => {
  async function compare(make: (options?: EngineOptions) => Promise<Images | Series>, label: string, empty = false): Promise<void> {
    const s = await make({ engine: session(), npartitions: 4 });
    const l = await make();
    for (const stat of STATS) {
      if (empty && (stat === 'max' || stat === 'min')) {
        // No maximum or minimum of nothing (numpy and Thunder raise): the same error on both engines.
        for (const data of [s, l]) await expect((async () => (data[stat]() as Images | Series).toArray())()).rejects.toThrow(InvalidArgumentError);
        continue;
      }
      const got = await (s[stat]() as Images | Series).toArray();
      const want = await (l[stat]() as Images | Series).toArray();
      expect(got.shape, `${label} ${stat}`).toEqual(want.shape);
      expect(got.dtype, `${label} ${stat}`).toBe(want.dtype);
      expectClose(got.data, want.data, `${label} ${stat}`);
    }
  }

  it('for Images of every dtype, NaN and ±Inf included', async () => {
    for (const dtype of DTYPES) {
      const data = stack(dtype, 9, [3, 5], 11);
      await compare((o) => images.fromArray(data, o), `images ${dtype}`);
    }
  });

  it('for Series, NaN and ±Inf in some positions, and values far from zero (stability)', async () => {
    const rnd = lcg(3);
    const rows: number[][] = [];
    for (let r = 0; r < 40; r++) rows.push(Array.from({ length: 6 }, (_, i) => (i === 5 ? 1e6 + rnd() : (rnd() - 0.3) * 100)));
    rows[3]![0] = Number.NaN;
    rows[7]![1] = Infinity;
    rows[9]![2] = -Infinity;
    rows[12]![2] = Infinity;
    await compare((o) => series.fromArray(rows, o), 'series');
  });

  it('for one record, and for none left after a filter', async () => {
    await compare((o) => images.fromArray(stack('float64', 1, [2, 3]), o), 'one image');
    await compare((o) => series.fromArray([[1.5, Number.NaN, -2, Infinity]], o), 'one series');
    await compare(async (o) => (await images.fromArray(stack('float64', 5, [2, 3]), o)).filter((im) => im.sum().gt(1e308)), 'no images', true);
    await compare(async (o) => (await series.fromArray([[1, 2], [3, 4]], o)).filter((v) => v.max().gt(10)), 'no series', true);
  });
});

describe('the kernel path is the one taken', () => {
  it('plans call the kernels, with one shuffle for toSeries and partial statistics map-side', async () => {
    const imgs = await images.fromArray(stack('uint16', 6, [4, 9]), { engine: session() });
    const ser = imgs.toSeries();
    const toSeries = await plan(ser);
    expect(toSeries).toMatch(/thunder_image_chunks\(/);
    expect(toSeries).toMatch(/thunder_block_series\(/);
    expect(toSeries).not.toMatch(/array_sort|lambdafunction/);
    const exchanges = (p: string): number => (p.match(/^\(\d+\) Exchange/gm) ?? []).length;
    expect(exchanges(toSeries) - exchanges(await plan(imgs))).toBe(1);
    const toImages = await plan(ser.toImages());
    for (const name of ['thunder_pack_record', 'thunder_block_images', 'thunder_assemble_image']) expect(toImages).toMatch(new RegExp(`${name}\\(`));
    // The partial aggregate runs before the only new shuffle, and adds no row per value (no explode).
    const generates = (p: string): number => (p.match(/^\(\d+\) Generate/gm) ?? []).length;
    for (const [x, parent] of [[imgs.mean(), imgs], [ser.std(), ser]] as const) {
      const p = await plan(x);
      expect(p).toMatch(/partial_thunder_record_stats\(/);
      expect(exchanges(p) - exchanges(await plan(parent))).toBe(1);
      expect(generates(p)).toBe(generates(await plan(parent)));
    }
  });

  it('useKernels(session, false) gives the SQL plans and the same results', async () => {
    const data = stack('int16', 5, [3, 4]);
    const withKernels = await images.fromArray(data, { engine: session(), npartitions: 2 });
    useKernels(session(), false);
    try {
      const sql = await images.fromArray(data, { engine: session(), npartitions: 2 });
      expect(spark(sql).ctx.kernels).toBe(false);
      const plans = [await plan(sql.toSeries()), await plan(sql.toSeries().toImages()), await plan(sql.mean()), await plan(sql.toSeries().max())];
      for (const p of plans) expect(p).not.toMatch(/thunder_/);
      expect(plans[0]).toMatch(/lambdafunction/);
      expect(plans[2]).toMatch(/posexplode/);
      expectIdentical((await sql.toSeries().toArray()).data, (await withKernels.toSeries().toArray()).data, 'toSeries');
      expectClose((await sql.std().toArray()).data, (await withKernels.std().toArray()).data, 'std');
    } finally {
      useKernels(session(), true);
    }
    expect((await kernelStatus(session())).path).toBe('kernels');
  });
});
