/**
 * npm run bench:thunder — the Images/Series pipeline side by side, in one invocation on one machine:
 * - ours, on the kernel path and on the Spark SQL path (two sessions of the same server: the second
 *   forced to SQL with `useKernels(session, false)`), on the embedded server (`local[*]`) and on
 *   the 3-process local cluster;
 * - Thunder 1.4.2 on classic PySpark 4.2.0 (`local[*]`, all cores), from a venv the benchmark
 *   builds itself (.venv-bench-thunder: pinned thunder-python, pyspark, numpy, plus a .pth shim
 *   that lets Thunder's dependency bolt import on Python 3 ≥ 3.10, see
 *   bench/peers/_thunder_py311_compat.py); run once per size, not per topology;
 * - numpy on one core (OMP/OPENBLAS/MKL threads = 1), the same steps on whole arrays.
 *
 * Synthetic uint16 stacks of 10⁶, 10⁷ and 10⁸ values from one deterministic formula (FORMULA).
 * Steps: load, (a) generated on the executors (ours: from `spark.range`, the formula evaluated by
 * the expression kernel on the kernel path and by a SQL lambda on the SQL path; Thunder:
 * `td.images.fromrdd` over an RDD whose records numpy builds on the executors; numpy: arrays) and
 * (b) read from raw binary files written here once before any clock starts (Thunder's frombinary
 * layout: conf.json with shape and dtype, one C-order image per .bin file; ours
 * `images.fromBinary`, Thunder `td.images.frombinary`, numpy `np.fromfile`); the later steps start
 * from (a): toSeries, normalize (percentile baseline, Thunder's default), map(std)+filter (count
 * of records whose std > THRESHOLD), toArray of the std map. Every Spark step is cached and
 * counted so its time is its own; parents stay cached until the end (see sparkRun). Thunder and
 * ours use 12 partitions (spark-conf's default parallelism) for generation and file reading.
 *
 * Printed: seconds per step for every run, ratios (others' seconds ÷ ours-kernels' seconds: > 1
 * means ours-kernels is faster), whether every run agrees (same kept count; std maps equal within
 * 1e-9 relative; binary files decoded as generated), and the driver's peak RSS for ours (which must
 * not grow with the data: the stacks never exist on this driver). Exit code 1 when runs disagree.
 *
 * Environment: BENCH_SIZES (exponents, default 6,7,8), BENCH_TOPOLOGIES (default embedded,cluster),
 * BENCH_PATHS (ours: default kernels,sql), BENCH_PEERS (default thunder,numpy), BENCH_BLOCKS
 * (exponents of the transpose's target block values to compare, e.g. 14,16,18,20; default none),
 * BENCH_LOCAL=1 (also the local engine and the `fromArray` upload, sizes ≤ 10⁷), SPARK_REMOTE (use
 * that server for every topology instead of starting one).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NDArray } from '../src/common/ndarray.js';
import { SparkSession } from '../src/connect/index.js';
import { findJava, SPARK_VERSION, startSpark, type SparkInstance, type Topology } from '../src/runtime/index.js';
import { PACKAGE_ROOT } from '../src/runtime/paths.js';
import { Images, images, type Series } from '../src/thunder/index.js';
import { DEFAULT_PARTITIONS } from '../src/thunder/spark/context.js';
import { kernelStatus, useKernels, type KernelStatus } from '../src/thunder/spark/kernels/install.js';
import { SparkImagesImpl } from '../src/thunder/spark/images.js';
import type { SparkSeriesImpl } from '../src/thunder/spark/series.js';
import { chooseBlockSize, imagesToSeries, imagesToSeriesKernels } from '../src/thunder/spark/transpose.js';
import { fmt, machine, printTable, spawnPeer, time } from './common.js';
import { FORMULA, generated, type Size } from './synthetic.js';

const SIZES: Size[] = [
  { exponent: 6, T: 100, shape: [100, 100] },
  { exponent: 7, T: 1000, shape: [100, 100] },
  { exponent: 8, T: 1000, shape: [250, 400] },
];
const list = (name: string, fallback: string): string[] => (process.env[name] ?? fallback).split(',').map((s) => s.trim()).filter((s) => s !== '');
const wanted = new Set(list('BENCH_SIZES', '6,7,8').map(Number));
const sizes = SIZES.filter((s) => wanted.has(s.exponent));
const topologies = list('BENCH_TOPOLOGIES', 'embedded,cluster') as Topology[];
type Path = 'kernels' | 'sql';
const paths = list('BENCH_PATHS', 'kernels,sql') as Path[];
const peers = list('BENCH_PEERS', 'thunder,numpy');
const blockTargets = list('BENCH_BLOCKS', '').map(Number);
const withLocal = process.env['BENCH_LOCAL'] === '1';
for (const p of paths) if (p !== 'kernels' && p !== 'sql') throw new Error(`BENCH_PATHS: 'kernels' or 'sql', got '${p}'`);
for (const p of peers) if (p !== 'thunder' && p !== 'numpy') throw new Error(`BENCH_PEERS: 'thunder' or 'numpy', got '${p}'`);
if (sizes.length === 0) throw new Error(`BENCH_SIZES: none of ${SIZES.map((s) => s.exponent).join(',')}`);

const LOCAL_MAX_EXPONENT = 7;
const THRESHOLD = 0.05;
const TOLERANCE = 1e-9;
/** Thunder's venv: the versions we compare against, and a numpy that Thunder 1.4.2 and bolt 0.7.1 work with (1.x, their era; 2.x passes this pipeline too). */
const THUNDER_VENV = '.venv-bench-thunder';
const THUNDER_PACKAGES = { 'thunder-python': '1.4.2', pyspark: SPARK_VERSION, numpy: '1.26.4' } as const;

