/**
 * The expression kernels (thunder_map / thunder_test / thunder_pair, src/udf/serialize.ts plans
 * evaluated by org.thunderconnect.kernels.expr) against the local engine: every node type, every
 * Series record method, Images maps, filters and reduce, on records with NaN, ±Inf, ±0, constant
 * and length-1 records. Equal bit for bit (NaN = NaN, -0 ≠ +0) except `pow` with a non-integer
 * exponent (V8 uses the C library's pow, the JVM fdlibm's: within 1e-12 relative).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { NDArray, typedArrayFor, type DType } from '../../src/common/ndarray.js';
import { images, series, type Images, type Series } from '../../src/thunder/index.js';
import type { SparkImagesImpl } from '../../src/thunder/spark/images.js';
import { kernelStatus, useKernels } from '../../src/thunder/spark/kernels/install.js';
import { Series as SeriesClass } from '../../src/thunder/series.js';
import type { SparkSeriesImpl } from '../../src/thunder/spark/series.js';
import * as E from '../../src/udf/expr.js';
import { serializePlan } from '../../src/udf/serialize.js';
import { normalize as normalizeExpr } from '../../src/thunder/series-exprs.js';
import { callFunction, col, lit } from '../../src/connect/index.js';
import { Traced } from '../../src/udf/trace.js';
import { useSpark } from '../helpers/spark.js';

const session = useSpark();

afterAll(() => {
  // Leave the session as found for any later use of it in this process.
  try {
    useKernels(session(), true);
  } catch {
    /* session already gone */
  }
});

/** Same values, NaN equal to NaN and -0 distinct from 0; `tol` > 0 allows that relative error. */
function expectEqualValues(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, tol = 0): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Object.is(a, e)) continue;
    if (tol > 0 && Number.isFinite(e) && Math.abs(a - e) <= tol * Math.abs(e)) continue;
    expect(`${what}[${i}] = ${Object.is(a, -0) ? '-0' : a}`).toBe(`${what}[${i}] = ${Object.is(e, -0) ? '-0' : e}`);
  }
}

/** Deterministic pseudo-random numbers (LCG), so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * Records of length T: random, smooth, ±0 and subnormals, constant, one NaN, ±Inf at the ends,
 * integers, very large magnitudes, all zeros (10 records).
 */
function records(T: number, seed = 7): NDArray {
  const rnd = lcg(seed);
  const rows: ((i: number) => number)[] = [
    () => (rnd() - 0.3) * 1000,
    (i) => Math.sin(i * 0.37) * 3 + rnd(),
    (i) => (i % 3 === 0 ? 0 : i % 3 === 1 ? -0 : rnd() * 1e-300),
    () => 7.25,
    (i) => (i === Math.floor(T / 2) ? NaN : rnd() * 10),
    (i) => (i === 0 ? Infinity : i === T - 1 ? -Infinity : rnd() * 100),
    () => Math.floor(rnd() * 70000) - 1000,
    () => (rnd() - 0.5) * 1e12,
    () => 0,
    (i) => (i % 2 === 0 ? -Infinity : rnd()),
  ];
  const data = new Float64Array(rows.length * T);
  rows.forEach((f, r) => {
    for (let i = 0; i < T; i++) data[r * T + i] = f(i);
  });
  return new NDArray(data, [rows.length, T]);
}

interface Pair {
  readonly spark: Series;
  readonly local: Series;
}

async function pairOf(data: NDArray, index?: readonly (number | string)[]): Promise<Pair> {
  const spark = await series.fromArray(data, { engine: session(), npartitions: 2, ...(index ? { index } : {}) });
  const local = await series.fromArray(data, index ? { index } : {});
  return { spark, local };
}

/** Runs `op` on both engines and compares; all ops of a group run concurrently. */
async function expectParity(p: Pair, ops: Record<string, (s: Series) => Series>, tol: Record<string, number> = {}): Promise<void> {
  const names = Object.keys(ops);
  const results = await Promise.all(
    names.map(async (name) => {
      const op = ops[name]!;
      const kernel = op(p.spark);
      const [k, l, plan] = await Promise.all([kernel.toArray(), op(p.local).toArray(), planOf(kernel)]);
      // Every op must go through the expression kernel, or the comparison says nothing about it.
      expect(plan, name).toMatch(/thunder_map/);
      return { name, k, l };
    }),
  );
  for (const { name, k, l } of results) {
    expect(k.shape, name).toEqual(l.shape);
    expect(k.dtype, name).toBe(l.dtype);
    expectEqualValues(k.data, l.data, name, tol[name] ?? 0);
  }
}

