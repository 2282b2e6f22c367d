/**
 * Notebook question 21 on all voxels, as the notebook did (issue 13): Gaussian mixtures with full
 * covariances on every normalized fish series (13,224 × 20, of which 5,609 are all zeros), for all
 * eight K, on the local engine (EM with scikit-learn's reg_covar = 1e-6). MLlib's EM collapses on
 * these records (a component on the identical background series gets a singular covariance, then
 * NaN); here every fit must stay finite and keep every component.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GaussianMixture, NOTEBOOK_KS, images, type Series } from '../../src/thunder/index.js';
import { mixtureLogLikelihood, positiveDefinite } from './mixture-reference.js';

const REG = 1e-6; // scikit-learn's reg_covar, which the local engine documents

describe('GaussianMixture on all fish voxels (local engine)', () => {
  let fish: Series;
  let x: Float64Array;
  const n = 13224;
  const T = 20;
  beforeAll(async () => {
    fish = (await images.fromExample('fish')).toSeries().normalize();
    x = Float64Array.from((await fish.impl.toArray()).data);
    expect(x.length).toBe(n * T);
  });

  it.each(NOTEBOOK_KS.map((k) => [k]))('K = %i: finite, no collapsed or empty component, labels for every voxel', async (k) => {
    const model = await new GaussianMixture({ k, seed: 1, maxIter: 20 }).fit(fish);
    expect(Number.isFinite(model.logLikelihood)).toBe(true);
    for (const v of [...model.weights, ...model.means.data, ...model.covariances.data]) expect(Number.isFinite(v)).toBe(true);
    expect(Array.from(model.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    for (let j = 0; j < k; j++) {
      // Not collapsed: at least one voxel's worth of responsibility, and a proper Gaussian.
      expect(model.weights[j]! * n, `component ${j}: responsibility`).toBeGreaterThanOrEqual(1 - 1e-9);
      const cov = Float64Array.from(model.covariances.data.subarray(j * T * T, (j + 1) * T * T));
      for (let a = 0; a < T; a++) {
        for (let b = 0; b < a; b++) expect(cov[a * T + b]).toBe(cov[b * T + a]);
        cov[a * T + a] += REG;
      }
      expect(positiveDefinite(cov, T), `component ${j}: covariance + reg positive definite`).toBe(true);
    }
    if (k <= 10) {
      // The log-likelihood by the formula, written out (the fit leaves out responsibilities < 1e-12).
      const ll = mixtureLogLikelihood(x, n, T, { weights: model.weights, means: model.means.data, covariances: model.covariances.data }, REG);
      expect(Math.abs(model.logLikelihood / ll - 1)).toBeLessThan(1e-9);
    }
    const labels = await model.predict(fish).toArray();
    expect(labels.shape).toEqual([2, 76, 87]);
    const used = new Set<number>();
    for (const l of labels.data) {
      expect(Number.isInteger(l) && l >= 0 && l < k).toBe(true);
      used.add(l);
    }
    // Every component is the most probable one for some voxel.
    expect(used.size).toBe(k);
    // The all-zero background voxels share one label.
    const zeros = Array.from({ length: n }, (_, i) => i).filter((i) => x.subarray(i * T, (i + 1) * T).every((v) => v === 0));
    expect(zeros.length).toBe(5609);
    expect(new Set(zeros.map((i) => labels.data[i]!)).size).toBe(1);
    console.log(`K = ${k}: log-likelihood ${model.logLikelihood.toFixed(1)}, smallest component ${(Math.min(...model.weights) * n).toFixed(2)} voxels, ${used.size} of ${k} components label some voxel`);
    await model.dispose();
  }, 600_000);
});