/** uint16 value of image `index` at voxel `v` (C order): per-voxel amplitude, so std varies across voxels. bench/peers/*.py repeat it. */

const STEPS = ['load (generate)', 'load (binary files)', 'toSeries', 'normalize', 'map(std)+filter', 'toArray(std)'] as const;
type Step = (typeof STEPS)[number];
/** The pipeline from (a): every step but the binary load. */
const PIPELINE: readonly Step[] = STEPS.filter((s) => s !== 'load (binary files)');

interface Run {
  readonly engine: string;
  readonly exponent: number;
  readonly seconds: Partial<Record<Step, number>>;
  kept?: number;
  stds?: Float64Array;
  /** Binary files decoded to the generated stack (first image, or all of it for numpy). */
  binaryOk?: boolean;
  rssMB?: number;
  error?: string;
}

const runs: Run[] = [];
const extras: (string | number)[][] = [];
const notes: string[] = [];
/** Kernel-path runs whose session fell back to Spark SQL (marked * in the tables). */
const fellBack = new Set<string>();
const mark = (engine: string): string => (fellBack.has(engine) ? `${engine}*` : engine);
const peakRss = (): number => process.resourceUsage().maxRSS / 1024;

function newRun(engine: string, size: Size): Run {
  const run: Run = { engine, exponent: size.exponent, seconds: {} };
  runs.push(run);
  return run;
}

function stepDone(run: Run, step: Step, seconds: number): void {
  run.seconds[step] = seconds;
  console.log(`  ${run.engine} 1e${run.exponent} ${step}: ${fmt(seconds)} s`);
}

// ---------------------------------------------------------------------------------------------
// Input files, written once before any clock starts.

/** Thunder's frombinary layout: conf.json ({shape, dtype}) and one little-endian C-order image per file, named in order. */
function writeBinaryStack(dir: string, size: Size): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'conf.json'), JSON.stringify({ shape: size.shape, dtype: 'uint16' }));
  const voxels = size.shape[0] * size.shape[1];
  const bytes = new Uint8Array(voxels * 2);
  const view = new DataView(bytes.buffer);
  for (let t = 0; t < size.T; t++) {
    for (let v = 0; v < voxels; v++) view.setUint16(v * 2, FORMULA.js(t, v), true);
    writeFileSync(join(dir, `image-${String(t).padStart(6, '0')}.bin`), bytes);
  }
}

