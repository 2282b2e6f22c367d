/**
 * Colours whose similarities mirror those of the inputs (Thunder's
 * `optimize`, as the notebook re-implements it): find N colours in [0, 1]³
 * maximizing the Pearson correlation between the colours' pairwise cosine
 * distances and the centres' — both as full N×N matrices flattened, diagonal
 * included, exactly as `squareform(pdist(..., 'cosine')).flatten()`.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { toMatrix } from './arrays.js';
import { minimizeInBox } from './box-lbfgs.js';
import { positiveInteger } from './options.js';
import { seededRandom } from './random.js';
import type { ArrayInput, Rgb } from './types.js';

export interface OptimizeColorsOptions {
  /** Seed of the random starting palettes (default 0): same seed, same colours. */
  seed?: number;
  /** Random starts; the best result wins (default 3; the notebook used 1). */
  restarts?: number;
  /** Iteration cap per start (default 500). */
  maxIterations?: number;
}

/** Row norms below this are treated as zero (cosine distance undefined). */
const TINY = 1e-12;

/** Full n×n cosine-distance matrix of the rows of a row-major `[n, dim]` array, 0 on the diagonal. */
function cosineDistances(data: ArrayLike<number>, n: number, dim: number): { dist: Float64Array; unit: Float64Array; norms: Float64Array } {
  const unit = new Float64Array(n * dim);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += data[i * dim + k]! ** 2;
    const norm = Math.max(Math.sqrt(s), TINY);
    norms[i] = norm;
    for (let k = 0; k < dim; k++) unit[i * dim + k] = data[i * dim + k]! / norm;
  }
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let c = 0;
      for (let k = 0; k < dim; k++) c += unit[i * dim + k]! * unit[j * dim + k]!;
      dist[i * n + j] = dist[j * n + i] = 1 - c;
    }
  }
  return { dist, unit, norms };
}

/** Centred copy and its norm, for Pearson correlations against many candidates. */
function centred(v: Float64Array): { c: Float64Array; norm: number } {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  const c = v.map((x) => x - mean);
  let ss = 0;
  for (const x of c) ss += x * x;
  return { c, norm: Math.sqrt(ss) };
}

/**
 * The criterion 1 − corr(target, D(colors)) and its gradient with respect to
 * the colours. With A, B the centred distance vectors and r = A·B/(|A||B|),
 * ∂r/∂B = A/(|A||B|) − r·B/|B|² (centring drops out because both sum to 0),
 * and ∂(1 − ûᵢ·ûⱼ)/∂uᵢ = −(ûⱼ − (ûᵢ·ûⱼ)ûᵢ)/|uᵢ|.
 */
function criterion(target: { c: Float64Array; norm: number }, n: number) {
  const gradB = new Float64Array(n * n);
  return (x: Float64Array, grad: Float64Array): number => {
    const { dist, unit, norms } = cosineDistances(x, n, 3);
    const B = centred(dist);
    if (B.norm === 0) {
      // All colours parallel (a degenerate start): the correlation is undefined; report the worst value.
      grad.fill(0);
      return 1;
    }
    let ab = 0;
    for (let i = 0; i < n * n; i++) ab += target.c[i]! * B.c[i]!;
    const r = ab / (target.norm * B.norm);
    for (let i = 0; i < n * n; i++) gradB[i] = target.c[i]! / (target.norm * B.norm) - (r * B.c[i]!) / (B.norm * B.norm);
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        // Both (i, j) and (j, i) hold the same distance; f = 1 − r, hence the minus sign.
        const w = -(gradB[i * n + j]! + gradB[j * n + i]!);
        let cos = 0;
        for (let k = 0; k < 3; k++) cos += unit[3 * i + k]! * unit[3 * j + k]!;
        for (let k = 0; k < 3; k++) grad[3 * i + k]! += (w * -(unit[3 * j + k]! - cos * unit[3 * i + k]!)) / norms[i]!;
      }
    }
    return 1 - r;
  };
}

/**
 * Colours for `centers.length` clusters whose pairwise cosine distances
 * correlate best with those of the centres, so similar clusters get similar
 * colours. Minimizes 1 − Pearson correlation from seeded random starts with a
 * box-bounded quasi-Newton method (see box-lbfgs.ts) and returns the best.
 *
 * Shape contract: `centers` is `[k, dim]` with k >= 2 rows of non-zero norm
 * that are not all parallel; returns k colours as [r, g, b] in [0, 1].
 *
 * @throws InvalidArgumentError naming the argument: not 2-D, fewer than two
 *   rows, a zero or non-finite row, all rows parallel, or a bad option.
 */
export function optimizeColors(centers: ArrayInput, opts: OptimizeColorsOptions = {}): Rgb[] {
  const fn = 'optimizeColors';
  const m = toMatrix(centers, `${fn}(centers)`);
  const [n, dim] = m.shape as [number, number];
  if (n < 2) throw new InvalidArgumentError(`${fn}(centers)`, 'at least two rows (one per cluster)', n);
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i]!)) throw new InvalidArgumentError(`${fn}(centers)`, 'finite values', m.data[i]);
  }
  const { dist, norms } = cosineDistances(m.data, n, dim);
  const zero = norms.findIndex((v) => v <= TINY);
  if (zero >= 0) throw new InvalidArgumentError(`${fn}(centers[${zero}])`, 'a row with non-zero norm (cosine distance is undefined for it)', 0);
  const target = centred(dist);
  if (target.norm < 1e-12) throw new InvalidArgumentError(`${fn}(centers)`, 'rows that are not all parallel (their cosine distances are all 0)', n);

  const seed = opts.seed ?? 0;
  if (!Number.isFinite(seed)) throw new InvalidArgumentError(`${fn}(options.seed)`, 'a finite number', seed);
  const restarts = positiveInteger(opts.restarts, `${fn}(options.restarts)`, 3);
  const maxIterations = positiveInteger(opts.maxIterations, `${fn}(options.maxIterations)`, 500);

  const random = seededRandom(seed);
  const fg = criterion(target, n);
  let best: { x: Float64Array; f: number } | undefined;
  for (let r = 0; r < restarts; r++) {
    const start = Float64Array.from({ length: n * 3 }, random);
    const result = minimizeInBox(fg, start, { lower: 0, upper: 1, maxIterations });
    if (!best || result.f < best.f) best = result;
  }
  const x = best!.x;
  return Array.from({ length: n }, (_, i) => [x[3 * i]!, x[3 * i + 1]!, x[3 * i + 2]!] as const);
}
