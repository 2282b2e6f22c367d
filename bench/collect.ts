/**
 * npm run bench:collect — how fast results come back from Spark Connect:
 * spark.range(N) as one double column, and as rows of array<double>[1000],
 * for N up to 10 million values. Prints end-to-end MB/s and rows/s, and the
 * client's own Arrow decode time separately (the rest is the server and the wire).
 */
import { TableBuilder } from '../src/connect/arrow/decode.js';
import { redactConnectUrl, type SparkSession } from '../src/connect/index.js';
import { executePlan } from '../src/connect/transport/execute.js';
import { benchSpark, best, machine, printTable } from './common.js';

interface Run {
  rows: number;
  values: number;
  decodeSeconds: number;
}

async function collect(spark: SparkSession, query: string): Promise<Run> {
  const df = await spark.sql(query);
  const builder = new TableBuilder();
  let decodeNs = 0n;
  for await (const r of executePlan(spark.client, { root: df.relation })) {
    if (r.responseType === 'arrowBatch' && r.arrowBatch?.data) {
      const t0 = process.hrtime.bigint();
      builder.add(r.arrowBatch.data);
      decodeNs += process.hrtime.bigint() - t0;
    }
  }
  const table = builder.build();
  let values = 0;
  const col = table.getChildAt(0)!;
  for (const chunk of col.data) values += chunk.children.length > 0 ? chunk.children[0]!.length : chunk.length;
  return { rows: table.numRows, values, decodeSeconds: Number(decodeNs) / 1e9 };
}

const sizes = (process.env['BENCH_SIZES'] ?? '100000,1000000,10000000').split(',').map(Number);
const { spark, url, close } = await benchSpark();
console.log(`bench:collect against ${redactConnectUrl(url)} (Spark ${spark.version}); ${machine()}`);
const rows: (string | number)[][] = [];
try {
  await collect(spark, 'SELECT CAST(id AS DOUBLE) AS x FROM range(100000)'); // warm-up (JIT, codegen)
  for (const n of sizes) {
    const cases = [
      { shape: 'double column', query: `SELECT CAST(id AS DOUBLE) AS x FROM range(${n})` },
      {
        shape: 'array<double>[1000] rows',
        query: `SELECT transform(sequence(0, 999), k -> CAST(id * 1000 + k AS DOUBLE)) AS v FROM range(${n / 1000})`,
      },
    ];
    for (const c of cases) {
      const r = await best(3, () => collect(spark, c.query));
      if (r.value.values !== n) throw new Error(`${c.shape}: expected ${n} values, got ${r.value.values}`);
      const mb = (n * 8) / 1e6;
      rows.push([c.shape, n, r.value.rows, r.seconds, mb / r.seconds, r.value.rows / r.seconds, r.value.decodeSeconds, mb / r.value.decodeSeconds]);
    }
  }
} finally {
  await close();
}
printTable(['shape', 'values', 'rows', 'seconds', 'MB/s', 'rows/s', 'decode s', 'decode MB/s'], rows);