async function planOf(x: Series | Images): Promise<string> {
  return (x.impl as SparkSeriesImpl | SparkImagesImpl).df.explain('extended');
}

// 2500: longer than the kernel's 1024-element tiles, with a partial last tile (Program.TILE).
const LENGTHS = [1, 2, 7, 64, 2500];

/** A node applied directly through the engine primitive (no Series sugar in between). */
const node = (expr: E.Expr, len: number, dtype: DType = 'float64') => (s: Series): Series => new SeriesClass(s.impl.mapValues(expr, len, dtype));

describe('expression kernels: setup', () => {
  it('the session runs the kernels', async () => {
    const status = await kernelStatus(session());
    expect(status.path, status.path === 'sql' ? status.reason : '').toBe('kernels');
  });
});

describe('expression kernels: every node type equals the local engine', () => {
  for (const T of LENGTHS) {
    it(`statistics, percentiles, unary and binary nodes (T = ${T})`, async () => {
      const p = await pairOf(records(T));
      const m = (fn: (v: Traced) => Traced) => (s: Series) => s.map(fn);
      await expectParity(p, {
        sum: m((v) => v.sum()),
        mean: m((v) => v.mean()),
        std: m((v) => v.std()),
        var: m((v) => v.var()),
        min: m((v) => v.min()),
        max: m((v) => v.max()),
        median: m((v) => v.median()),
        q0: m((v) => v.percentile(0)),
        q20: m((v) => v.percentile(20)),
        q33: m((v) => v.percentile(33.3)),
        q99: m((v) => v.percentile(99)),
        q100: m((v) => v.percentile(100)),
        unary: m((v) => v.abs().sqrt().log().exp().neg()),
        logRaw: m((v) => v.log()),
        isnan: m((v) => v.isnan()),
        not: m((v) => v.gt(0).not()),
        arith: m((v) => v.add(1).sub(v.mul(2)).div(v.sub(3)).maximum(v.minimum(5))),
        divZero: m((v) => v.div(0)),
        divSelf: m((v) => v.div(v)),
        negZeroDivisor: m((v) => v.div(v.mul(0).neg())),
        pow2: m((v) => v.pow(2)),
        powFrac: m((v) => v.abs().pow(0.37)),
        compare: m((v) => v.gt(0.5).and(v.le(100)).or(v.eq(0)).or(v.ne(v))),
        compareScalar: m((v) => v.ge(v.mean()).or(v.lt(-1))),
        where: m((v) => v.gt(v.mean()).where(v, v.neg())),
        whereBool: m((v) => v.gt(0).where(v.lt(10), v.eq(0))),
        whereScalarCond: m((v) => v.mean().gt(0).where(v.mul(2), 3)),
        clip: m((v) => v.clip(0, 1)),
        element: m((v) => v.at(-1).add(v.at(0))),
        sliceStep: m((v) => v.slice(1, undefined, 2).add(0)),
        emptySliceSum: m((v) => v.slice(T, T).sum()),
        dot: m((v) => v.dot(v)),
        corr: m((v) => v.corr(v.mul(2).add(1))),
        constArray: m((v) => v.mul(Float64Array.from({ length: T }, (_, i) => i - 0.5))),
        // Subtrees without the record (evaluated once per plan by the kernel) mixed with ones that have it.
        constSubtree: m((v) => {
          const c = E.array(Float64Array.from({ length: T }, (_, i) => i * 3.5e8 - 7));
          const folded = E.cast('int32', E.binary('add', E.binary('mul', c, E.constant(2)), E.constant(0.75)));
          return v.add(new Traced(folded)).mul(new Traced(E.binary('div', E.constant(1), E.constant(3))));
        }),
        boolScalar: m((v) => v.max().gt(1)),
      }, { powFrac: 1e-12 });
    });
  }

  it('atan2 through a two-argument node', async () => {
    const T = 7;
    const p = await pairOf(records(T));
    const x = E.input(0, T);
    const expr = E.binary('atan2', x, E.binary('sub', E.constant(2), x));
    await expectParity(p, { atan2: node(expr, T) });
  });

  for (const T of LENGTHS) {
    it(`gather, view, stack, matvec, dft, moving percentiles and casts (T = ${T})`, async () => {
      const p = await pairOf(records(T));
      const x = E.input(0, T);
      const gather = Int32Array.from({ length: 2 * T }, (_, i) => (i * 7) % T);
      const matrix = Float64Array.from({ length: 3 * T }, (_, i) => Math.cos(i) * (i % 4 === 0 ? 0 : 1));
      const ops: Record<string, (s: Series) => Series> = {
        gather: node(E.gather(gather, x), 2 * T),
        view: node(E.view([T], [0], [1], [T], x), T),
        stack: node(E.stack([E.reduce('sum', x), E.constant(4), E.percentile(50, x)]), 3),
        // Boolean results straight from the plan (no where() sugar): 1/0 values.
        boolVector: node(E.binary('gt', x, E.constant(1)), T),
        boolScalar: node(E.binary('le', E.reduce('max', x), E.constant(1)), 1),
        constantsOnly: node(E.stack([E.constant(2), E.constant(-0)]), 2),
        matvec: node(E.matvec(matrix, 3, T, x), 3),
        dftRe: node(E.dft('re', T, x), T),
        dftIm: node(E.dft('im', T, x), T),
        nearest1: node(E.movingPercentile(20, { mode: 'nearest', size: 1 }, x), T),
        nearest4: node(E.movingPercentile(20, { mode: 'nearest', size: 4 }, x), T),
        nearest9: node(E.movingPercentile(75, { mode: 'nearest', size: 9 }, x), T),
        truncate: node(E.movingPercentile(20, { mode: 'truncate', left: 2, right: 3 }, x), T),
        truncateWide: node(E.movingPercentile(50, { mode: 'truncate', left: 40, right: 0 }, x), T),
        // Casts after scaling, so wrap-around and truncation are exercised.
        ...Object.fromEntries(
          (['uint8', 'int16', 'uint16', 'int32', 'float32', 'float16'] as const).map((dt) => [
            `cast-${dt}`,
            (s: Series) => s.map((v) => v.mul(1000.7).sub(3e5), { dtype: dt }),
          ]),
        ),
        astypeBack: (s) => s.astype('int16'),
        // int64 truncates; NaN, ±Inf and huge values (which it refuses) are replaced by 0 first.
        'cast-int64': (s) =>
          s.map((v) => {
            const y = v.mul(1000.7).sub(3e5);
            return y.isnan().or(y.abs().gt(1e15)).where(0, y);
          }, { dtype: 'int64' }),
      };
      await expectParity(p, ops);
    });
  }
});

