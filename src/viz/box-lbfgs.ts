/**
 * Minimization under box bounds by projected L-BFGS, in the spirit of
 * L-BFGS-B (which the notebook called through scipy): variables held at a
 * bound by their gradient are frozen, the quasi-Newton step is taken in the
 * free ones, and a backtracking (Armijo) search runs along the projected path.
 * Deterministic: no randomness, so results depend only on the start point.
 */

/** Writes the gradient at `x` into `grad` and returns the objective. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

export interface BoxOptions {
  lower: number;
  upper: number;
  /** Iteration cap (default 500). */
  maxIterations?: number;
  /** Stop when the projected gradient's largest component is below this (default 1e-6, scipy's pgtol is 1e-5). */
  gradientTolerance?: number;
  /** Stop when an iteration lowers f by less than this, relative (default 2.2e-9, scipy's factr·eps). */
  relativeTolerance?: number;
  /** Correction pairs kept (default 10, scipy's maxcor). */
  memory?: number;
}

export interface BoxResult {
  x: Float64Array;
  f: number;
  iterations: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function minimizeInBox(fg: ObjectiveWithGradient, start: Float64Array, opts: BoxOptions): BoxResult {
  const { lower, upper } = opts;
  const maxIterations = opts.maxIterations ?? 500;
  const gtol = opts.gradientTolerance ?? 1e-6;
  const ftol = opts.relativeTolerance ?? 2.2e-9;
  const memory = opts.memory ?? 10;
  const n = start.length;
  const clip = (v: number): number => (v < lower ? lower : v > upper ? upper : v);

  let x = start.map(clip);
  let g = new Float64Array(n);
  let f = fg(x, g);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const rhos: number[] = [];
  const free = new Uint8Array(n);
  const d = new Float64Array(n);
  const alpha = new Float64Array(memory);
  let iterations = 0;

  for (; iterations < maxIterations; iterations++) {
    let pg = 0;
    for (let i = 0; i < n; i++) {
      pg = Math.max(pg, Math.abs(x[i]! - clip(x[i]! - g[i]!)));
      free[i] = (x[i]! <= lower && g[i]! > 0) || (x[i]! >= upper && g[i]! < 0) ? 0 : 1;
    }
    if (pg < gtol) break;

    // Two-loop recursion on the free variables' gradient.
    for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
    for (let k = ss.length - 1; k >= 0; k--) {
      alpha[k] = rhos[k]! * dot(ss[k]!, d);
      const y = ys[k]!;
      for (let i = 0; i < n; i++) d[i]! -= alpha[k]! * y[i]!;
    }
    if (ss.length > 0) {
      const last = ss.length - 1;
      const gamma = dot(ss[last]!, ys[last]!) / dot(ys[last]!, ys[last]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let k = 0; k < ss.length; k++) {
      const beta = rhos[k]! * dot(ys[k]!, d);
      const s = ss[k]!;
      for (let i = 0; i < n; i++) d[i]! += (alpha[k]! - beta) * s[i]!;
    }
    for (let i = 0; i < n; i++) if (!free[i]) d[i] = 0;
    if (dot(d, g) >= 0) {
      // Not a descent direction (stale curvature): fall back to steepest descent.
      ss.length = ys.length = rhos.length = 0;
      for (let i = 0; i < n; i++) d[i] = free[i] ? -g[i]! : 0;
    }

    let step = ss.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++, step *= 0.5) {
      for (let i = 0; i < n; i++) xNew[i] = clip(x[i]! + step * d[i]!);
      fNew = fg(xNew, gNew);
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += g[i]! * (xNew[i]! - x[i]!);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
    }
    if (!accepted) break;

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (ss.length === memory) {
        ss.shift();
        ys.shift();
        rhos.shift();
      }
      ss.push(s);
      ys.push(y);
      rhos.push(1 / sy);
    }
    const done = f - fNew <= ftol * Math.max(Math.abs(f), Math.abs(fNew), 1);
    x = xNew;
    g = gNew;
    f = fNew;
    if (done) break;
  }
  return { x, f, iterations };
}
