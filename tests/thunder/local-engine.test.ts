/**
 * The local clustering engine (src/thunder/clustering/local/): KMeans seeding and Lloyd's
 * iterations with Elkan's and Hamerly's bounds, the Gaussian mixture's EM with reg_covar, and
 * PCA, against references written out in mixture-reference.ts / clustering-reference.ts.
 */
import { describe, expect, it } from 'vitest';
import { fitGmm, REG_COVAR } from '../../src/thunder/clustering/local/gmm.js';
import { fitKMeans, fitKMeansAsync, kmeansPlusPlus, lloyd, randomCenters } from '../../src/thunder/clustering/local/kmeans.js';
import { covariance, principalComponents } from '../../src/thunder/clustering/local/pca.js';
import { GaussianMixture, KMeans, NDArray, series as seriesLoaders, type SweepProgress } from '../../src/thunder/index.js';
import { blobs, rng, samePartition } from './clustering-reference.js';
import { bruteLloyd, gaussianGroups, groupMoments, mixtureLogLikelihood, nearest } from './mixture-reference.js';

/** 6 overlapping blobs in 5-D plus uniform noise: centers keep moving for many iterations. */
function overlapping(): { x: Float64Array; n: number; T: number } {
  const T = 5;
  const means = [[0, 0, 0, 0, 0], [2, 1, 0, 0, 1], [0, 2, 2, 1, 0], [3, 3, 0, 1, 2], [1, 0, 3, 2, 2], [2, 2, 2, 2, 2]];
  const b = blobs(means, 60, 1.2, 17);
  const random = rng(23);
  const noise = Float64Array.from({ length: 40 * T }, () => 6 * random() - 1);
  const x = new Float64Array(b.length + noise.length);
  x.set(b);
  x.set(noise, b.length);
  return { x, n: x.length / T, T };
}

function expectCentersClose(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let p = 0; p < expected.length; p++) expect(Math.abs(actual[p]! - expected[p]!), `center value ${p}`).toBeLessThan(1e-12);
}

