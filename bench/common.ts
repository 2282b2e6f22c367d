/** Shared by the benchmarks: a Spark to run against, timing, and table printing. */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SparkSession } from '../src/connect/index.js';
import { startSpark, type SparkInstance, type Topology } from '../src/runtime/index.js';
import { PACKAGE_ROOT } from '../src/runtime/paths.js';

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

/** utime + stime of a process from /proc/<pid>/stat (Linux), in seconds; undefined elsewhere. */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesized command name; utime and stime are fields 14 and 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux ABI Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** A peer benchmark process (bench/peers/*.py) that answers every request with JSON lines. */
export interface PeerProcess {
  /** Next JSON line the peer printed (other lines are its chatter); rejects when it exits. */
  next(): Promise<Record<string, unknown>>;
  send(line: string): void;
  /** CPU seconds (user + system, all threads) the peer process has used so far; undefined where /proc is missing. */
  cpuSeconds(): number | undefined;
  /** Sends `quit` and waits for the exit (nothing when it already ended). */
  close(): Promise<void>;
}

export function spawnPeer(name: string, python: string, script: string, args: readonly string[] = [], env?: NodeJS.ProcessEnv): PeerProcess {
  const child: ChildProcessWithoutNullStreams = spawn(python, ['-W', 'ignore', join(PACKAGE_ROOT, 'bench', 'peers', script), ...args], env ? { env } : {});
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async next() {
      for (;;) {
        const { value, done } = await lines.next();
        if (done) throw new Error(`${name} exited: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
        if (value.startsWith('{')) return JSON.parse(value) as Record<string, unknown>;
      }
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    cpuSeconds: () => (child.pid === undefined ? undefined : procCpuSeconds(child.pid)),
    async close() {
      if (child.exitCode !== null) return;
      child.stdin.end('quit\n');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