describe('expression kernels: Series record methods equal the local engine', () => {
  for (const T of LENGTHS) {
    it(`statistics, normalize baselines, center/standardize/zscore/squelch (T = ${T})`, async () => {
      const p = await pairOf(records(T));
      await expectParity(p, {
        center: (s) => s.center(),
        standardize: (s) => s.standardize(),
        zscore: (s) => s.zscore(),
        squelch: (s) => s.squelch(50),
        normPercentile: (s) => s.normalize('percentile'),
        normMean: (s) => s.normalize('mean', { offset: 0 }),
        normWindow: (s) => s.normalize('window', { window: 3, perc: 30 }),
        normWindow6: (s) => s.normalize('window'),
        normWindowExact: (s) => s.normalize('window-exact', { window: 5 }),
        normWindowExact6: (s) => s.normalize('window-exact'),
        clip: (s) => s.clip(0, 50),
        subsample: (s) => s.subsample(2),
        // On one value these keep everything and return the series itself (no expression).
        ...(T > 1
          ? {
              select: (s: Series) => s.select((i) => typeof i === 'number' && i % 3 !== 1),
              between: (s: Series) => s.between(0, T - 1),
            }
          : {}),
      });
    });
  }

  for (const T of [2, 7, 64]) {
    it(`correlate, crosscorr, fourier, convolve, detrend (T = ${T})`, async () => {
      const p = await pairOf(records(T));
      const sig = Array.from({ length: T }, (_, i) => Math.cos(i / 3) + i * 0.01);
      const sig2 = sig.map((v, i) => v * v - i);
      const ops: Record<string, (s: Series) => Series> = {
        correlate: (s) => s.correlate(sig),
        correlateMany: (s) => s.correlate([sig, sig2]),
        crosscorr: (s) => s.crosscorr(sig, Math.min(3, T - 1)),
        convolveFull: (s) => s.convolve([1, -2, 0.5]),
        convolveSame: (s) => s.convolve([1, -2, 0.5], 'same'),
        convolveValid: (s) => s.convolve([1, -2, 0.5], 'valid'),
        detrend: (s) => s.detrend(),
      };
      if (T >= 4) ops['fourier'] = (s) => s.fourier(1);
      if (T > 6) ops['detrendNonlinear'] = (s) => s.detrend('nonlinear', 3);
      await expectParity(p, ops);
    });
  }

  it('by-index and by-window aggregates', async () => {
    const T = 12;
    const index = [3, 1, 1, 2, 3, 3, 0, 2, 1, 0, 0, 3];
    const p = await pairOf(records(T), index);
    await expectParity(p, {
      sumByIndex: (s) => s.sumByIndex(),
      meanByIndex: (s) => s.meanByIndex(),
      medianByIndex: (s) => s.medianByIndex(),
      stdByIndex: (s) => s.stdByIndex(),
      maxByIndex: (s) => s.maxByIndex(),
      minByIndex: (s) => s.minByIndex(),
      countByIndex: (s) => s.countByIndex(),
      aggregateByIndex: (s) => s.aggregateByIndex((g) => g.percentile(80).sub(g.min())),
    });
    const q = await pairOf(records(T));
    await expectParity(q, {
      meanByWindow: (s) => s.meanByWindow([2, 5, 9], 3),
      meanByWindowEven: (s) => s.meanByWindow([4, 6], 4),
      downsample: (s) => s.downsample(3),
      downsample5: (s) => s.downsample(5),
    });
  });

  it('a plan with a large constant matrix (convolve of T = 500) stays correct', async () => {
    const T = 500;
    const p = await pairOf(records(T, 11));
    const signal = Array.from({ length: T }, (_, i) => Math.sin(i) / (1 + i));
    await expectParity(p, {
      full: (s) => s.convolve(signal, 'full'),
      crosscorr: (s) => s.crosscorr(signal, 20),
      detrend: (s) => s.detrend('nonlinear', 4),
    });
  });
});