describe('local KMeans', () => {
  const { x, n, T } = overlapping();

  for (const bounds of ['elkan', 'hamerly'] as const) {
    it(`Lloyd with ${bounds} bounds: the labels, centers and cost of brute-force Lloyd from the same centers`, () => {
      for (const k of [3, 8, 25]) {
        const initial = randomCenters(x, n, T, k, 5);
        for (const iterations of [1, 4, 30]) {
          const ref = bruteLloyd(x, n, T, initial, iterations);
          const fit = lloyd(x, n, T, initial, iterations, 0, bounds);
          expect(Array.from(fit.labels), `k=${k}, ${iterations} iterations: labels`).toEqual(Array.from(ref.labels));
          expectCentersClose(fit.centers, ref.centers);
          expect(Math.abs(fit.cost / ref.cost - 1), `k=${k}, ${iterations} iterations: cost`).toBeLessThan(1e-12);
          expect(fit.iterations).toBe(ref.iterations);
        }
      }
    });
  }

  it('seeded with k-means++ (the seeds with their own assignment), Lloyd matches brute force from those seeds', () => {
    for (const k of [4, 20]) {
      const seeds = kmeansPlusPlus(x, n, T, k, 11);
      // The assignment handed over is the exact nearest seed of every record.
      const own = nearest(x, n, T, seeds.centers);
      expect(Array.from(seeds.labels)).toEqual(Array.from(own.labels));
      // Every seed is one of the records.
      for (let j = 0; j < k; j++) {
        const row = Array.from(seeds.centers.subarray(j * T, (j + 1) * T));
        expect(Array.from({ length: n }, (_, i) => i).some((i) => row.every((v, t) => v === x[i * T + t])), `seed ${j} is a record`).toBe(true);
      }
      const ref = bruteLloyd(x, n, T, seeds.centers, 20);
      const fit = lloyd(x, n, T, seeds, 20, 0);
      expect(Array.from(fit.labels)).toEqual(Array.from(ref.labels));
      expectCentersClose(fit.centers, ref.centers);
    }
  });

  it('stops when no center moves more than tol (MLlib rule)', () => {
    const initial = randomCenters(x, n, T, 6, 2);
    const loose = lloyd(x, n, T, initial, 100, 0.5);
    const exact = lloyd(x, n, T, initial, 100, 0);
    expect(loose.iterations).toBeLessThan(exact.iterations);
    // After the last update no center moved by more than 0.5: one more brute-force round moves each at most that far... from the previous.
    const before = bruteLloyd(x, n, T, initial, loose.iterations - 1).centers;
    const moves = Array.from({ length: 6 }, (_, j) => Math.hypot(...Array.from({ length: T }, (_, t) => loose.centers[j * T + t]! - before[j * T + t]!)));
    expect(Math.max(...moves)).toBeLessThanOrEqual(0.5);
  });

  it('recovers well-separated clusters; the cost is their within-cluster sum of squares', () => {
    const means = [[0, 0, 0, 0], [10, 10, 0, 0], [0, 10, 10, 10], [10, 0, 10, 0]];
    const xs = blobs(means, 50, 0.4, 41);
    const truth = Array.from({ length: 200 }, (_, i) => Math.floor(i / 50));
    const fit = fitKMeans(xs, 200, 4, { k: 4, maxIter: 20, seed: 3, init: 'k-means++', tol: 1e-4 });
    expect(samePartition(fit.labels, truth)).toBe(true);
    const g = groupMoments(xs, 200, 4, truth, 4);
    let wss = 0;
    for (let j = 0; j < 4; j++) for (let t = 0; t < 4; t++) wss += 50 * g.covariances[j * 16 + t * 4 + t]!;
    expect(Math.abs(fit.cost / wss - 1)).toBeLessThan(1e-9);
  });

  it('returns fewer centers when the records hold fewer distinct values than k (as MLlib)', () => {
    const xs = Float64Array.from({ length: 30 * 2 }, (_, p) => [0, 5, 9][Math.floor(p / 2) % 3]! * (p % 2 === 0 ? 1 : -1));
    const fit = fitKMeans(xs, 30, 2, { k: 5, maxIter: 20, seed: 1, init: 'k-means++', tol: 1e-4 });
    expect(fit.k).toBe(3);
    expect(fit.centers.length).toBe(6);
    expect(fit.cost).toBe(0);
  });

  it('is deterministic for a seed, and another seed starts elsewhere', () => {
    const a = fitKMeans(x, n, T, { k: 10, maxIter: 20, seed: 7, init: 'k-means++', tol: 1e-4 });
    const b = fitKMeans(x, n, T, { k: 10, maxIter: 20, seed: 7, init: 'k-means++', tol: 1e-4 });
    expect(Array.from(a.centers)).toEqual(Array.from(b.centers));
    expect(a.cost).toBe(b.cost);
    expect(Array.from(kmeansPlusPlus(x, n, T, 10, 8).centers)).not.toEqual(Array.from(kmeansPlusPlus(x, n, T, 10, 7).centers));
    const r1 = fitKMeans(x, n, T, { k: 10, maxIter: 20, seed: 7, init: 'random', tol: 1e-4 });
    const r2 = fitKMeans(x, n, T, { k: 10, maxIter: 20, seed: 7, init: 'random', tol: 1e-4 });
    expect(Array.from(r1.centers)).toEqual(Array.from(r2.centers));
  });
});

/** 4000 points uniform in the unit square: Lloyd's centers creep for dozens of iterations. */
function uniformSquare(): { x: Float64Array; n: number; T: number } {
  const random = rng(5);
  const n = 4000;
  return { x: Float64Array.from({ length: n * 2 }, () => random()), n, T: 2 };
}

/** Resolves after `turns` turns of the event loop (each fit iteration waits for one). */
function afterTurns(turns: number, fn: () => void): void {
  if (turns === 0) fn();
  else setImmediate(() => afterTurns(turns - 1, fn));
}

