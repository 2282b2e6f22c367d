/**
 * npm run bench:client — this client side by side with PySpark's own Connect
 * client (pyspark-client, same Spark version) and pyspark-client-rust, on one
 * server in one run. Each peer is installed into a virtualenv the benchmark
 * creates (.venv-bench, .venv-bench-rust); a peer that will not install is skipped with
 * the reason printed. Workloads: collect 10 M doubles; collect 1 M rows of
 * array<double>[20]; upload 100 MB with createDataFrame; N small queries in
 * sequence (latency per query). Best of BENCH_REPEAT (default 3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SparkSession } from '../src/connect/index.js';
import { SPARK_VERSION } from '../src/runtime/index.js';
import { PACKAGE_ROOT } from '../src/runtime/paths.js';
import { benchSpark, best, fmt, machine, printTable } from './common.js';

const REPEAT = Number(process.env['BENCH_REPEAT'] ?? 3);
const QUERIES = Number(process.env['BENCH_QUERIES'] ?? 1000);

interface Result {
  workload: string;
  seconds: number;
  check: number;
}

const WORKLOADS: Record<string, { label: string; mb?: number; perQuery?: boolean }> = {
  doubles: { label: 'collect 10 M doubles', mb: 80 },
  arrays: { label: 'collect 1 M rows of array<double>[20]', mb: 160 },
  upload: { label: 'upload 100 MB (createDataFrame)', mb: 100 },
  small: { label: `${QUERIES} small queries`, perQuery: true },
};

async function ours(spark: SparkSession): Promise<Result[]> {
  await (await spark.sql('SELECT 1')).collect();
  const out: Result[] = [];
  const doubles = await best(REPEAT, async () => (await (await spark.sql('SELECT CAST(id AS DOUBLE) AS x FROM range(10000000)')).toArrow()).numRows);
  out.push({ workload: 'doubles', seconds: doubles.seconds, check: doubles.value });
  const arrays = await best(REPEAT, async () => (await (await spark.sql('SELECT transform(sequence(0, 19), k -> CAST(id * 20 + k AS DOUBLE)) AS v FROM range(1000000)')).toArrow()).numRows);
  out.push({ workload: 'arrays', seconds: arrays.seconds, check: arrays.value });
  let round = 0;
  const upload = await best(REPEAT, async () => {
    round++;
    const values = new Float64Array(12_500_000);
    for (let i = 0; i < values.length; i++) values[i] = (i % 1000) + round * 1e6; // fresh content: the server caches by hash
    const offsets = new Int32Array(12_501);
    for (let r = 0; r < offsets.length; r++) offsets[r] = r * 1000;
    return (await spark.createDataFrame({ v: { values, offsets } })).count();
  });
  out.push({ workload: 'upload', seconds: upload.seconds, check: upload.value });
  const small = await best(1, async () => {
    for (let i = 0; i < QUERIES; i++) await (await spark.sql('SELECT 1 AS one')).collect();
    return QUERIES;
  });
  out.push({ workload: 'small', seconds: small.seconds, check: small.value });
  return out;
}

/** A virtualenv with `pkg` installed, or the reason it could not be made. */
function venv(dir: string, pkg: string): { python: string } | { skip: string } {
  const python = join(dir, 'bin', 'python');
  if (!existsSync(python)) {
    const mk = spawnSync('python3', ['-m', 'venv', dir], { encoding: 'utf8' });
    if (mk.status !== 0) return { skip: `python3 -m venv failed: ${(mk.stderr || mk.stdout).trim().split('\n').at(-1)}` };
  }
  const has = spawnSync(python, ['-m', 'pip', 'show', pkg.split('==')[0]!], { encoding: 'utf8' });
  if (has.status !== 0) {
    console.log(`installing ${pkg} into ${dir} ...`);
    const pip = spawnSync(python, ['-m', 'pip', 'install', '-q', pkg, 'numpy', 'pyarrow', 'pandas'], { encoding: 'utf8' });
    if (pip.status !== 0) return { skip: `pip install ${pkg} failed: ${(pip.stderr || pip.stdout).trim().split('\n').at(-1)}` };
  }
  return { python };
}

function peer(python: string, url: string): Result[] | { skip: string } {
  const r = spawnSync(python, [join(PACKAGE_ROOT, 'bench', 'peers', 'pyspark_bench.py'), url, String(REPEAT), String(QUERIES)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) return { skip: `run failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}` };
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Result);
}

const { spark, url, close } = await benchSpark();
console.log(`bench:client against ${url} (Spark ${spark.version}); ${machine()}; best of ${REPEAT}`);
const columns: { name: string; results: Result[] }[] = [];
const skipped: string[] = [];
try {
  columns.push({ name: 'thunder-connect', results: await ours(spark) });
  for (const [name, pkg, dir] of [
    ['pyspark-client', `pyspark-client==${SPARK_VERSION}`, '.venv-bench'],
    ['pyspark-client-rust', `pyspark-client-rust==${SPARK_VERSION}`, '.venv-bench-rust'],
  ] as const) {
    const env = venv(join(PACKAGE_ROOT, dir), pkg);
    if ('skip' in env) {
      skipped.push(`${name}: ${env.skip}`);
      continue;
    }
    const res = peer(env.python, url);
    if ('skip' in res) skipped.push(`${name}: ${res.skip}`);
    else columns.push({ name, results: res });
  }
} finally {
  await close();
}

const figure = (w: string, r: Result) => {
  const spec = WORKLOADS[w]!;
  return spec.perQuery ? (r.seconds * 1000) / r.check : spec.mb! / r.seconds;
};
const rows = Object.keys(WORKLOADS).map((w) => {
  const spec = WORKLOADS[w]!;
  const cells: (string | number)[] = [`${spec.label} (${spec.perQuery ? 'ms/query' : 'MB/s'})`];
  const oursR = columns[0]!.results.find((r) => r.workload === w)!;
  for (const c of columns) {
    const r = c.results.find((x) => x.workload === w);
    cells.push(r ? figure(w, r) : 'n/a');
  }
  for (const c of columns.slice(1)) {
    const r = c.results.find((x) => x.workload === w);
    // ratio > 1: we are better (higher throughput, or lower latency)
    cells.push(r ? fmt(spec.perQuery ? figure(w, r) / figure(w, oursR) : figure(w, oursR) / figure(w, r)) + 'x' : 'n/a');
  }
  return cells;
});
printTable(['workload', ...columns.map((c) => c.name), ...columns.slice(1).map((c) => `vs ${c.name}`)], rows);
for (const s of skipped) console.log(`skipped ${s}`);
