/**
 * npm run bench:client — this client side by side with PySpark's own Connect
 * client (pyspark-client, same Spark version) and pyspark-client-rust, on one
 * server in one run. Each peer is installed into a virtualenv the benchmark
 * creates (.venv-bench, .venv-bench-rust) and kept running for the whole
 * benchmark; a peer that will not install or start is skipped with the reason
 * printed. Workloads: collect 10 M doubles; collect 1 M rows of
 * array<double>[20]; upload 100 MB with createDataFrame (+ count); N small
 * queries in sequence (latency per query), once through spark.sql (two round
 * trips for PySpark and us: sql() runs eagerly so that commands take effect
 * and errors surface at once; pyspark-client-rust's sql() is lazy, one round
 * trip) and once through the DataFrame API (one round trip for everyone).
 *
 * Fairness: the server's JIT keeps speeding it up for the first runs, so the
 * server is warmed up first (one untimed pass of every workload), then each
 * round runs every workload on every client, rotating who goes first; each
 * client's best round is reported. Input data is built before the clock
 * starts, for every client alike.
 */
import { join } from 'node:path';
import { redactConnectUrl, type SparkSession } from '../src/connect/index.js';
import { SPARK_VERSION } from '../src/runtime/index.js';
import { PACKAGE_ROOT } from '../src/runtime/paths.js';
import { benchSpark, fmt, machine, printTable, spawnPeer, time, venv } from './common.js';

const ROUNDS = Number(process.env['BENCH_REPEAT'] ?? 3);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 1000);

interface Result {
  workload: string;
  seconds: number;
  check: number;
}

interface BenchClient {
  readonly name: string;
  run(workload: string, round: number): Promise<Result>;
  close(): Promise<void>;
}

const WORKLOADS: Record<string, { label: string; mb?: number; perQuery?: boolean }> = {
  doubles: { label: 'collect 10 M doubles', mb: 80 },
  arrays: { label: 'collect 1 M rows of array<double>[20]', mb: 160 },
  upload: { label: 'upload 100 MB (createDataFrame + count)', mb: 100 },
  small: { label: `${QUERIES} small SQL queries (sql + collect)`, perQuery: true },
  smalldf: { label: `${QUERIES} small DataFrame queries (range(0, 10, 1, 1) + collect)`, perQuery: true },
};

/** 100 MB of list<double> rows, fresh content per round (the server caches uploads by hash). */
function uploadInput(round: number): { values: Float64Array; offsets: Int32Array } {
  const values = new Float64Array(12_500_000);
  for (let i = 0; i < values.length; i++) values[i] = (i % 1000) + round * 1e6;
  const offsets = new Int32Array(12_501);
  for (let r = 0; r < offsets.length; r++) offsets[r] = r * 1000;
  return { values, offsets };
}

function ours(spark: SparkSession): BenchClient {
  const workloads: Record<string, (round: number) => () => Promise<number>> = {
    doubles: () => async () => (await (await spark.sql('SELECT CAST(id AS DOUBLE) AS x FROM range(10000000)')).toArrow()).numRows,
    arrays: () => async () =>
      (await (await spark.sql('SELECT transform(sequence(0, 19), k -> CAST(id * 20 + k AS DOUBLE)) AS v FROM range(1000000)')).toArrow()).numRows,
    upload: (round) => {
      const v = uploadInput(round);
      return async () => (await spark.createDataFrame({ v })).count();
    },
    small: () => async () => {
      for (let i = 0; i < QUERIES; i++) await (await spark.sql('SELECT 1 AS one')).collect();
      return QUERIES;
    },
    smalldf: () => async () => {
      for (let i = 0; i < QUERIES; i++) await spark.range(0, 10, 1, 1).collect();
      return QUERIES;
    },
  };
  return {
    name: 'thunder-connect',
    async run(workload, round) {
      const r = await time(workloads[workload]!(round));
      return { workload, seconds: r.seconds, check: r.value };
    },
    close: async () => undefined,
  };
}

/** A long-lived peer process speaking bench/peers/pyspark_bench.py's line protocol. */
async function peer(name: string, python: string, url: string): Promise<BenchClient> {
  const proc = spawnPeer(name, python, 'pyspark_bench.py', [], { ...process.env, SPARK_REMOTE: url });
  await proc.next(); // {"ready": true}
  return {
    name,
    async run(workload, round) {
      proc.send(`${workload} ${WORKLOADS[workload]!.perQuery ? QUERIES : round}`);
      const r = await proc.next();
      if (typeof r['error'] === 'string') throw new Error(`${name}: ${r['error']}`);
      return r as unknown as Result;
    },
    close: () => proc.close(),
  };
}

const { spark, url, close } = await benchSpark();
console.log(`bench:client against ${redactConnectUrl(url)} (Spark ${spark.version}); ${machine()}; best of ${ROUNDS} interleaved rounds`);
const clients: BenchClient[] = [ours(spark)];
const skipped: string[] = [];
const bestOf = new Map<string, Result>();
try {
  for (const [name, pkg, dir] of [
    ['pyspark-client', `pyspark-client==${SPARK_VERSION}`, '.venv-bench'],
    ['pyspark-client-rust', `pyspark-client-rust==${SPARK_VERSION}`, '.venv-bench-rust'],
  ] as const) {
    const env = venv(join(PACKAGE_ROOT, dir), pkg);
    if ('skip' in env) {
      skipped.push(`${name}: ${env.skip}`);
      continue;
    }
    try {
      clients.push(await peer(name, env.python, url));
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message}`);
    }
  }
  console.log('warming up the server (untimed) ...');
  for (const w of Object.keys(WORKLOADS)) await clients[0]!.run(w, 0);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const w of Object.keys(WORKLOADS)) {
      for (let i = 0; i < clients.length; i++) {
        const c = clients[(i + round) % clients.length]!;
        let r: Result;
        try {
          r = await c.run(w, round);
        } catch (e) {
          skipped.push(`${c.name} ${w}: ${(e as Error).message}`);
          continue;
        }
        const key = `${c.name}/${w}`;
        const prev = bestOf.get(key);
        if (!prev || r.seconds < prev.seconds) bestOf.set(key, r);
      }
    }
    console.log(`round ${round}/${ROUNDS} done`);
  }
} finally {
  for (const c of clients) await c.close().catch(() => undefined);
  await close();
}

const figure = (w: string, r: Result) => {
  const spec = WORKLOADS[w]!;
  return spec.perQuery ? (r.seconds * 1000) / r.check : spec.mb! / r.seconds;
};
const rows = Object.keys(WORKLOADS).map((w) => {
  const spec = WORKLOADS[w]!;
  const cells: (string | number)[] = [`${spec.label} (${spec.perQuery ? 'ms/query' : 'MB/s'})`];
  const oursR = bestOf.get(`${clients[0]!.name}/${w}`);
  for (const c of clients) {
    const r = bestOf.get(`${c.name}/${w}`);
    cells.push(r ? figure(w, r) : 'n/a');
  }
  for (const c of clients.slice(1)) {
    const r = bestOf.get(`${c.name}/${w}`);
    // ratio > 1: we are better (higher throughput, or lower latency)
    cells.push(r && oursR ? fmt(spec.perQuery ? figure(w, r) / figure(w, oursR) : figure(w, oursR) / figure(w, r)) + 'x' : 'n/a');
  }
  return cells;
});
printTable(['workload', ...clients.map((c) => c.name), ...clients.slice(1).map((c) => `vs ${c.name}`)], rows);
for (const s of skipped) console.log(`skipped ${s}`);