describe('expression kernels: predicates', () => {
  for (const T of [1, 7, 64]) {
    it(`filter keeps exactly the local engine's records (T = ${T})`, async () => {
      const p = await pairOf(records(T));
      const preds: ((v: Traced) => Traced)[] = [
        (v) => v.std().gt(0.01),
        (v) => v.sum().isnan().not().and(v.max().lt(1e6)),
        (v) => v.percentile(50).ge(v.mean()),
        (v) => v.min().eq(v.max()).or(v.sum().ne(v.sum())),
      ];
      for (const pred of preds) {
        const [k, l] = await Promise.all([p.spark.filter(pred).toArray(), p.local.filter(pred).toArray()]);
        expect(k.shape).toEqual(l.shape);
        expectEqualValues(k.data, l.data, 'filter');
      }
      const kept = p.spark.filter((v) => v.std().gt(0.01));
      expect(await planOf(kept)).toMatch(/thunder_test/);
    });
  }
});

describe('expression kernels: Images', () => {
  /** [n, 4, 5, 3] images of `dtype`, values with a hand formula (NaN/Inf for floats). */
  function stack(dtype: DType): NDArray {
    const n = 5;
    const size = 60;
    const rnd = lcg(3);
    const data = new Float64Array(n * size);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(rnd() * 2000) - (dtype === 'uint8' || dtype === 'uint16' ? 0 : 700);
    if (dtype === 'float32' || dtype === 'float64') {
      data[7] = NaN;
      data[70] = Infinity;
      data[130] = -0;
      for (let i = 180; i < 240; i++) data[i] = 2.5; // a constant image
    }
    const typed = typedArrayFor(dtype, data.length);
    typed.set(data);
    return new NDArray(typed, [n, 4, 5, 3]);
  }

  for (const dtype of ['uint16', 'int16', 'float32', 'float64'] as DType[]) {
    it(`maps, projections, subsample, filter and reduce on ${dtype} images`, async () => {
      const data = stack(dtype);
      const [ks, ls] = await Promise.all([images.fromArray(data, { engine: session(), npartitions: 2 }), images.fromArray(data)]);
      const ops: Record<string, (im: Images) => Images> = {
        maxProjection: (im) => im.maxProjection(2),
        maxProjection0: (im) => im.maxProjection(0),
        sumProjection: (im) => im.map((v) => v.sum()),
        maxMin: (im) => im.maxMinProjection(1),
        subsample: (im) => im.subsample([2, 2, 1]),
        mapLambda: (im) => im.map((v) => v.sub(v.mean()).div(v.std().add(1))),
        mapScalar: (im) => im.map((v) => v.percentile(90)),
        mapDtype: (im) => im.map((v) => v.mul(3), { dtype: 'int16' }),
        subtract: (im) => im.subtract(3.5),
        astype: (im) => im.astype('uint8'),
        clip: (im) => im.clip(10, 900),
        filter: (im) => im.filter((v) => v.mean().gt(900)),
      };
      const results = await Promise.all(
        Object.entries(ops).map(async ([name, op]) => {
          const kernel = op(ks);
          const [k, l, plan] = await Promise.all([kernel.toArray(), op(ls).toArray(), planOf(kernel)]);
          expect(plan, name).toMatch(name === 'filter' ? /thunder_test/ : /thunder_map/);
          return { name, k, l };
        }),
      );
      for (const { name, k, l } of results) {
        expect(k.shape, name).toEqual(l.shape);
        expect(k.dtype, name).toBe(l.dtype);
        expectEqualValues(k.data, l.data, `${dtype} ${name}`);
      }
      const fold = (a: Traced, b: Traced): Traced => a.mul(0.5).add(b).maximum(a.sub(1));
      const [kr, lr] = await Promise.all([ks.reduce(fold), ls.reduce(fold)]);
      expect(kr.shape).toEqual(lr.shape);
      expectEqualValues(kr.data, lr.data, `${dtype} reduce`);
      const sum = await ks.reduce((a, b) => a.add(b));
      expectEqualValues(sum.data, (await ls.reduce((a, b) => a.add(b))).data, `${dtype} reduce sum`);
    });
  }

  it('reduce of a single image returns it as doubles', async () => {
    const data = stack('uint16');
    const one = (await images.fromArray(data, { engine: session() })).slice(0, 1);
    const r = await one.reduce((a, b) => a.add(b));
    expectEqualValues(r.data, Float64Array.from(data.data.subarray(0, 60)), 'single');
  });
});

