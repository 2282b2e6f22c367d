/**
 * Spark-engine specifics: the block transpose on sizes that blocks do not divide, its plan (one
 * shuffle, nothing collected), the workers' binaryFile path (bit-exact against the driver's
 * decoders, including NaN/±Inf/-0/subnormals), and NaN/±Inf statistics equal to the local engine.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NDArray } from '../../src/common/ndarray.js';
import { images, series, type Images, type Series } from '../../src/thunder/index.js';
import type { SparkImagesImpl } from '../../src/thunder/spark/images.js';
import { useKernels } from '../../src/thunder/spark/kernels/install.js';
import { SparkSeriesImpl } from '../../src/thunder/spark/series.js';
import { chooseBlockSize, imagesToSeries, seriesToImages } from '../../src/thunder/spark/transpose.js';
import { compileSparkSql } from '../../src/udf/spark-sql.js';
import { trace, type Traced } from '../../src/udf/trace.js';
import { useSpark } from '../helpers/spark.js';
import { tempDir } from './cases/helpers.js';
import { expectIdentical } from '../helpers/arrays.js';

const session = useSpark();

/** The Spark SQL plans these blocks inspect take array records: Images/Series made inside them take the SQL path. */
function onSqlPath(): void {
  beforeAll(() => useKernels(session(), false));
  afterAll(() => useKernels(session(), true));
}

/** Deterministic uint16 stack of [n, ...shape]: value = (7 t + 13 v) mod 65536 (hand formula). */
function stack(n: number, shape: number[]): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Uint16Array(n * size);
  for (let t = 0; t < n; t++) for (let v = 0; v < size; v++) data[t * size + v] = (7 * t + 13 * v * 977) % 65536;
  return new NDArray(data, [n, ...shape]);
}

describe('block transpose', () => {
  onSqlPath();
  it('chooses blocks of about 2^18 values that still give every partition several blocks', () => {
    expect(chooseBlockSize(13224, 20, 12)).toBe(276);
    expect(chooseBlockSize(100_000, 1000, 12)).toBe(262);
    expect(chooseBlockSize(10, 5, 12)).toBe(1);
  });

  it('round-trips sizes that the blocks do not divide, for several block sizes', async () => {
    const data = stack(7, [5, 13]);
    const imgs = await images.fromArray(data, { engine: session(), npartitions: 3 });
    const impl = imgs.impl as SparkImagesImpl;
    // series[v, t] = images[t, v], by hand.
    const expected = new Float64Array(65 * 7);
    for (let t = 0; t < 7; t++) for (let v = 0; v < 65; v++) expected[v * 7 + t] = data.data[t * 65 + v]!;
    for (const block of [1, 4, 64, 65, 100]) {
      const df = imagesToSeries(impl.df, 65, block, 3);
      const ser = SparkSeriesImpl.fromDataFrame(session(), df, { length: 7, baseShape: [5, 13], dtype: 'uint16' });
      const arr = await ser.toArray();
      expect(arr.shape).toEqual([5, 13, 7]);
      expectIdentical(arr.data, expected);
      const back = seriesToImages((ser.impl as SparkSeriesImpl).df, 7, block, 'uint16');
      const again = SparkSeriesImpl.fromDataFrame(session(), back.withColumnRenamed('index', 'key'), { length: 65, baseShape: [7], dtype: 'uint16' });
      expectIdentical((await again.toArray()).data, data.data);
    }
  });

  it('toSeries has exactly one shuffle more than its images and collects nothing', async () => {
    const imgs = await images.fromArray(stack(6, [4, 9]), { engine: session() });
    const exchanges = async (x: Images | Series): Promise<number> => {
      const plan = await (x.impl as SparkImagesImpl | SparkSeriesImpl).df.explain('formatted');
      return (plan.match(/^\(\d+\) Exchange/gm) ?? []).length;
    };
    const ser = imgs.toSeries();
    expect((await exchanges(ser)) - (await exchanges(imgs))).toBe(1);
    const plan = await (ser.impl as SparkSeriesImpl).df.explain('formatted');
    expect(plan).not.toMatch(/CollectLimit|TakeOrderedAndProject|Window/);
    expect(plan).toMatch(/LocalTableScan|LocalRelation/);
  });

  it('toImages after a filter renumbers the surviving records', async () => {
    const ser = await series.fromArray([[1, 2], [3, 4], [5, 6], [7, 8]], { engine: session() });
    const kept = ser.filter((v) => v.sum().gt(5));
    expect(await kept.count()).toBe(3);
    const imgs = await kept.toImages().toArray();
    expect(Array.from(imgs.data)).toEqual([3, 5, 7, 4, 6, 8]);
  });
});

