/**
 * npm run bench:representation — which column should hold a Series' values on the kernel path:
 * `array<double>` (today's representation, shared with MLlib, `toArray` and the SQL path) or
 * packed little-endian doubles in a `binary` column (no element-by-element conversion at the Java
 * UDF boundary)? On the embedded server, from the benchmark's synthetic stack after toSeries:
 * - pack: array<double> → binary (thunder_pack_doubles), cached and counted (the cost of switching);
 * - normalize (percentile baseline) with the expression kernel, array → array (thunder_map) vs
 *   binary → binary (thunder_map_packed), cached and counted, and the cache's size in memory;
 * - map(std)+filter: count of records whose std > 0.05 (thunder_test reads either column).
 * Best of BENCH_ROUNDS (default 2) per step; BENCH_SIZES (default 7,8).
 */
import { callFunction, col, lit, SparkSession, type DataFrame } from '../src/connect/index.js';
import { startSpark } from '../src/runtime/index.js';
import { kernelStatus } from '../src/thunder/index.js';
import type { SparkSeriesImpl } from '../src/thunder/spark/series.js';
import { normalize } from '../src/thunder/series-exprs.js';
import * as E from '../src/udf/expr.js';
import { serializePlan } from '../src/udf/serialize.js';
import * as S from '../src/udf/sugar.js';
import { fmt, machine, printTable, time } from './common.js';
import { generated, type Size } from './synthetic.js';

const SIZES: Size[] = [
  { exponent: 7, T: 1000, shape: [100, 100] },
  { exponent: 8, T: 1000, shape: [250, 400] },
];
const wanted = new Set((process.env['BENCH_SIZES'] ?? '7,8').split(',').map(Number));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);

const instance = await startSpark({ topology: 'embedded', instance: 'bench-representation', port: 0, uiPort: 0 });
const spark = await SparkSession.connect(instance.url);

/** Bytes of all cached RDDs in memory, from the driver's REST API. */
async function cachedBytes(): Promise<number> {
  const apps = (await (await fetch(`${instance.uiUrl}/api/v1/applications`)).json()) as { id: string }[];
  const rdds = (await (await fetch(`${instance.uiUrl}/api/v1/applications/${apps[0]!.id}/storage/rdd`)).json()) as { memoryUsed: number }[];
  return rdds.reduce((a, r) => a + r.memoryUsed, 0);
}

/** Caches and counts `df`; best time of ROUNDS (uncached between rounds) and the cache's size. */
async function materialized(df: DataFrame): Promise<{ seconds: number; bytes: number }> {
  let best = Infinity;
  let bytes = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const before = await cachedBytes();
    await df.cache();
    best = Math.min(best, (await time(() => df.count())).seconds);
    bytes = (await cachedBytes()) - before;
    if (r < ROUNDS - 1) await df.unpersist();
  }
  return { seconds: best, bytes };
}

async function bestCount(df: DataFrame): Promise<{ seconds: number; count: number }> {
  let best = Infinity;
  let count = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t = await time(() => df.count());
    best = Math.min(best, t.seconds);
    count = t.value;
  }
  return { seconds: best, count };
}

const rows: (string | number)[][] = [];
try {
  if ((await kernelStatus(spark)).path !== 'kernels') throw new Error('the server did not take the kernels');
  console.log(`bench:representation; ${machine()}; best of ${ROUNDS}`);
  for (const size of SIZES.filter((s) => wanted.has(s.exponent))) {
    const ser = generated(spark, size).toSeries().cache();
    const df = (ser.impl as SparkSeriesImpl).df;
    await df.count();
    const norm = lit(serializePlan(normalize(size.T, 'percentile', 20, 6, 0.1)));
    const std = lit(serializePlan(E.binary('gt', S.std(E.input(0, size.T)), E.constant(0.05))));
    const packed = df.select(col('key'), callFunction('thunder_pack_doubles', col('values')).alias('values'));
    const pack = await materialized(packed);
    const label = `1e${size.exponent}`;
    rows.push([label, 'packed binary', 'pack (array → binary)', pack.seconds, pack.bytes / 2 ** 20]);
    for (const [name, input, fn] of [
      ['array<double>', df, 'thunder_map'],
      ['packed binary', packed, 'thunder_map_packed'],
    ] as const) {
      const out = input.select(col('key'), callFunction(fn, col('values'), norm).alias('values'));
      const n = await materialized(out);
      rows.push([label, name, 'normalize', n.seconds, n.bytes / 2 ** 20]);
      const kept = await bestCount(out.filter(callFunction('thunder_test', col('values'), std)));
      rows.push([label, name, `map(std)+filter (kept ${kept.count})`, kept.seconds, '']);
      console.log(`  ${label} ${name}: normalize ${fmt(n.seconds)} s, ${fmt(n.bytes / 2 ** 20)} MiB cached; filter ${fmt(kept.seconds)} s`);
      await out.unpersist();
    }
    await packed.unpersist();
    await (ser.uncache().impl as SparkSeriesImpl).ctx.ready;
  }
} finally {
  await spark.stop();
  await instance.stop();
}
printTable(['values', 'column', 'step', 'seconds', 'cached MiB'], rows);