describe('expression kernels: path selection', () => {
  it('uses thunder_map / thunder_pair when kernels are on, and the SQL text when turned off', async () => {
    const data = records(7);
    const on = await series.fromArray(data, { engine: session() });
    const mapped = on.map((v) => v.sub(v.mean()));
    const planOn = await planOf(mapped);
    expect(planOn).toMatch(/thunder_map/);
    expect(planOn).not.toMatch(/aggregate\(/);
    const imgs = await images.fromArray(new NDArray(Float64Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]), { engine: session() });
    expect(await planOf(imgs.map((v) => v.mul(2)))).toMatch(/thunder_map/);
    useKernels(session(), false);
    try {
      const off = await series.fromArray(data, { engine: session() });
      const planOff = await planOf(off.map((v) => v.sub(v.mean())));
      expect(planOff).not.toMatch(/thunder_/);
      expect(planOff).toMatch(/aggregate/);
      expect(await planOf(off.filter((v) => v.std().gt(0)))).not.toMatch(/thunder_/);
      // Both paths agree on the values.
      expectEqualValues((await off.map((v) => v.sub(v.mean())).toArray()).data, (await mapped.toArray()).data, 'sql vs kernels');
    } finally {
      useKernels(session(), true);
    }
  });

  it('Images.reduce calls thunder_pair (it fails while the function is dropped)', async () => {
    const imgs = await images.fromArray(new NDArray(Float64Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]), { engine: session() });
    await session().sql('DROP TEMPORARY FUNCTION IF EXISTS thunder_pair');
    try {
      await expect(imgs.reduce((a, b) => a.add(b))).rejects.toThrow(/thunder_pair/);
    } finally {
      // Registers the kernels again for data created from now on.
      useKernels(session(), true);
      expect((await kernelStatus(session())).path).toBe('kernels');
    }
    const again = await images.fromArray(new NDArray(Float64Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]), { engine: session() });
    // By hand: image 0 + image 1 = i + (i + 12).
    expectEqualValues((await again.reduce((a, b) => a.add(b))).data, Float64Array.from({ length: 12 }, (_, i) => 2 * i + 12), 'reduce');
  });

  it('a record of the wrong length fails the query with the plan length in the message', async () => {
    const s = await series.fromArray(records(7), { engine: session() });
    const impl = s.impl as SparkSeriesImpl;
    const wrong = impl.mapValues(E.reduce('sum', E.input(0, 5)), 1, 'float64');
    await expect(wrong.toArray()).rejects.toThrow(/traced for 5|5 values/);
  });
});