describe('compiled lambdas on the optimizer', () => {
  onSqlPath();
  /** The optimized plan's text (explain prints it too). */
  const optimized = async (x: { impl: unknown }): Promise<string> => {
    const text = await (x.impl as SparkSeriesImpl).df.explain('extended');
    return text.split('== Optimized Logical Plan ==')[1]!.split('== Physical Plan ==')[0]!;
  };
  const meanInLambda = /lambdafunction\(\(lambda _x\d+#\d+ - \(aggregate\(values/;

  it('staged projections get the mean inlined into the per-element lambda; the single expression does not', async () => {
    const ser = await series.fromArray([[1, 2, 3, 4], [2, 4, 6, 9]], { engine: session() });
    const zscore = trace(((v: Traced) => v.sub(v.mean()).div(v.std())) as (...r: Traced[]) => unknown, [4], 'map');
    const p = compileSparkSql(zscore, { inputs: 'values', output: 'values' });
    let df = (ser.impl as SparkSeriesImpl).df;
    for (const stage of p.stages) df = df.selectExpr('*', ...Object.entries(stage).map(([k, v]) => `${v} AS ${k}`));
    const staged = SparkSeriesImpl.fromDataFrame(session(), df.selectExpr('key', `${p.result} AS values`), { length: 4, baseShape: [2] });
    // CollapseProject: _s0 is referenced once by the next projection, so aggregate(values) moves into the lambda (O(T²)).
    expect(await optimized(staged)).toMatch(meanInLambda);
    const single = ser.zscore();
    expect(await optimized(single)).not.toMatch(meanInLambda);
    expect(Array.from((await single.toArray()).data)).toEqual(Array.from((await staged.toArray()).data));
  });
});

describe('files read by the workers (binaryFile)', () => {
  const special = [0, -0, 1.5, -2.25, Number.NaN, Infinity, -Infinity, 5e-324, -1e-310, 1.7976931348623157e308, 2 ** -1022, 3.141592653589793];

  it('decodes float64, float32, int16, uint16, int32 and uint8 images bit for bit', async () => {
    const cases: NDArray[] = [
      new NDArray(Float64Array.from(special), [2, 2, 3]),
      new NDArray(Float32Array.from(special), [2, 2, 3]),
      new NDArray(Int16Array.from([-32768, -1, 0, 1, 32767, -300, 12, 7]), [2, 2, 2]),
      new NDArray(Uint16Array.from([0, 1, 65535, 32768, 255, 256, 4096, 9]), [2, 2, 2]),
      new NDArray(Int32Array.from([-2147483648, -1, 0, 1, 2147483647, 65536, -65537, 3]), [2, 2, 2]),
      new NDArray(Uint8Array.from([0, 1, 127, 128, 254, 255, 3, 4]), [2, 2, 2]),
    ];
    for (const data of cases) {
      const dir = join(await tempDir(), 'bin');
      await (await images.fromArray(data)).toBinary(dir);
      const onWorkers = await images.fromBinary(dir, { engine: session(), readOn: 'workers' });
      expect(onWorkers.dtype).toBe(data.dtype);
      expectIdentical((await onWorkers.toArray()).data, data.data);
    }
  });

  it('reads Fortran-ordered images, keyed and plain binary series like the driver does', async () => {
    const mouse = join(process.cwd(), 'data', 'mouse', 'images');
    const opts = { order: 'F' as const, stop: 5 };
    const workers = await images.fromBinary(mouse, { ...opts, engine: session(), readOn: 'workers' });
    const local = await images.fromBinary(mouse, opts);
    expectIdentical((await workers.toArray()).data, (await local.toArray()).data);
    const fish = join(process.cwd(), 'data', 'fish', 'series');
    const keyed = await series.fromBinary(fish, { engine: session(), readOn: 'workers' });
    expect(keyed.shape).toEqual([76, 87, 2, 240]);
    expectIdentical((await keyed.between(0, 3).toArray()).data, (await (await series.fromBinary(fish)).between(0, 3).toArray()).data);
    const dir = await tempDir();
    const values = new NDArray(Int16Array.from([-5, 4, 3, -2, 1, 0]), [3, 2]);
    await writeFile(join(dir, 'series-00000.bin'), new Uint8Array(values.data.buffer));
    await writeFile(join(dir, 'conf.json'), JSON.stringify({ shape: [3, 2], dtype: 'int16' }));
    const plain = await series.fromBinary(dir, { engine: session(), readOn: 'workers' });
    expect(plain.shape).toEqual([3, 2]);
    expectIdentical((await plain.toArray()).data, values.data);
  });
});

describe('NaN and ±Inf statistics equal the local engine', () => {
  const rows = [[1, Number.NaN, 3, -0], [Infinity, 1, 2, 2], [-Infinity, Infinity, 0, 1], [4, 4, 4, 4], [0, -1, 5e-324, 2]];
  const stats = [
    (s: Series) => s.map((v) => v.mean()),
    (s: Series) => s.map((v) => v.std()),
    (s: Series) => s.map((v) => v.max()),
    (s: Series) => s.map((v) => v.min()),
    (s: Series) => s.map((v) => v.percentile(30)),
    (s: Series) => s.zscore(),
    (s: Series) => s.normalize(),
    (s: Series) => s.mean(),
    (s: Series) => s.std(),
    (s: Series) => s.var(),
    (s: Series) => s.sum(),
    (s: Series) => s.max(),
    (s: Series) => s.min(),
  ];

  it('within and across records', async () => {
    const spark = await series.fromArray(rows, { engine: session() });
    const local = await series.fromArray(rows);
    for (const [i, f] of stats.entries()) {
      const a = await f(spark).toArray();
      const b = await f(local).toArray();
      expect(a.shape, `statistic ${i}`).toEqual(b.shape);
      const close = Array.from(a.data, (x, k) => (Number.isFinite(x) && Math.abs(x - b.data[k]!) < 1e-12 * Math.max(1, Math.abs(x)) ? b.data[k]! : x));
      expectIdentical(close, b.data);
    }
    expect(await spark.filter((v) => v.std().ge(0)).count()).toBe(await local.filter((v) => v.std().ge(0)).count());
  });
});

describe('record checks raised on the executors', () => {
  it('come back as the InvalidArgumentError they encode, also when Spark breaks the encoded value into lines', async () => {
    const { raiseArgumentErrorSql, withFileErrors } = await import('../../src/thunder/spark/file-errors.js');
    const { InvalidArgumentError } = await import('../../src/common/errors.js');
    // 200 characters: Spark's base64() of it spans several 76-character lines.
    const long = 'record with key 12345 holds '.padEnd(200, 'x');
    const df = session().sql(`SELECT ${raiseArgumentErrorSql('values', 'finite numbers', `'${long}'`)} AS v`);
    const err = await withFileErrors((await df).collect()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InstanceType<typeof InvalidArgumentError>).argument).toBe('values');
    // The message quotes the value shortened, so its start and the rule are what it must show.
    expect((err as Error).message).toMatch(/^values: expected finite numbers, got "record with key 12345 holds x+/);
  });
});
