/**
 * KMeans on one contiguous Float64Array of records [n, T] (row-major), in this process.
 *
 * - Seeding: greedy k-means++ (each new center is the best of 2 + ⌊ln k⌋ candidates drawn with
 *   probability ∝ D(x)², the one that lowers the total squared distance most — the variant
 *   scikit-learn uses, which reaches lower costs than plain k-means++ in 20 iterations), or k
 *   distinct random records. Deterministic for a seed (mulberry32 from ../../random.ts). The
 *   triangle inequality skips the records a candidate cannot be nearer to.
 * - Iterations: Lloyd's, accelerated with Elkan's bounds (an upper bound to the assigned center
 *   and a lower bound to each center per record; Hamerly's single lower bound when n·k is too
 *   large for that table), which skip most distance computations after the first iterations and
 *   give the assignments of plain Lloyd's. Cluster sums are updated as records change cluster.
 * - Convergence as MLlib: stop when no center moves more than `tol` (Euclidean), or after `maxIter`
 *   iterations (assignment + update each). An empty cluster keeps its center (MLlib's rule).
 * - When the records hold fewer than k distinct values, seeding stops early and fewer centers
 *   come back (as MLlib does).
 * - `fitKMeansAsync` gives the event loop a turn before each Lloyd iteration (./turns.ts), so that
 *   an AbortSignal ends a fit between iterations; `fitKMeans` runs the same steps in one go. Both
 *   compute the same numbers.
 */
import { choosePositions, uniform } from '../../random.js';
import { runSteps, runStepsAsync, type Steps } from './turns.js';

export interface KMeansFitOptions {
  readonly k: number;
  readonly maxIter: number;
  readonly seed: number;
  readonly init: 'k-means++' | 'random';
  readonly tol: number;
}

export interface KMeansFit {
  /** [kOut, T] row-major, kOut ≤ k. */
  readonly centers: Float64Array;
  /** Number of centers (k, or fewer distinct records). */
  readonly k: number;
  /** Nearest center of each record for the returned centers, [n]. */
  readonly labels: Int32Array;
  /** Σ over records of the squared distance to the nearest (returned) center. */
  readonly cost: number;
  /** Lloyd iterations run (≤ maxIter). */
  readonly iterations: number;
}

/** Squared Euclidean distance between row i of `x` and row j of `c` (both with T columns). */
export function sqDist(x: Float64Array, i: number, c: Float64Array, j: number, T: number): number {
  // Four partial sums: shorter dependency chains, fewer loop checks (the hot loop of every fit).
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let a = i * T;
  let b = j * T;
  const end = a + (T & ~3);
  for (; a < end; a += 4, b += 4) {
    const e0 = x[a]! - c[b]!;
    const e1 = x[a + 1]! - c[b + 1]!;
    const e2 = x[a + 2]! - c[b + 2]!;
    const e3 = x[a + 3]! - c[b + 3]!;
    d0 += e0 * e0;
    d1 += e1 * e1;
    d2 += e2 * e2;
    d3 += e3 * e3;
  }
  for (let t = T & ~3; t < T; t++, a++, b++) {
    const e = x[a]! - c[b]!;
    d0 += e * e;
  }
  return d0 + d1 + (d2 + d3);
}

/** Seeds [m, T] and the assignment of every record to its nearest seed. */
export interface Seeds {
  readonly centers: Float64Array;
  /** Nearest seed of each record, [n]. */
  readonly labels: Int32Array;
  /** Squared distance to it, [n]. */
  readonly sqDistances: Float64Array;
}

/**
 * Greedy k-means++ seeds: [m, T] with m ≤ k (m < k only when fewer than k distinct records exist).
 * `x` is [n, T]; the random stream is consumed in a fixed order, so a seed fixes the result.
 */
