import { describe, expect, it } from 'vitest';
import { optimizeColors } from '../../src/viz/index.js';
import { minimizeInBox } from '../../src/viz/box-lbfgs.js';
import { expectInvalid } from './helpers.js';
import { pearson } from '../helpers/stats.js';

/** scipy's squareform(pdist(m, 'cosine')).flatten(), written out. */
function cosineSquare(m: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const a of m) {
    for (const b of m) {
      if (a === b) {
        out.push(0);
        continue;
      }
      let ab = 0;
      let aa = 0;
      let bb = 0;
      a.forEach((_, k) => {
        ab += a[k]! * b[k]!;
        aa += a[k]! ** 2;
        bb += b[k]! ** 2;
      });
      out.push(1 - ab / Math.sqrt(aa * bb));
    }
  }
  return out;
}

/** The notebook's objective: 1 - corrcoef(distMat(centers), distMat(colors)). */
function criterion(centers: readonly (readonly number[])[], colors: readonly (readonly number[])[]): number {
  return 1 - pearson(cosineSquare(centers), cosineSquare(colors));
}

/** A small LCG, independent of the library's generator. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Synthetic "cluster centres": 12 noisy mixtures of 3 time courses of length 20. */
function syntheticCenters(): number[][] {
  const rnd = lcg(7);
  const bases = [0, 1, 2].map((b) => Array.from({ length: 20 }, (_, t) => Math.sin((t + 1) * (b + 1) * 0.4) + 1.2));
  return Array.from({ length: 12 }, (_, i) => {
    const w = [rnd(), rnd(), rnd()].map((v, b) => v + (b === i % 3 ? 2 : 0));
    return bases[0]!.map((_, t) => w[0]! * bases[0]![t]! + w[1]! * bases[1]![t]! + w[2]! * bases[2]![t]! + 0.1 * rnd());
  });
}

describe('optimizeColors', () => {
  const centers = syntheticCenters();

  it('beats the mean criterion of 20 random palettes', () => {
    const colors = optimizeColors(centers, { seed: 1 });
    expect(colors).toHaveLength(12);
    for (const c of colors) for (const v of c) expect(v >= 0 && v <= 1).toBe(true);
    const rnd = lcg(99);
    let randomMean = 0;
    for (let i = 0; i < 20; i++) randomMean += criterion(centers, Array.from({ length: 12 }, () => [rnd(), rnd(), rnd()])) / 20;
    const optimized = criterion(centers, colors);
    expect(optimized).toBeLessThan(randomMean);
    // And by a wide margin: the colour distances track the centres' closely.
    expect(optimized).toBeLessThan(0.5 * randomMean);
  });

  it('is deterministic for a seed and varies with it', () => {
    const a = optimizeColors(centers, { seed: 5, restarts: 1 });
    const b = optimizeColors(centers, { seed: 5, restarts: 1 });
    const c = optimizeColors(centers, { seed: 6, restarts: 1 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('more restarts never do worse than one (the best start is kept)', () => {
    const one = criterion(centers, optimizeColors(centers, { seed: 3, restarts: 1 }));
    const three = criterion(centers, optimizeColors(centers, { seed: 3, restarts: 3 }));
    expect(three).toBeLessThanOrEqual(one + 1e-12);
  });

  it('rejects inputs where cosine distances are undefined', () => {
    expectInvalid(() => optimizeColors([1, 2, 3]), 'optimizeColors(centers)', /2-D/);
    expectInvalid(() => optimizeColors([[1, 2, 3]]), 'optimizeColors(centers)', /two rows/);
    expectInvalid(() => optimizeColors([[1, 2], [0, 0], [3, 1]]), 'optimizeColors(centers[1])', /non-zero norm/);
    expectInvalid(() => optimizeColors([[1, 2], [2, 4], [3, 6]]), 'optimizeColors(centers)', /parallel/);
    expectInvalid(() => optimizeColors([[1, NaN], [2, 4]]), 'optimizeColors(centers)', /finite/);
    expectInvalid(() => optimizeColors(centers, { restarts: 0 }), 'optimizeColors(options.restarts)');
  });
});

describe('minimizeInBox', () => {
  it('finds the constrained minimum of a quadratic whose free minimum is outside the box', () => {
    // (x - 2)² + (y + 1)² on [0, 1]²: the nearest box point to (2, -1) is (1, 0).
    const r = minimizeInBox(
      (x, g) => {
        g[0] = 2 * (x[0]! - 2);
        g[1] = 2 * (x[1]! + 1);
        return (x[0]! - 2) ** 2 + (x[1]! + 1) ** 2;
      },
      new Float64Array([0.5, 0.5]),
      { lower: 0, upper: 1 },
    );
    expect(r.x[0]).toBeCloseTo(1, 10);
    expect(r.x[1]).toBeCloseTo(0, 10);
    expect(r.f).toBeCloseTo(2, 10);
  });

  it('solves Rosenbrock inside a box that contains its minimum (1, 1)', () => {
    const r = minimizeInBox(
      (x, g) => {
        const [a, b] = [x[0]!, x[1]!];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      new Float64Array([-1.2, 1]),
      { lower: -2, upper: 2, maxIterations: 1000, relativeTolerance: 0 },
    );
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
});
