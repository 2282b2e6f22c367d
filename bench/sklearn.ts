/**
 * bench:kmeans's comparison of the local engine with scikit-learn on the same records: the
 * notebook's K sweep with KMeans (k-means++, one init, maxIter iterations) and with
 * GaussianMixture (full covariances, k-means start, reg_covar 1e-6, maxIter iterations), K after
 * K, in one process each (ours: this one; scikit-learn: bench/peers/sklearn_cluster.py in the
 * .venv-bench virtualenv, scikit-learn installed there on first use). The records go to the
 * peer as a file of float64. Seeds 1..seeds on both sides (different generators, so the costs
 * compare as averages, not fit by fit); each sweep runs `repeat` times and the fastest counts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/runtime/paths.js';
import { GaussianMixture, KMeans, type Series } from '../src/thunder/index.js';
import { fmt, printTable, time, venv } from './common.js';

export const SKLEARN = 'scikit-learn==1.9.1';

export interface PeerOptions {
  readonly ks: readonly number[];
  readonly maxIter: number;
  readonly seeds: number;
  readonly repeat: number;
  readonly models: readonly ('kmeans' | 'gmm')[];
  /** Threads scikit-learn may use (OpenMP/BLAS); 1 matches our single JavaScript thread. */
  readonly threads: number;
}

/** Per model and K: seconds (fastest sweep's fit) and the mean cost over seeds. */
type Sweep = Map<string, { seconds: number; value: number }>;
const key = (model: string, k: number) => `${model} ${k}`;

async function ours(series: Series, o: PeerOptions): Promise<Sweep> {
  const out: Sweep = new Map();
  for (const model of o.models) {
    let best = Infinity;
    let fits: Map<number, { seconds: number; values: number[] }> | undefined;
    for (let r = 0; r < o.repeat; r++) {
      const run = new Map<number, { seconds: number; values: number[] }>();
      let total = 0;
      for (let seed = 1; seed <= o.seeds; seed++) {
        for (const k of o.ks) {
          const { value, seconds } = await time(async () => {
            if (model === 'kmeans') {
              const m = await new KMeans({ k, seed, maxIter: o.maxIter }).fit(series);
              return m.trainingCost;
            }
            const m = await new GaussianMixture({ k, seed, maxIter: o.maxIter }).fit(series);
            return m.logLikelihood;
          });
          const e = run.get(k) ?? { seconds: 0, values: [] };
          e.seconds += seconds / o.seeds;
          e.values.push(value);
          run.set(k, e);
          total += seconds;
        }
      }
      if (total < best) [best, fits] = [total, run];
    }
    for (const [k, e] of fits!) out.set(key(model, k), { seconds: e.seconds, value: e.values.reduce((a, b) => a + b, 0) / e.values.length });
  }
  return out;
}

function theirs(python: string, file: string, T: number, o: PeerOptions): Sweep | string {
  const threads = String(o.threads);
  const out: Sweep = new Map();
  let best = new Map<string, number>();
  let bestTotal = Infinity;
  const values = new Map<string, number[]>();
  for (let r = 0; r < o.repeat; r++) {
    const p = spawnSync(python, ['-W', 'ignore', join(PACKAGE_ROOT, 'bench', 'peers', 'sklearn_cluster.py'), file, String(T), o.ks.join(','), String(o.maxIter), String(o.seeds), o.models.join(',')], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env: { ...process.env, OMP_NUM_THREADS: threads, OPENBLAS_NUM_THREADS: threads, MKL_NUM_THREADS: threads },
    });
    if (p.status !== 0) return `scikit-learn peer failed: ${(p.stderr || p.stdout).trim().split('\n').slice(-3).join(' | ')}`;
    const rows = p.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, number | string | boolean>);
    const run = new Map<string, number>();
    let total = 0;
    for (const row of rows) {
      if (row['done']) continue;
      const id = key(String(row['model']), Number(row['k']));
      run.set(id, (run.get(id) ?? 0) + Number(row['seconds']) / o.seeds);
      total += Number(row['seconds']);
      if (r === 0) values.set(id, [...(values.get(id) ?? []), Number(row['model'] === 'kmeans' ? row['cost'] : row['logLikelihood'])]);
    }
    if (total < bestTotal) [bestTotal, best] = [total, run];
  }
  for (const [id, seconds] of best) {
    const v = values.get(id)!;
    out.set(id, { seconds, value: v.reduce((a, b) => a + b, 0) / v.length });
  }
  return out;
}

/** Runs both sides on the records of a local Series [n, T] and prints the table with ratios. */
export async function compareWithSklearn(series: Series, o: PeerOptions): Promise<void> {
  const env = venv(join(PACKAGE_ROOT, '.venv-bench'), SKLEARN);
  if ('skip' in env) {
    console.log(`  scikit-learn comparison skipped: ${env.skip}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-sklearn-'));
  try {
    const values = Float64Array.from((await series.impl.toArray()).data);
    const file = join(dir, 'records.f64');
    writeFileSync(file, new Uint8Array(values.buffer));
    const T = series.length;
    const n = values.length / T;
    console.log(`  local engine vs ${SKLEARN} (${o.threads} thread${o.threads === 1 ? '' : 's'}) on ${n} x ${T} records, seeds 1..${o.seeds}, best of ${o.repeat}`);
    const theirSweep = theirs(env.python, file, T, o);
    if (typeof theirSweep === 'string') {
      console.log(`  ${theirSweep}`);
      return;
    }
    const ourSweep = await ours(series, o);
    const rows: (string | number)[][] = [];
    for (const model of o.models) {
      let a = 0;
      let b = 0;
      for (const k of o.ks) {
        const x = ourSweep.get(key(model, k))!;
        const y = theirSweep.get(key(model, k))!;
        a += x.seconds;
        b += y.seconds;
        // KMeans: cost (lower is better); GaussianMixture: log-likelihood (higher is better).
        rows.push([model, k, x.seconds, y.seconds, x.seconds / y.seconds, x.value.toPrecision(7), y.value.toPrecision(7), (x.value / y.value).toFixed(4)]);
      }
      rows.push([model, 'sweep', a, b, a / b, '', '', '']);
      console.log(`  ${model} sweep: ours ${fmt(a)} s, scikit-learn ${fmt(b)} s, ratio ${fmt(a / b)}`);
    }
    printTable(['model', 'K', 'ours s', 'sklearn s', 'ours/sklearn', 'ours cost | logL', 'sklearn cost | logL', 'value ratio'], rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