describe('local KMeans and AbortSignal', () => {
  const { x, n, T } = uniformSquare();
  // k = 3 runs 63 iterations to convergence and k = 4 19 (from seed 1); the premises are checked below.
  const options = (k: number) => ({ k, maxIter: 1000, seed: 1, init: 'k-means++' as const, tol: 0 });

  it('an abort between Lloyd iterations rejects with its reason, the fit unfinished; the next fit runs to the end', async () => {
    // Brute-force Lloyd from the same k-means++ seeds: how many iterations the whole fit takes.
    const whole = bruteLloyd(x, n, T, kmeansPlusPlus(x, n, T, 3, 1).centers, 1000);
    expect(whole.iterations).toBeGreaterThan(10);
    const controller = new AbortController();
    const reason = new Error('stopped by the caller');
    let settled = false;
    const fit = fitKMeansAsync(x, n, T, options(3), controller.signal);
    fit.then(
      () => (settled = true),
      () => (settled = true),
    );
    // The seeding ran at the call; each iteration then waits for a turn of the event loop, so
    // after 3 turns the fit is a few iterations in, far from its end.
    let settledAtAbort: boolean | undefined;
    afterTurns(3, () => {
      settledAtAbort = settled;
      controller.abort(reason);
    });
    await expect(fit).rejects.toBe(reason);
    expect(settledAtAbort).toBe(false);
    // Nothing of the aborted fit lingers: a new one gives brute force's labels and centers.
    const again = await fitKMeansAsync(x, n, T, options(3));
    expect(Array.from(again.labels)).toEqual(Array.from(whole.labels));
    expectCentersClose(again.centers, whole.centers);
    expect(again.iterations).toBe(whole.iterations);
  });

  it('an already aborted signal rejects before the seeding', async () => {
    const reason = new Error('never started');
    await expect(fitKMeansAsync(x, n, T, options(3), AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('KMeans.sweep on the local engine: an abort at the first fitted K ends the fits still running, with its reason', async () => {
    const k3 = bruteLloyd(x, n, T, kmeansPlusPlus(x, n, T, 3, 1).centers, 1000);
    const k4 = bruteLloyd(x, n, T, kmeansPlusPlus(x, n, T, 4, 1).centers, 1000);
    // Premise: k = 4 converges long before k = 3, so with both in flight (their iterations take
    // turns) k = 3 is mid-fit when k = 4 is fitted.
    expect(k3.iterations).toBeGreaterThan(k4.iterations + 10);
    const s = await seriesLoaders.fromArray(new NDArray(x, [n, T]));
    const controller = new AbortController();
    const reason = new Error('enough');
    const events: SweepProgress[] = [];
    const sweep = KMeans.sweep(s, {
      ks: [3, 4],
      concurrency: 2,
      seed: 1,
      maxIter: 1000,
      tol: 0,
      signal: controller.signal,
      onProgress: (e) => {
        events.push(e);
        if (e.phase === 'fitted') controller.abort(reason);
      },
    });
    await expect(sweep).rejects.toBe(reason);
    expect(events.filter((e) => e.phase === 'fitted').map((e) => e.k)).toEqual([4]);
    // The engine is usable afterwards: a fit of k = 3 gives brute force's centers.
    const model = await new KMeans({ k: 3, seed: 1, maxIter: 1000, tol: 0 }).fit(s);
    expectCentersClose(model.centers.data, k3.centers);
  });
});

describe('local Gaussian mixture', () => {
  // Three well-separated correlated groups in 3-D, of different sizes.
  const T = 3;
  const sizes = [300, 200, 100];
  const x = gaussianGroups(
    [[0, 0, 0], [20, 0, 5], [0, 20, -10]],
    [
      [[1, 0, 0], [0.8, 0.6, 0], [0, 0, 0.3]],
      [[2, 0, 0], [0, 0.5, 0], [1, 0, 0.5]],
      [[0.5, 0, 0], [0, 0.5, 0], [0, 0, 0.5]],
    ],
    sizes,
    rng(31),
  );
  const n = 600;
  const truth = sizes.flatMap((s, g) => Array<number>(s).fill(g));

  it('on separated groups: the weights, means and covariances of the groups; the log-likelihood by the formula', async () => {
    const fit = await fitGmm(x, n, T, { k: 3, maxIter: 50, tol: 1e-9, seed: 2 });
    const ref = groupMoments(x, n, T, truth, 3);
    // Match components to groups by their means.
    const match = [0, 1, 2].map((g) => [0, 1, 2].find((j) => Math.hypot(...[0, 1, 2].map((t) => fit.means[j * 3 + t]! - ref.means[g * 3 + t]!)) < 1)!);
    expect(new Set(match).size).toBe(3);
    for (let g = 0; g < 3; g++) {
      const j = match[g]!;
      expect(Math.abs(fit.weights[j]! - ref.weights[g]!)).toBeLessThan(1e-9);
      for (let t = 0; t < 3; t++) expect(Math.abs(fit.means[j * 3 + t]! - ref.means[g * 3 + t]!)).toBeLessThan(1e-7);
      for (let p = 0; p < 9; p++) expect(Math.abs(fit.covariances[j * 9 + p]! - ref.covariances[g * 9 + p]!), `cov ${g}[${p}]`).toBeLessThan(1e-6);
    }
    expect(Array.from(fit.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const ll = mixtureLogLikelihood(x, n, T, fit, REG_COVAR);
    expect(Math.abs(fit.logLikelihood - ll) / Math.abs(ll)).toBeLessThan(1e-9);
    expect(fit.converged).toBe(true);
  });

  it('with many identical records (like the background of the fish data): finite, one component holds exactly them with covariance 0 (+ reg)', async () => {
    // 400 copies of one record, away from the three groups.
    const zeros = 400;
    const xz = new Float64Array((zeros + n) * T).fill(-15);
    xz.set(x, zeros * T);
    for (const k of [4, 5, 7]) {
      const fit = await fitGmm(xz, zeros + n, T, { k, maxIter: 30, tol: 0, seed: 1 });
      expect(Number.isFinite(fit.logLikelihood)).toBe(true);
      for (const v of [...fit.weights, ...fit.means, ...fit.covariances]) expect(Number.isFinite(v)).toBe(true);
      // Some component sits on the copies: weight 400 / 1000, mean on them, covariance 0.
      const z = Array.from(fit.weights).findIndex((_, j) => [0, 1, 2].every((t) => Math.abs(fit.means[j * 3 + t]! + 15) < 1e-9));
      expect(z, `a component on the zeros (k=${k})`).toBeGreaterThanOrEqual(0);
      expect(fit.weights[z]! * 1000).toBeGreaterThanOrEqual(400 - 1e-6);
      // 0 up to round-off (moments are taken about the mean of all records, 15-25 away), far below REG_COVAR.
      for (let p = 0; p < 9; p++) expect(Math.abs(fit.covariances[z * 9 + p]!)).toBeLessThan(1e-9);
      // Every component holds at least one record's worth of responsibility.
      for (const w of fit.weights) expect(w * 1000).toBeGreaterThanOrEqual(1);
      const ll = mixtureLogLikelihood(xz, zeros + n, T, fit, REG_COVAR);
      expect(Math.abs(fit.logLikelihood - ll) / Math.abs(ll)).toBeLessThan(1e-9);
    }
    // Through the estimator: predictions use the same regularised densities (no NaN label).
    const s = await seriesLoaders.fromArray(new NDArray(xz, [zeros + n, T]));
    const model = await new GaussianMixture({ k: 5, seed: 1, maxIter: 30 }).fit(s);
    const labels = (await model.predict(s).toArray()).data;
    for (const l of labels) expect(l >= 0 && l < 5).toBe(true);
    expect(new Set(Array.from(labels.subarray(0, zeros))).size).toBe(1);
  });

  it('is deterministic for a seed', async () => {
    const a = await fitGmm(x, n, T, { k: 4, maxIter: 10, tol: 0, seed: 9 });
    const b = await fitGmm(x, n, T, { k: 4, maxIter: 10, tol: 0, seed: 9 });
    expect(Array.from(a.means)).toEqual(Array.from(b.means));
    expect(Array.from(a.covariances)).toEqual(Array.from(b.covariances));
    expect(a.logLikelihood).toBe(b.logLikelihood);
  });

  it('an AbortSignal ends a fit that has started, between EM iterations, with its reason', async () => {
    const controller = new AbortController();
    // The k-means start runs at the call; the first EM iteration waits for the event loop.
    const fit = fitGmm(x, n, T, { k: 5, maxIter: 1000, tol: 0, seed: 4 }, controller.signal);
    controller.abort(new Error('stopped by the caller'));
    await expect(fit).rejects.toThrow('stopped by the caller');
  });

  it('never lowers the log-likelihood from one EM iteration to the next', async () => {
    let previous = -Infinity;
    for (const maxIter of [0, 1, 2, 3, 5, 8]) {
      const fit = await fitGmm(x, n, T, { k: 5, maxIter, tol: 0, seed: 4 });
      expect(fit.logLikelihood).toBeGreaterThanOrEqual(previous - 1e-6 * Math.abs(previous));
      previous = fit.logLikelihood;
    }
  });
});

describe('local PCA', () => {
  it('the covariance of the records as the two-pass formula; known directions and variance shares', () => {
    // x = 3a·u + b·v with (a, b) over the 4 sign patterns (10 times): covariance (40/39)(9uuᵀ + vvᵀ).
    const u = [1, 2, 2].map((c) => c / 3);
    const v = [2, 1, -2].map((c) => c / 3);
    const n = 40;
    const x = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = i & 1 ? 1 : -1;
      const b = i & 2 ? 1 : -1;
      for (let t = 0; t < 3; t++) x[i * 3 + t] = 5 + 3 * a * u[t]! + b * v[t]!;
    }
    const cov = covariance(x, n, 3);
    for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) expect(cov[p * 3 + q]!).toBeCloseTo((40 / 39) * (9 * u[p]! * u[q]! + v[p]! * v[q]!), 12);
    const pc = principalComponents(x, n, 3, 2);
    const dot = (c: Float64Array, w: number[]) => w.reduce((s, wt, t) => s + wt * c[t]!, 0);
    expect(Math.abs(dot(pc.components.subarray(0, 3), u))).toBeCloseTo(1, 10);
    expect(Math.abs(dot(pc.components.subarray(3, 6), v))).toBeCloseTo(1, 10);
    expect(pc.explained[0]).toBeCloseTo(0.9, 10);
    expect(pc.explained[1]).toBeCloseTo(0.1, 10);
  });
});
