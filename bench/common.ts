/** Shared by the benchmarks: a Spark to run against, timing, and table printing. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { SparkSession } from '../src/connect/index.js';
import { startSpark, type SparkInstance, type Topology } from '../src/runtime/index.js';

export interface BenchSpark {
  readonly spark: SparkSession;
  readonly url: string;
  close(): Promise<void>;
}

/** SPARK_REMOTE when set, else a fresh server of the given topology (stopped by close()). */
export async function benchSpark(topology: Topology = 'embedded'): Promise<BenchSpark> {
  let instance: SparkInstance | undefined;
  let url = process.env['SPARK_REMOTE'];
  if (!url) {
    instance = await startSpark({ topology, instance: `bench-${topology}`, port: 0, uiPort: 0, masterPort: 0, masterWebUiPort: 0 });
    url = instance.url;
  }
  const spark = await SparkSession.connect(url);
  return {
    spark,
    url,
    close: async () => {
      await spark.stop();
      await instance?.stop();
    },
  };
}

export async function time<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** Best of `repeat` runs (the least disturbed by a shared, noisy machine). */
export async function best<T>(repeat: number, fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  let out: { value: T; seconds: number } | undefined;
  for (let i = 0; i < repeat; i++) {
    const r = await time(fn);
    if (!out || r.seconds < out.seconds) out = r;
  }
  return out!;
}

export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  for (const [n, r] of cells.entries()) {
    console.log(r.map((c, i) => String(c).padStart(widths[i]!)).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1e6) return x.toExponential(2);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export function machine(): string {
  return `${process.platform} ${process.arch}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.versions.node}`;
}

/** A virtualenv with `pkg` installed, or the reason it could not be made. */
export function venv(dir: string, pkg: string): { python: string } | { skip: string } {
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