describe('expression kernels: packed records', () => {
  /** The packed record (spark-kernels core/Chunk) in `bytes`: [count, kind] from its header. */
  const header = (bytes: Uint8Array): [number, number] => {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return [v.getInt32(8, true), v.getUint8(12)];
  };

  it('records on the kernel path are packed, and thunder_unpack gives the local engine values bit for bit', async () => {
    const T = 64;
    const data = records(T, 11);
    const p = await pairOf(data);
    const norm = (s: Series): Series => s.normalize('percentile', { perc: 20 });
    const local = await norm(p.local).toArray();
    const impl = norm(p.spark).impl as SparkSeriesImpl;
    const rows = await impl.df.orderBy('key').select(col('values'), callFunction('thunder_unpack', col('values')).alias('plain')).collect();
    expect(rows).toHaveLength(10);
    rows.forEach((r, i) => {
      const bytes = r['values'] as Uint8Array;
      const [count, kind] = header(bytes);
      expect(count).toBe(T);
      // 16-byte header + the kind's width per value (Chunk.java: f64, f32, i32, i16, u16, u8).
      expect(bytes.byteLength).toBe(16 + [8, 4, 4, 2, 2, 1][kind]! * T);
      // Record 0 holds fractions of all magnitudes, which only doubles keep; record 3 is constant (normalized to 0).
      if (i === 0) expect(kind).toBe(0);
      if (i === 3) expect(kind).toBe(5);
      expectEqualValues(r['plain'] as number[], local.data.subarray(i * T, (i + 1) * T), `record ${i}`);
    });
  });

  it('thunder_pack stores values as a JavaScript typed array of the dtype does, in the narrowest exact element kind', async () => {
    const values = [0, 1.9, -1.9, 255.5, 256, -129, 65535, 65536, 1e10, -0, NaN, Infinity, -Infinity, 3.14159];
    // Strings cast to double keep -0, NaN and ±Inf (a numeric literal -0.0 is a decimal, which has no -0).
    const literal = `array(${values.map((v) => `CAST('${Object.is(v, -0) ? '-0.0' : String(v)}' AS DOUBLE)`).join(', ')})`;
    const ctors = { uint8: Uint8Array, uint16: Uint16Array, int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array } as const;
    for (const [dtype, Ctor] of Object.entries(ctors)) {
      const rows = await session()
        .range(1)
        .selectExpr(`thunder_pack(${literal}, '${dtype}') AS p`)
        .selectExpr('p', 'thunder_unpack(p) AS v')
        .collect();
      const expected = Array.from(Ctor.from(values));
      expectEqualValues(rows[0]!['v'] as number[], expected, `thunder_pack(…, ${dtype})`);
      // Kinds (Chunk.java): 0 f64, 1 f32, 2 i32, 3 i16, 4 u16, 5 u8; the narrowest that holds every value.
      const kind = { uint8: 5, uint16: 4, int16: 3, int32: 2, float32: 1, float64: 0 }[dtype];
      expect(header(rows[0]!['p'] as Uint8Array), dtype).toEqual([values.length, kind]);
    }
  });

  it('raw 8-bit images stay one byte per value on the kernel path', async () => {
    const data = new NDArray(Uint8Array.from({ length: 3 * 20 }, (_, i) => (i * 7) % 256), [3, 4, 5]);
    const imgs = await images.fromArray(data, { engine: session() });
    const rows = await (imgs.impl as SparkImagesImpl).df.orderBy('index').collect();
    for (const r of rows) expect((r['values'] as Uint8Array).byteLength).toBe(16 + 20);
    expect(Array.from((await imgs.toArray()).data)).toEqual(Array.from(data.data));
  });

  it('a malformed or wrong-length packed record fails the query naming it', async () => {
    const plan = lit(serializePlan(E.reduce('sum', E.input(0, 4))));
    const malformed = session().range(1).select(callFunction('thunder_map', lit(new Uint8Array(12)), plan).alias('x'));
    await expect(malformed.collect()).rejects.toThrow(/not a thunder chunk \(12 bytes\)/);
    const five = session().range(1).selectExpr("thunder_pack(array(1.0D, 2.0D, 3.0D, 4.0D, 5.0D), 'float64') AS p").select(callFunction('thunder_map', col('p'), plan).alias('x'));
    await expect(five.collect()).rejects.toThrow(/has 5 values, the plan was traced for 4/);
  });
});