function firstImageOk(first: ArrayLike<number>, voxels: number): boolean {
  if (first.length !== voxels) return false;
  for (let v = 0; v < voxels; v++) if (first[v] !== FORMULA.js(0, v)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Ours.

/** The stack generated by the server: nothing of it exists on the driver. */

function localStack(size: Size): NDArray {
  const voxels = size.shape[0] * size.shape[1];
  const data = new Uint16Array(size.T * voxels);
  for (let t = 0; t < size.T; t++) for (let v = 0; v < voxels; v++) data[t * voxels + v] = FORMULA.js(t, v);
  return new NDArray(data, [size.T, ...size.shape]);
}

/** Caches and counts a Spark-backed collection, so later steps start from memory. */
async function materialize(x: Images | Series): Promise<void> {
  const impl = x.impl as SparkImagesImpl | SparkSeriesImpl;
  await impl.ctx.ready;
  await impl.df.count();
}

async function uncache(x: Images | Series): Promise<void> {
  await (x.uncache().impl as SparkImagesImpl | SparkSeriesImpl).ctx.ready;
}

/** The pipeline on `spark`; `run` undefined: a warm-up, nothing recorded. */
async function sparkRun(spark: SparkSession, size: Size, binDir: string, run?: Run): Promise<void> {
  const voxels = size.shape[0] * size.shape[1];
  const done = (step: Step, seconds: number): void => {
    if (run) stepDone(run, step, seconds);
  };
  const imgs = generated(spark, size).cache();
  done('load (generate)', (await time(() => materialize(imgs))).seconds);
  const fromFiles = await time(async () => {
    const b = (await images.fromBinary(binDir, { engine: spark })).cache();
    await materialize(b);
    return b;
  });
  done('load (binary files)', fromFiles.seconds);
  const first = await fromFiles.value.first();
  await uncache(fromFiles.value);
  const ser = imgs.toSeries().cache();
  done('toSeries', (await time(() => materialize(ser))).seconds);
  const norm = ser.normalize().cache();
  done('normalize', (await time(() => materialize(norm))).seconds);
  // Parents are uncached only at the end: Spark drops the cache of a dependent plan whose buffers
  // it does not see as fully loaded when a parent is uncached, and the next step would then time
  // the whole lineage again.
  const kept = await time(() => norm.filter((v) => v.std().gt(THRESHOLD)).count());
  done('map(std)+filter', kept.seconds);
  const stds = await time(() => norm.map((v) => v.std()).toArray());
  if (stds.value.size !== voxels) throw new Error(`toArray gave ${stds.value.size} values, expected ${voxels}`);
  done('toArray(std)', stds.seconds);
  await uncache(norm);
  await uncache(ser);
  await uncache(imgs);
  if (run) {
    run.kept = kept.value;
    run.stds = Float64Array.from(stds.value.data as ArrayLike<number>);
    run.binaryOk = firstImageOk(first.data as ArrayLike<number>, voxels);
    run.rssMB = peakRss();
    console.log(`  ${run.engine} 1e${size.exponent}: kept ${kept.value} of ${voxels} records; driver peak RSS ${fmt(run.rssMB)} MB`);
  }
}

/** toSeries with other block sizes than the default (cache + count, as the toSeries step). */
async function blockRun(label: string, spark: SparkSession, size: Size): Promise<void> {
  const imgs = generated(spark, size).cache();
  await materialize(imgs);
  const impl = imgs.impl as SparkImagesImpl;
  const voxels = size.shape[0] * size.shape[1];
  for (const e of blockTargets) {
    const block = chooseBlockSize(voxels, size.T, DEFAULT_PARTITIONS, 2 ** e);
    const transpose = impl.ctx.kernels ? imagesToSeriesKernels : imagesToSeries;
    const df = transpose(impl.df, voxels, block, DEFAULT_PARTITIONS);
    const t = await time(async () => {
      await df.cache();
      await df.count();
    });
    await df.unpersist();
    const path = impl.ctx.kernels ? 'kernels' : 'sql';
    extras.push([label, `1e${size.exponent}`, `toSeries (${path}), blocks of 2^${e} values (B=${block})`, t.seconds, peakRss()]);
    console.log(`  ${label} 1e${size.exponent} toSeries (${path}), blocks of 2^${e}: ${fmt(t.seconds)} s`);
  }
  await uncache(imgs);
}

async function uploadRun(label: string, spark: SparkSession, size: Size): Promise<void> {
  const stack = localStack(size);
  const t = await time(async () => {
    const imgs = await images.fromArray(stack, { engine: spark });
    await materialize(imgs.cache());
    await uncache(imgs);
  });
  extras.push([label, `1e${size.exponent}`, 'load (fromArray upload)', t.seconds, peakRss()]);
}

async function localRun(size: Size): Promise<void> {
  const row = (step: string, seconds: number): void => {
    extras.push(['local engine', `1e${size.exponent}`, step, seconds, peakRss()]);
  };
  const stack = localStack(size);
  let imgs: Images | undefined;
  row('load (fromArray)', (await time(async () => (imgs = await images.fromArray(stack)))).seconds);
  let ser: Series | undefined;
  row('toSeries', (await time(async () => (ser = imgs!.toSeries()))).seconds);
  let norm: Series | undefined;
  row('normalize', (await time(async () => (norm = ser!.normalize()))).seconds);
  row('map(std)+filter', (await time(() => norm!.filter((v) => v.std().gt(THRESHOLD)).count())).seconds);
  row('toArray(std)', (await time(() => norm!.map((v) => v.std()).toArray())).seconds);
}

/** Label of ours on `path`: the path the session really took (a kernels session may fall back to SQL). */
function oursLabel(path: Path, topology: Topology): string {
  return `${path}/${topology}`;
}

async function oursOn(topology: Topology, binDirs: Map<number, string>): Promise<void> {
  let instance: SparkInstance | undefined;
  let url = process.env['SPARK_REMOTE'];
  if (!url) {
    instance = await startSpark({ topology, instance: `bench-thunder-${topology}`, port: 0, uiPort: 0, masterPort: 0, masterWebUiPort: 0, workerMemory: '3g' });
    url = instance.url;
  }
  // One session per path on the same server: the path is decided per session, and data keep the
  // path of the session they were made in, so the two can take turns on every size.
  const sessions: { path: Path; spark: SparkSession; status: KernelStatus }[] = [];
  try {
    for (const path of paths) {
      const spark = await SparkSession.connect(url);
      if (path === 'sql') useKernels(spark, false);
      const status = await kernelStatus(spark);
      sessions.push({ path, spark, status });
      const how = status.path === 'kernels' ? `kernels (${status.functions} functions, ${status.jar})` : `Spark SQL (${status.reason})`;
      console.log(`  ${oursLabel(path, topology)}: session on ${how}`);
      if (path === 'kernels' && status.path !== 'kernels') {
        fellBack.add(oursLabel(path, topology));
        notes.push(`* ${oursLabel(path, topology)} ran on the Spark SQL path: ${status.reason}`);
      }
    }
    // Warm-up (JIT, codegen, kernel classes) of every path on the smallest stack, not recorded.
    for (const s of sessions) {
      await sparkRun(s.spark, SIZES[0]!, binDirs.get(SIZES[0]!.exponent)!).catch((e: Error) => {
        console.log(`  ${oursLabel(s.path, topology)} warm-up failed: ${e.message.split('\n')[0]!.slice(0, 300)}`);
      });
    }
    for (const size of sizes) {
      for (const s of sessions) {
        const run = newRun(oursLabel(s.path, topology), size);
        try {
          await sparkRun(s.spark, size, binDirs.get(size.exponent)!, run);
        } catch (e) {
          run.error = (e as Error).message.split('\n')[0]!.slice(0, 300);
          console.log(`  ${run.engine} 1e${size.exponent} failed: ${run.error}`);
        }
      }
    }
    const first = sessions[0]!.spark;
    if (blockTargets.length > 0) for (const size of sizes) await blockRun(`ours/${topology}`, first, size);
    // Uploads last: they build the stack here, which would mask the Spark path's flat RSS.
    if (withLocal) for (const size of sizes.filter((s) => s.exponent <= LOCAL_MAX_EXPONENT)) await uploadRun(`ours/${topology}`, first, size);
  } finally {
    for (const s of sessions) await s.spark.stop().catch(() => undefined);
    await instance?.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Peers: Python processes speaking bench/peers/*_bench.py's line protocol.

/** The Thunder venv, built on first use (pinned packages + the Python 3.11 shim), or why not. */
function thunderVenv(): { python: string } | { skip: string } {
  const dir = join(PACKAGE_ROOT, THUNDER_VENV);
  const python = join(dir, 'bin', 'python');
  const t0 = process.hrtime.bigint();
  let built = false;
  if (!existsSync(python)) {
    built = true;
    const mk = spawnSync('python3', ['-m', 'venv', dir], { encoding: 'utf8' });
    if (mk.status !== 0) return { skip: `python3 -m venv failed: ${(mk.stderr || mk.stdout).trim().split('\n').at(-1)}` };
  }
  // The shim goes into site-packages with a .pth that imports it at every interpreter start
  // (the driver and Spark's Python workers alike); refreshed on every run, it is tiny.
  const site = spawnSync(python, ['-c', "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { encoding: 'utf8' });
  if (site.status !== 0) return { skip: `${python} does not run: ${site.stderr.trim().split('\n').at(-1)}` };
  const sitePackages = site.stdout.trim();
  copyFileSync(join(PACKAGE_ROOT, 'bench', 'peers', '_thunder_py311_compat.py'), join(sitePackages, '_thunder_py311_compat.py'));
  writeFileSync(join(sitePackages, '_thunder_py311_compat.pth'), 'import _thunder_py311_compat\n');
  const check = (): boolean => {
    const probe = 'import json, thunder, pyspark, numpy; print(json.dumps({"thunder-python": thunder.__version__, "pyspark": pyspark.__version__, "numpy": numpy.__version__}))';
    const r = spawnSync(python, ['-W', 'ignore', '-c', probe], { encoding: 'utf8' });
    if (r.status !== 0) return false;
    const got = JSON.parse(r.stdout.trim()) as Record<string, string>;
    return Object.entries(THUNDER_PACKAGES).every(([name, version]) => got[name] === version);
  };
  if (!check()) {
    built = true;
    const pkgs = Object.entries(THUNDER_PACKAGES).map(([name, version]) => `${name}==${version}`);
    console.log(`installing ${pkgs.join(' ')} into ${THUNDER_VENV} ...`);
    const pip = spawnSync(python, ['-m', 'pip', 'install', '-q', ...pkgs], { encoding: 'utf8' });
    if (pip.status !== 0) return { skip: `pip install failed: ${(pip.stderr || pip.stdout).trim().split('\n').at(-1)}` };
    if (!check()) return { skip: `${THUNDER_VENV} does not import thunder ${THUNDER_PACKAGES['thunder-python']}, pyspark ${THUNDER_PACKAGES.pyspark} and numpy ${THUNDER_PACKAGES.numpy}` };
  }
  if (built) console.log(`${THUNDER_VENV} built in ${fmt(Number(process.hrtime.bigint() - t0) / 1e9)} s`);
  return { python };
}

interface PeerAnswer {
  readonly seconds: Partial<Record<Step, number>>;
  readonly done: Record<string, unknown>;
}

interface Peer {
  readonly ready: Record<string, unknown>;
  run(command: Record<string, unknown>, onStep: (step: Step, seconds: number) => void): Promise<PeerAnswer>;
  close(): Promise<void>;
}

async function startPeer(name: string, python: string, script: string, env: NodeJS.ProcessEnv): Promise<Peer> {
  const proc = spawnPeer(name, python, script, [], env);
  const ready = await proc.next();
  return {
    ready,
    async run(command, onStep) {
      proc.send(JSON.stringify(command));
      const seconds: Partial<Record<Step, number>> = {};
      for (;;) {
        const r = await proc.next();
        if (typeof r['error'] === 'string') throw new Error(`${name}: ${r['error']}`);
        if (r['done'] === true) return { seconds, done: r };
        const step = r['step'] as Step;
        seconds[step] = r['seconds'] as number;
        onStep(step, seconds[step]);
      }
    },
    close: () => proc.close(),
  };
}

async function peerRuns(name: string, peer: Peer, binDirs: Map<number, string>, work: string, extra: Record<string, unknown>): Promise<void> {
  const command = (size: Size, out: string) => ({ T: size.T, shape: size.shape, bin: binDirs.get(size.exponent)!, out, threshold: THRESHOLD, npartitions: DEFAULT_PARTITIONS, ...extra });
  // Warm-up on the smallest stack, not recorded (as ours).
  await peer.run(command(SIZES[0]!, join(work, `${name}-warmup.f64`)), () => undefined);
  for (const size of sizes) {
    const run = newRun(name, size);
    const out = join(work, `${name}-1e${size.exponent}.f64`);
    try {
      const r = await peer.run(command(size, out), (step, seconds) => stepDone(run, step, seconds));
      run.kept = r.done['kept'] as number;
      run.binaryOk = (r.done['binaryFirst'] ?? r.done['binaryEqual']) as boolean;
      if (typeof r.done['rssMB'] === 'number') run.rssMB = r.done['rssMB'];
      const bytes = readFileSync(out);
      run.stds = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    } catch (e) {
      run.error = (e as Error).message.split('\n')[0]!.slice(0, 300);
      console.log(`  ${name} 1e${size.exponent} failed: ${run.error}`);
    }
  }
}

/** Environment of a peer: no Spark settings of ours leak into it. */
function peerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['SPARK_HOME', 'SPARK_CONF_DIR', 'SPARK_REMOTE', 'PYSPARK_SUBMIT_ARGS', 'PYTHONPATH']) delete env[k];
  return env;
}

async function thunderPeer(python: string, binDirs: Map<number, string>, work: string): Promise<void> {
  const localDir = join(work, 'spark-local');
  mkdirSync(localDir, { recursive: true });
  const env = peerEnv({ PYSPARK_PYTHON: python, PYSPARK_DRIVER_PYTHON: python, JAVA_HOME: findJava().home, SPARK_LOCAL_IP: '127.0.0.1', PYTHONWARNINGS: 'ignore', BENCH_THUNDER_LOCAL_DIR: localDir });
  const peer = await startPeer('thunder', python, 'thunder_bench.py', env);
  console.log(`thunder: Thunder ${String(peer.ready['thunder'])} on PySpark ${String(peer.ready['spark'])} (${String(peer.ready['master'])}), numpy ${String(peer.ready['numpy'])}`);
  try {
    await peerRuns('thunder', peer, binDirs, work, {});
  } finally {
    await peer.close();
  }
}

async function numpyPeer(python: string, binDirs: Map<number, string>, work: string): Promise<void> {
  const one = '1';
  const env = peerEnv({ OMP_NUM_THREADS: one, OPENBLAS_NUM_THREADS: one, MKL_NUM_THREADS: one, VECLIB_MAXIMUM_THREADS: one, NUMEXPR_NUM_THREADS: one });
  const peer = await startPeer('numpy', python, 'numpy_bench.py', env);
  console.log(`numpy: numpy ${String(peer.ready['numpy'])}, ${String(peer.ready['threads'])} thread`);
  try {
    await peerRuns('numpy', peer, binDirs, work, {});
  } finally {
    await peer.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

function engines(): string[] {
  return [...new Set(runs.map((r) => r.engine))];
}

function find(engine: string, exponent: number): Run | undefined {
  return runs.find((r) => r.engine === engine && r.exponent === exponent && r.error === undefined);
}

function pipelineSeconds(run: Run): number | undefined {
  let sum = 0;
  for (const s of PIPELINE) {
    const x = run.seconds[s];
    if (x === undefined) return undefined;
    sum += x;
  }
  return sum;
}

function secondsOf(run: Run | undefined, step: Step | 'pipeline'): number | undefined {
  if (!run) return undefined;
  return step === 'pipeline' ? pipelineSeconds(run) : run.seconds[step];
}

const ROW_STEPS: readonly (Step | 'pipeline')[] = [...STEPS, 'pipeline'];

function secondsTable(): void {
  const names = engines();
  const rows: (string | number)[][] = [];
  for (const size of sizes) {
    for (const step of ROW_STEPS) {
      rows.push([`1e${size.exponent}`, step === 'pipeline' ? 'pipeline (a → toArray)' : step, ...names.map((n) => secondsOf(find(n, size.exponent), step) ?? 'n/a')]);
    }
    rows.push([`1e${size.exponent}`, 'driver peak RSS MB', ...names.map((n) => (n === 'thunder' ? '—' : (find(n, size.exponent)?.rssMB ?? 'n/a')))]);
  }
  console.log('\nseconds per step (pipeline: every step but the binary load)');
  printTable(['values', 'step', ...names.map(mark)], rows);
}

function ratioTable(): void {
  const kernels = topologies.filter((t) => paths.includes('kernels')).map((t) => oursLabel('kernels', t));
  if (kernels.length === 0) return;
  const columns: { label: string; of: string; over: string }[] = [];
  for (const k of kernels) {
    const topology = k.split('/')[1]!;
    const short = topology === 'embedded' ? 'emb' : topology === 'cluster' ? 'clu' : topology;
    const star = fellBack.has(k) ? '*' : '';
    if (peers.includes('thunder')) columns.push({ label: `thunder ÷ kernels/${short}${star}`, of: 'thunder', over: k });
    if (peers.includes('numpy')) columns.push({ label: `numpy ÷ kernels/${short}${star}`, of: 'numpy', over: k });
    if (paths.includes('sql')) columns.push({ label: `sql ÷ kernels/${short}${star}`, of: oursLabel('sql', topology as Topology), over: k });
  }
  const rows: (string | number)[][] = [];
  for (const size of sizes) {
    for (const step of ROW_STEPS) {
      rows.push([
        `1e${size.exponent}`,
        step === 'pipeline' ? 'pipeline (a → toArray)' : step,
        ...columns.map((c) => {
          const a = secondsOf(find(c.of, size.exponent), step);
          const b = secondsOf(find(c.over, size.exponent), step);
          return a !== undefined && b !== undefined && b > 0 ? `${fmt(a / b)}×` : 'n/a';
        }),
      ]);
    }
  }
  console.log('\nratios: their seconds ÷ ours-kernels seconds (> 1: ours-kernels faster)');
  printTable(['values', 'step', ...columns.map((c) => c.label)], rows);
}

/** Every run of a size against the first one (numpy when it ran: the independent reference). */
function agreement(): boolean {
  let ok = true;
  console.log('\nagreement');
  for (const size of sizes) {
    const all = runs.filter((r) => r.exponent === size.exponent);
    for (const r of all.filter((r) => r.error !== undefined)) {
      ok = false;
      console.log(`  1e${size.exponent} ${r.engine}: FAILED (${r.error})`);
    }
    const done = all.filter((r) => r.error === undefined && r.stds !== undefined);
    const ref = done.find((r) => r.engine === 'numpy') ?? done[0];
    if (!ref) continue;
    const problems: string[] = [];
    let worst = 0;
    for (const r of done) {
      if (r.kept !== ref.kept) problems.push(`${r.engine} kept ${r.kept}, ${ref.engine} ${ref.kept}`);
      if (r.binaryOk !== true) problems.push(`${r.engine} decoded the binary files differently from the generated stack`);
      if (r === ref) continue;
      if (r.stds!.length !== ref.stds!.length) {
        problems.push(`${r.engine} std map has ${r.stds!.length} values, ${ref.engine} ${ref.stds!.length}`);
        continue;
      }
      for (let i = 0; i < ref.stds!.length; i++) {
        const a = r.stds![i]!;
        const b = ref.stds![i]!;
        const rel = Math.abs(a - b) / Math.max(1, Math.abs(b));
        if (!(rel <= TOLERANCE)) {
          problems.push(`${r.engine} std[${i}] = ${a}, ${ref.engine} ${b}`);
          break;
        }
        worst = Math.max(worst, rel);
      }
    }
    if (problems.length > 0) {
      ok = false;
      for (const p of problems) console.log(`  1e${size.exponent} DISAGREE: ${p}`);
    } else {
      console.log(
        `  1e${size.exponent}: ${done.length} runs agree (${done.map((r) => r.engine).join(', ')}): kept ${ref.kept} of ${ref.stds!.length}; std maps within ${fmt(worst)} of ${ref.engine} (tolerance ${TOLERANCE}); binary files decoded as generated`,
      );
    }
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------

console.log(`bench:thunder; ${machine()}; sizes ${sizes.map((s) => `1e${s.exponent}`).join(',')}; topologies ${topologies.join(',')}; paths ${paths.join(',')}; peers ${peers.join(',') || 'none'}`);
const work = mkdtempSync(join(tmpdir(), 'thunder-bench-'));
try {
  const binDirs = new Map<number, string>();
  for (const size of new Set([SIZES[0]!, ...sizes])) {
    const dir = join(work, `binary-1e${size.exponent}`);
    writeBinaryStack(dir, size);
    binDirs.set(size.exponent, dir);
  }
  for (const topology of topologies) {
    console.log(`ours on ${topology}:`);
    await oursOn(topology, binDirs);
  }
  if (peers.length > 0) {
    const env = thunderVenv();
    if ('skip' in env) {
      notes.push(`peers skipped: ${env.skip}`);
      console.log(`peers skipped: ${env.skip}`);
    } else {
      if (peers.includes('thunder')) await thunderPeer(env.python, binDirs, work).catch((e: Error) => notes.push(`thunder: ${e.message}`));
      if (peers.includes('numpy')) await numpyPeer(env.python, binDirs, work).catch((e: Error) => notes.push(`numpy: ${e.message}`));
    }
  }
  if (withLocal) {
    console.log('local engine:');
    for (const size of sizes.filter((s) => s.exponent <= LOCAL_MAX_EXPONENT)) await localRun(size);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

secondsTable();
ratioTable();
if (extras.length > 0) {
  console.log('');
  printTable(['engine', 'values', 'step', 'seconds', 'peak RSS MB'], extras);
}
const agree = agreement();
for (const n of notes) console.log(`note: ${n}`);
if (!agree) process.exitCode = 1;
