/**
 * Clustering acceptance cases, run once per engine (clustering.test.ts: local;
 * clustering.spark.test.ts: Spark). Expected values come from clustering-reference.ts or from
 * the definitions, never from src/thunder/clustering.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { MlModelDisposedError } from '../../src/connect/index.js';
import { GaussianMixture, KMeans, NDArray, PCA, images, series as seriesLoaders, type EngineOptions, type Series } from '../../src/thunder/index.js';
import { bestKMeansCost, blobs, notebookErrors, samePartition } from './clustering-reference.js';
import { expectClose } from './cases/helpers.js';

export type Engine = () => Promise<EngineOptions>;

async function collect(s: Series): Promise<{ x: Float64Array; n: number; T: number }> {
  const a = await s.impl.toArray();
  return { x: Float64Array.from(a.data), n: a.data.length / s.length, T: s.length };
}

export function fishCases(engine: Engine, ks: readonly number[]): void {
  describe('KMeans on the fish data (toSeries().normalize())', () => {
    let fish: Series;
    let data: { x: Float64Array; n: number; T: number };
    beforeAll(async () => {
      fish = (await images.fromExample('fish', await engine())).toSeries().normalize().cache();
      data = await collect(fish);
    });

    it(`sweeps K = ${ks.join(', ')}: trainingCost within 3 % of the optimum, error1/error2 as computed from collected records`, async () => {
      const results = await KMeans.sweep(fish, { ks, seed: 1 });
      expect(results.map((r) => r.k)).toEqual(ks);
      for (const r of results) {
        // Reference optimum: the best of 6 k-means++-seeded Lloyd runs to convergence (clustering-reference.ts).
        const optimum = bestKMeansCost(data.x, data.n, data.T, r.k, 6);
        expect(r.trainingCost / optimum, `k=${r.k}: cost ${r.trainingCost} vs optimum ${optimum}`).toBeLessThan(1.03);
        expect(r.trainingCost / optimum).toBeGreaterThan(0.97);
        const ref = notebookErrors(data.x, data.n, data.T, Float64Array.from(r.model.centers.data), r.k);
        expect(Math.abs(r.error1 / ref.error1 - 1), `k=${r.k} error1`).toBeLessThan(1e-9);
        expect(Math.abs(r.error2 / ref.error2 - 1), `k=${r.k} error2`).toBeLessThan(1e-9);
        expect(r.model.centers.shape).toEqual([r.k, 20]);
      }
      // The label map of notebook question 15: labels in [0, K), one per voxel.
      const best = results[results.length - 1]!;
      const labels = await best.model.predict(fish).toArray();
      expect(labels.shape).toEqual([2, 76, 87]);
      for (const l of labels.data) {
        expect(Number.isInteger(l)).toBe(true);
        expect(l).toBeGreaterThanOrEqual(0);
        expect(l).toBeLessThan(best.k);
      }
      const sim = await best.model.similarity(fish).toArray();
      expect(sim.shape).toEqual([2, 76, 87]);
      for (const r of results) await r.model.dispose();
    }, 600_000); // the reference optimum alone is ~1e10 multiply-adds in JS

    it('std-threshold selection, time split and bad T (notebook questions 16-17, 20)', async () => {
      // Nearest center (squared Euclidean) and its distance, by hand on collected records.
      const nearest = (rec: ArrayLike<number>, centers: ArrayLike<number>, k: number, T: number) => {
        let best = Infinity;
        let label = -1;
        for (let j = 0; j < k; j++) {
          let d = 0;
          for (let t = 0; t < T; t++) d += (rec[t]! - centers[j * T + t]!) ** 2;
          if (d < best) [best, label] = [d, j];
        }
        return { label, distance: Math.sqrt(best) };
      };
      const records = (times: readonly number[]) => Array.from({ length: data.n }, (_, i) => times.map((t) => data.x[i * data.T + t]!));

      // Q16-17: the notebook keeps 5898 series with std > 0.01, and labels every voxel by its nearest center.
      const kept = fish.filter((v) => v.std().gt(0.01));
      expect(await kept.count()).toBe(5898);
      const model = await new KMeans({ k: 5, seed: 2 }).fit(kept);
      const labels = await model.predict(fish).toArray();
      expect(labels.shape).toEqual([2, 76, 87]);
      const all = records(Array.from({ length: 20 }, (_, t) => t));
      all.forEach((rec, i) => expect(labels.data[i], `label of voxel ${i}`).toBe(nearest(rec, model.centers.data, 5, 20).label));

      // Q20: centers fitted on half of the time points; distances of both halves to them.
      const half = Array.from({ length: 20 }, (_, i) => i).sort((a, b) => ((a * 7919) % 20) - ((b * 7919) % 20)).slice(0, 10);
      const train = fish.select((i) => half.includes(i as number));
      const test = fish.select((i) => !half.includes(i as number));
      const cv = await new KMeans({ k: 5, seed: 3 }).fit(train);
      const [d1, d2] = await Promise.all([cv.distances(train).toArray(), cv.distances(test).toArray()]);
      expect(d1.shape).toEqual([2, 76, 87]);
      expect(d2.shape).toEqual([2, 76, 87]);
      const trainTimes = [...half].sort((a, b) => a - b);
      const testTimes = Array.from({ length: 20 }, (_, t) => t).filter((t) => !half.includes(t));
      records(trainTimes).forEach((rec, i) => expect(d1.data[i]!, `train distance of voxel ${i}`).toBeCloseTo(nearest(rec, cv.centers.data, 5, 10).distance, 9));
      records(testTimes).forEach((rec, i) => expect(d2.data[i]!, `test distance of voxel ${i}`).toBeCloseTo(nearest(rec, cv.centers.data, 5, 10).distance, 9));
      expect(() => cv.predict(fish)).toThrow(InvalidArgumentError);
      await cv.dispose();
      await model.dispose();
    });
  });
}

export function syntheticCases(engine: Engine): void {
  describe('clustering on synthetic data', () => {
    it('similarity is 1 for a record equal to its center and 0 for a constant record; labels in [0, K)', async () => {
      const x = blobs([[0, 1, 0, 2], [5, 5, 9, 0], [9, 0, 3, 3]], 40, 0.3, 11);
      const s = await seriesLoaders.fromArray(new NDArray(x, [120, 4]), await engine());
      const model = await new KMeans({ k: 3, seed: 5 }).fit(s);
      const probe = new Float64Array(4 * 4);
      probe.set(model.centers.data.subarray(0, 12));
      probe.set([2, 2, 2, 2], 12);
      const ps = await seriesLoaders.fromArray(new NDArray(probe, [4, 4]), await engine());
      const sim = await model.similarity(ps).toArray();
      expect(Array.from(sim.data.subarray(0, 3)).map((v) => Math.abs(v - 1) < 1e-12)).toEqual([true, true, true]);
      expect(sim.data[3]).toBe(0);
      const labels = await model.predict(ps).toArray();
      expect(Array.from(labels.data.subarray(0, 3))).toEqual([0, 1, 2]);
      const d = await model.distances(ps).toArray();
      expect(Math.max(...Array.from(d.data.subarray(0, 3)))).toBeLessThan(1e-12);
      await model.dispose();
    });

    it('GaussianMixture recovers 3 well-separated means within 0.1', async () => {
      const means = [[0, 0], [10, 0], [0, 10]];
      const x = blobs(means, 300, 0.5, 21);
      const s = await seriesLoaders.fromArray(new NDArray(x, [900, 2]), await engine());
      const gmm = await new GaussianMixture({ k: 3, seed: 4 }).fit(s);
      expect(gmm.means.shape).toEqual([3, 2]);
      for (const m of means) {
        const close = [0, 1, 2].some((j) => Math.hypot(gmm.means.data[j * 2]! - m[0]!, gmm.means.data[j * 2 + 1]! - m[1]!) < 0.1);
        expect(close, `a fitted mean near [${m}] among ${Array.from(gmm.means.data)}`).toBe(true);
      }
      expect(Array.from(gmm.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(Number.isFinite(gmm.logLikelihood)).toBe(true);
      const labels = await gmm.predict(s).toArray();
      const truth = Array.from({ length: 900 }, (_, i) => Math.floor(i / 300));
      expect(samePartition(truth, labels.data)).toBe(true);
      const p = await gmm.predictProbability(s).toArray();
      expect(p.shape).toEqual([900, 3]);
      for (let i = 0; i < 900; i += 97) expect(p.data[i * 3]! + p.data[i * 3 + 1]! + p.data[i * 3 + 2]!).toBeCloseTo(1, 9);
      await gmm.dispose();
    });

    it('PCA recovers the known orthonormal directions and variances of a constructed data set', async () => {
      // x = m + 3a·e1 + 2b·e2 + c·e3 with (a, b, c) running over all 8 sign patterns (5 times):
      // the coefficients are exactly uncorrelated with equal spread, so the covariance is
      // 9·e1e1ᵀ + 4·e2e2ᵀ + e3e3ᵀ (times n/(n-1)) and its eigenvectors are e1, e2, e3 exactly.
      const e = [
        [1, 1, 1, 1, 0].map((v) => v / 2),
        [1, -1, 1, -1, 0].map((v) => v / 2),
        [1, 1, -1, -1, 0].map((v) => v / 2),
      ];
      const scale = [3, 2, 1];
      const mean = [4, -1, 2, 0.5, 7];
      const n = 40;
      const coef = Array.from({ length: n }, (_, i) => [(i & 1 ? 1 : -1), (i & 2 ? 1 : -1), (i & 4 ? 1 : -1)]);
      const x = new Float64Array(n * 5);
      for (let i = 0; i < n; i++) for (let t = 0; t < 5; t++) x[i * 5 + t] = mean[t]! + [0, 1, 2].reduce((acc, j) => acc + scale[j]! * coef[i]![j]! * e[j]![t]!, 0);
      const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((acc, v, t) => acc + v * b[t]!, 0);

      const s = await seriesLoaders.fromArray(new NDArray(x, [n, 5]), await engine());
      const pca = await new PCA({ k: 3 }).fit(s);
      expect(pca.components.shape).toEqual([3, 5]);
      const comp = [0, 1, 2].map((j) => pca.components.data.subarray(j * 5, (j + 1) * 5));
      // Orthonormal rows.
      for (let j = 0; j < 3; j++) for (let l = 0; l < 3; l++) expect(dot(comp[j]!, comp[l]!)).toBeCloseTo(j === l ? 1 : 0, 10);
      // Component j is ±e_j: sign-normalize it against e_j, then compare entry by entry.
      const sign = comp.map((c, j) => Math.sign(dot(c, e[j]!)));
      for (let j = 0; j < 3; j++) for (let t = 0; t < 5; t++) expect(sign[j]! * comp[j]![t]!, `component ${j}[${t}]`).toBeCloseTo(e[j]![t]!, 10);
      // Explained variance ratios 9 : 4 : 1 of the total 14 (the data has no variance outside e1..e3).
      expectClose(pca.explainedVariance, [9 / 14, 4 / 14, 1 / 14], 10);
      // Projection onto the components (Spark's PCA does not centre): ±(e_j·m + scale_j·coef_j).
      const projected = await pca.transform(s).toArray();
      expect(projected.shape).toEqual([n, 3]);
      for (const i of [0, 5, 39]) {
        for (let j = 0; j < 3; j++) expect(projected.data[i * 3 + j]).toBeCloseTo(sign[j]! * (dot(mean, e[j]!) + scale[j]! * coef[i]![j]!), 9);
      }
      // A local array of 8 records (one of each pattern) has the same directions.
      const eight = await new PCA({ k: 2 }).fit(new NDArray(x.slice(0, 8 * 5), [8, 5]));
      for (let j = 0; j < 2; j++) expect(Math.abs(dot(eight.components.data.subarray(j * 5, (j + 1) * 5), e[j]!))).toBeCloseTo(1, 10);
      expect(eight.transform(new NDArray(x.slice(0, 50), [10, 5])).shape).toEqual([10, 2]);
      await pca.dispose();
    });

    it('bad input: each a typed error, and the engine stays usable', async () => {
      expect(() => new KMeans({ k: 0 })).toThrow(InvalidArgumentError);
      expect(() => new KMeans({ k: 2.5 })).toThrow(InvalidArgumentError);
      expect(() => new GaussianMixture({ k: -1 })).toThrow(InvalidArgumentError);
      const opts = await engine();
      const s = await seriesLoaders.fromArray(new NDArray(blobs([[0, 0, 0]], 6, 1, 3), [6, 3]), opts);
      await expect(new KMeans({ k: 7 }).fit(s)).rejects.toThrow(InvalidArgumentError);
      const empty = s.filter((v) => v.max().gt(1e9));
      await expect(new KMeans({ k: 2 }).fit(empty)).rejects.toThrow(/empty Series/);
      const withNaN = await seriesLoaders.fromArray(new NDArray(Float64Array.from([1, 2, 3, NaN, 5, 6]), [2, 3]), opts);
      await expect(new KMeans({ k: 2 }).fit(withNaN)).rejects.toThrow(/NaN/);
      const model = await new KMeans({ k: 2, seed: 1 }).fit(s);
      expect(() => model.predict(s.select([0, 1]))).toThrow(InvalidArgumentError);
      await model.dispose();
      expect(() => model.predict(s)).toThrow(MlModelDisposedError);
      expect(() => model.similarity(s)).toThrow(MlModelDisposedError);
      expect(await s.count()).toBe(6);
    });
  });
}

/** Same partition from both engines on separable data (run where both are available). */
export async function partitionOf(opts: EngineOptions): Promise<Float64Array | Int32Array | Uint8Array | Uint16Array | Int16Array | Float32Array> {
  const x = blobs([[0, 0, 0, 0], [8, 8, 0, 0], [0, 8, 8, 8], [8, 0, 8, 0]], 50, 0.4, 41);
  const s = await seriesLoaders.fromArray(new NDArray(x, [200, 4]), opts);
  const model = await new KMeans({ k: 4, seed: 9 }).fit(s);
  const labels = await model.predict(s).toArray();
  await model.dispose();
  return labels.data;
}