export function kmeansPlusPlus(x: Float64Array, n: number, T: number, k: number, seed: number): Seeds {
  const random = uniform(seed);
  const trials = 2 + Math.floor(Math.log(k));
  const centers = new Float64Array(k * T);
  const first = Math.min(n - 1, Math.floor(random() * n));
  centers.set(x.subarray(first * T, first * T + T), 0);
  // Squared distance of each record to its nearest seed, and that seed.
  const closest = new Float64Array(n);
  const nearest = new Int32Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) potential += closest[i] = sqDist(x, i, centers, 0, T);
  const cumulative = new Float64Array(n);
  const candidate = new Float64Array(n);
  const best = new Float64Array(n);
  const toSeeds = new Float64Array(k);
  let m = 1;
  for (; m < k; m++) {
    if (!(potential > 0)) break; // every record sits on a seed: no further distinct value
    let acc = 0;
    for (let i = 0; i < n; i++) cumulative[i] = acc += closest[i]!;
    let bestPotential = Infinity;
    let bestIndex = -1;
    for (let c = 0; c < trials; c++) {
      const index = pick(cumulative, random() * acc);
      for (let s = 0; s < m; s++) toSeeds[s] = sqDist(x, index, centers, s, T);
      let p = 0;
      for (let i = 0; i < n; i++) {
        // Triangle inequality: |candidate − seed| ≥ 2·D(x) proves |x − candidate| ≥ D(x).
        let d = closest[i]!;
        if (toSeeds[nearest[i]!]! < 4 * d) d = Math.min(d, sqDist(x, i, x, index, T));
        candidate[i] = d;
        p += d;
      }
      if (p < bestPotential) {
        bestPotential = p;
        bestIndex = index;
        best.set(candidate);
      }
    }
    centers.set(x.subarray(bestIndex * T, bestIndex * T + T), m * T);
    for (let i = 0; i < n; i++) {
      if (best[i]! < closest[i]!) {
        closest[i] = best[i]!;
        nearest[i] = m;
      }
    }
    potential = bestPotential;
  }
  return { centers: m === k ? centers : centers.slice(0, m * T), labels: nearest, sqDistances: closest };
}

/** First index whose cumulative weight exceeds r (binary search; skips zero-weight records). */
function pick(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** k distinct records chosen uniformly, [k, T]. */
export function randomCenters(x: Float64Array, n: number, T: number, k: number, seed: number): Float64Array {
  const centers = new Float64Array(k * T);
  choosePositions(n, k, seed).forEach((p, j) => centers.set(x.subarray(p * T, p * T + T), j * T));
  return centers;
}

/**
 * Record × center bound tables up to this many entries (128 MiB of doubles) use Elkan's bounds
 * (one lower bound per record and center: on the fish data at K = 200 they leave a few hundred
 * distance computations per iteration where Hamerly's single bound leaves thousands); larger
 * problems use Hamerly's, whose memory is O(n).
 */
const ELKAN_MAX_ENTRIES = 1 << 24;

/**
 * Lloyd's iterations from `initial` centers [k, T] (not modified; seeds with their assignment
 * spare the first full assignment), with Elkan's or Hamerly's bounds. The assignments, hence the
 * centers, are those of plain Lloyd's (up to exact distance ties, which plain Lloyd's gives to the
 * lower index). `x` is [n, T]; at most `maxIter` iterations, fewer when no center moves more than
 * `tol`.
 */
export function lloyd(...args: Parameters<typeof lloydSteps>): KMeansFit {
  return runSteps(lloydSteps(...args));
}

/** `lloyd` as steps: it yields before each iteration (assignment + update) and returns the fit. */
function* lloydSteps(
  x: Float64Array,
  n: number,
  T: number,
  initial: Float64Array | Seeds,
  maxIter: number,
  tol: number,
  bounds: 'auto' | 'elkan' | 'hamerly' = 'auto',
): Steps<KMeansFit> {
  const seeds = initial instanceof Float64Array ? undefined : initial;
  const k = (seeds?.centers ?? (initial as Float64Array)).length / T;
  const state = new Centers(x, n, T, seeds?.centers ?? (initial as Float64Array));
  if (seeds) state.labels.set(seeds.labels);
  const elkan = bounds === 'elkan' || (bounds === 'auto' && n * k <= ELKAN_MAX_ENTRIES);
  const assigner = elkan ? new ElkanBounds(state, seeds?.sqDistances) : new HamerlyBounds(state);
  let iterations = 0;
  while (iterations < maxIter) {
    yield;
    iterations++;
    const maxMove = state.update();
    // Assignment also after the last update, so that labels and cost match the returned centers.
    assigner.assign();
    if (maxMove <= tol) break;
  }
  let cost = 0;
  for (let i = 0; i < n; i++) cost += sqDist(x, i, state.centers, state.labels[i]!, T);
  return { centers: state.centers, k, labels: state.labels, cost, iterations };
}

/** Centers, labels and the centers' moves of the last update. */
class Centers {
  readonly k: number;
  readonly centers: Float64Array;
  readonly labels: Int32Array;
  /** Distance each center moved in the last update, [k]. */
  readonly moved: Float64Array;
  /** Distances between centers, [k, k]. */
  readonly between: Float64Array;
  maxMove = 0;
  /** The center that moved most, and the largest move of the others. */
  maxJ = -1;
  secondMove = 0;
  readonly #counts: Float64Array;
  readonly #sums: Float64Array;
  #summed = false;

  constructor(
    readonly x: Float64Array,
    readonly n: number,
    readonly T: number,
    initial: Float64Array,
  ) {
    this.k = initial.length / T;
    this.centers = Float64Array.from(initial);
    this.labels = new Int32Array(n);
    this.moved = new Float64Array(this.k);
    this.between = new Float64Array(this.k * this.k);
    this.#counts = new Float64Array(this.k);
    this.#sums = new Float64Array(this.k * T);
  }

  /** Sums and counts of the records of each center, from the labels (once: moves keep them). */
  #sum(): void {
    const { x, n, T, labels } = this;
    const counts = this.#counts.fill(0);
    const sums = this.#sums.fill(0);
    for (let i = 0; i < n; i++) {
      const j = labels[i]!;
      counts[j]++;
      const o = j * T;
      const a = i * T;
      for (let t = 0; t < T; t++) sums[o + t] += x[a + t]!;
    }
    this.#summed = true;
  }

  /** Record i goes from center `from` to center `to` (label and running sums). */
  relabel(i: number, from: number, to: number): void {
    this.labels[i] = to;
    if (!this.#summed) return;
    const { x, T } = this;
    const sums = this.#sums;
    this.#counts[from]--;
    this.#counts[to]++;
    const a = i * T;
    const f = from * T;
    const g = to * T;
    for (let t = 0; t < T; t++) {
      sums[f + t] -= x[a + t]!;
      sums[g + t] += x[a + t]!;
    }
  }

  /** New centers: means of their records; returns the largest move. */
  update(): number {
    if (!this.#summed) this.#sum();
    const { T, k, centers, moved } = this;
    const counts = this.#counts;
    const sums = this.#sums;
    this.maxMove = 0;
    this.maxJ = -1;
    this.secondMove = 0;
    for (let j = 0; j < k; j++) {
      let m = 0;
      if (counts[j]! > 0) {
        const o = j * T;
        for (let t = 0; t < T; t++) {
          const v = sums[o + t]! / counts[j]!;
          const e = v - centers[o + t]!;
          m += e * e;
          centers[o + t] = v;
        }
      }
      moved[j] = m = Math.sqrt(m);
      if (m > this.maxMove) {
        this.secondMove = this.maxMove;
        this.maxMove = m;
        this.maxJ = j;
      } else if (m > this.secondMove) this.secondMove = m;
    }
    return this.maxMove;
  }

  /** Fills `between` with the center-to-center distances. */
  measureBetween(): void {
    const { k, centers, T, between } = this;
    for (let j = 0; j < k; j++) {
      between[j * k + j] = 0;
      for (let l = j + 1; l < k; l++) between[j * k + l] = between[l * k + j] = Math.sqrt(sqDist(centers, j, centers, l, T));
    }
  }
}

/**
 * Elkan: an upper bound to the assigned center and a lower bound to every center, per record,
 * plus Hamerly's test (a lower bound to the second-nearest center) as a first O(1) filter. The
 * other centers are visited in order of their distance to the assigned one, stopping at the first
 * that is at least twice as far as the record (neither it nor any farther center can be nearer:
 * |x − c_j| ≥ |c_a − c_j| − |x − c_a|), so a record near its center looks at a few of them.
 * Bounds are kept lazily: a bound set when center j had travelled τ_j in total is stored as
 * bound + τ_j (upper: bound − τ_j), and read back against τ_j now (|x − c_now| ≥ |x − c_then| −
 * Σ moves since), so a record proven by its upper bound costs O(1) per iteration and the table is
 * one array of n·k doubles.
 */
class ElkanBounds {
  /** Upper bound to the assigned center − its τ, [n]. */
  readonly #upper: Float64Array;
  /** Lower bound to each center + its τ, [n, k]. */
  readonly #lower: Float64Array;
  /** Lower bound to every center but the assigned one + Σ of the largest moves, [n]. */
  readonly #lowest: Float64Array;
  readonly #half: Float64Array;
  /** Per center, the other centers nearest first, [k, k]. */
  readonly #order: Int32Array;
  /** τ: Σ of each center's moves so far, [k], and Σ of the largest move of each iteration. */
  readonly #travelled: Float64Array;
  #travelledMax = 0;

  constructor(
    readonly c: Centers,
    sqDistances?: Float64Array,
  ) {
    const { n, k, x, T, centers, labels } = c;
    this.#upper = new Float64Array(n);
    this.#lower = new Float64Array(n * k);
    this.#lowest = new Float64Array(n);
    this.#half = new Float64Array(k);
    this.#order = new Int32Array(k * k);
    for (let a = 0; a < k; a++) for (let j = 0; j < k; j++) this.#order[a * k + j] = j;
    this.#travelled = new Float64Array(k);
    if (sqDistances) {
      // Seeds come with exact nearest distances; lower bounds 0 for the others (the center
      // distances prune most of them in the first assignment).
      for (let i = 0; i < n; i++) this.#upper[i] = Math.sqrt(sqDistances[i]!);
      return;
    }
    for (let i = 0; i < n; i++) {
      let d1 = Infinity;
      let d2 = Infinity;
      for (let j = 0; j < k; j++) {
        const d = Math.sqrt(sqDist(x, i, centers, j, T));
        this.#lower[i * k + j] = d;
        if (d < d1) {
          d2 = d1;
          d1 = d;
          labels[i] = j;
        } else if (d < d2) d2 = d;
      }
      this.#upper[i] = d1;
      this.#lowest[i] = d2;
    }
  }

  #measureCenters(): void {
    const { k, between } = this.c;
    this.c.measureBetween();
    const order = this.#order;
    for (let a = 0; a < k; a++) {
      const o = a * k;
      // Insertion sort from the previous order: centers move little between iterations, so the
      // rows are nearly sorted and this costs O(k) per row (ties keep the lower index first).
      for (let r = 1; r < k; r++) {
        const j = order[o + r]!;
        const d = between[o + j]!;
        let q = r - 1;
        while (q >= 0 && (between[o + order[o + q]!]! > d || (between[o + order[o + q]!]! === d && order[o + q]! > j))) {
          order[o + q + 1] = order[o + q]!;
          q--;
        }
        order[o + q + 1] = j;
      }
      // `a` itself (distance 0) sorts first, unless a duplicate center of lower index does.
      this.#half[a] = k > 1 ? 0.5 * between[o + (order[o] === a ? order[o + 1]! : order[o]!)]! : Infinity;
    }
  }

  assign(): void {
    const { n, k, x, T, centers, labels, moved, between, maxMove } = this.c;
    const upper = this.#upper;
    const lower = this.#lower;
    const lowest = this.#lowest;
    const half = this.#half;
    const order = this.#order;
    const travelled = this.#travelled;
    for (let j = 0; j < k; j++) travelled[j] += moved[j]!;
    const travelledMax = (this.#travelledMax += maxMove);
    this.#measureCenters();
    for (let i = 0; i < n; i++) {
      const a0 = labels[i]!;
      const o = i * k;
      const bound = Math.max(half[a0]!, lowest[i]! - travelledMax);
      if (upper[i]! + travelled[a0]! <= bound) continue;
      // A tight upper bound often proves the label alone.
      const u0 = Math.sqrt(sqDist(x, i, centers, a0, T));
      upper[i] = u0 - travelled[a0]!;
      lower[o + a0] = u0 + travelled[a0]!;
      if (u0 <= bound) continue;
      let a = a0;
      let u = u0;
      // The two smallest lower bounds met, to bound the distance to the second-nearest center.
      let m1 = Infinity;
      let j1 = -1;
      let m2 = Infinity;
      let beyond = Infinity;
      for (let r = 0; r < k; r++) {
        const j = order[a0 * k + r]!;
        if (j === a0) continue;
        const cc = between[a0 * k + j]!;
        if (cc >= 2 * u0) {
          beyond = cc - u0; // this center and every later one are at least this far
          break;
        }
        let l = lower[o + j]! - travelled[j]!;
        if (!(u <= l)) {
          l = Math.sqrt(sqDist(x, i, centers, j, T));
          lower[o + j] = l + travelled[j]!;
          if (l < u || (l === u && j < a)) {
            // The previous best becomes one of the others.
            if (u < m1) [m2, m1, j1] = [m1, u, a];
            else if (u < m2) m2 = u;
            a = j;
            u = l;
            continue;
          }
        }
        if (l < m1) [m2, m1, j1] = [m1, l, j];
        else if (l < m2) m2 = l;
      }
      if (a !== a0) this.c.relabel(i, a0, a);
      upper[i] = u - travelled[a]!;
      lowest[i] = Math.min(j1 === a ? m2 : m1, beyond) + travelledMax;
    }
  }
}

/** Hamerly: upper bound to the assigned center, one lower bound to all the others. */
class HamerlyBounds {
  readonly #upper: Float64Array;
  readonly #lower: Float64Array;
  readonly #half: Float64Array;

  constructor(readonly c: Centers) {
    this.#upper = new Float64Array(c.n);
    this.#lower = new Float64Array(c.n);
    this.#half = new Float64Array(c.k);
    for (let i = 0; i < c.n; i++) this.#scan(i);
  }

  /** Exact nearest and second-nearest distance of record i: its label and both bounds. */
  #scan(i: number): void {
    const { k, x, T, centers, labels } = this.c;
    let d1 = Infinity;
    let d2 = Infinity;
    let j1 = 0;
    for (let j = 0; j < k; j++) {
      const d = sqDist(x, i, centers, j, T);
      if (d < d1) {
        d2 = d1;
        d1 = d;
        j1 = j;
      } else if (d < d2) d2 = d;
    }
    if (labels[i] !== j1) this.c.relabel(i, labels[i]!, j1);
    this.#upper[i] = Math.sqrt(d1);
    this.#lower[i] = Math.sqrt(d2);
  }

  assign(): void {
    const { n, k, x, T, centers, labels, moved, maxJ, maxMove, secondMove, between } = this.c;
    const upper = this.#upper;
    const lower = this.#lower;
    const half = this.#half;
    for (let i = 0; i < n; i++) {
      const j = labels[i]!;
      upper[i] += moved[j]!;
      lower[i] -= j === maxJ ? secondMove : maxMove;
    }
    this.c.measureBetween();
    for (let j = 0; j < k; j++) {
      let h = Infinity;
      for (let l = 0; l < k; l++) if (l !== j && between[j * k + l]! < h) h = between[j * k + l]!;
      half[j] = 0.5 * h;
    }
    // Only records whose bounds do not prove their label strictly are measured again.
    for (let i = 0; i < n; i++) {
      const j = labels[i]!;
      const bound = Math.max(half[j]!, lower[i]!);
      if (upper[i]! < bound) continue;
      upper[i] = Math.sqrt(sqDist(x, i, centers, j, T));
      if (upper[i]! < bound) continue;
      this.#scan(i);
    }
  }
}

/** Seeds and iterates (see the file comment). `x` is [n, T] with n ≥ k ≥ 1. */
export function fitKMeans(x: Float64Array, n: number, T: number, o: KMeansFitOptions): KMeansFit {
  return runSteps(fitSteps(x, n, T, o));
}

/**
 * `fitKMeans` with a turn of the event loop before each Lloyd iteration: the seeding runs at the
 * call; `signal` ends the fit between iterations and rejects with its reason (nothing is returned
 * of an aborted fit). Same result as `fitKMeans` for the same arguments.
 */
export function fitKMeansAsync(x: Float64Array, n: number, T: number, o: KMeansFitOptions, signal?: AbortSignal): Promise<KMeansFit> {
  return runStepsAsync(fitSteps(x, n, T, o), signal);
}

function* fitSteps(x: Float64Array, n: number, T: number, o: KMeansFitOptions): Steps<KMeansFit> {
  const initial = o.init === 'random' ? randomCenters(x, n, T, o.k, o.seed) : kmeansPlusPlus(x, n, T, o.k, o.seed);
  return yield* lloydSteps(x, n, T, initial, o.maxIter, o.tol);
}
