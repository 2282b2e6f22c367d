/** ML over Spark Connect against a real server: fit, fetch, transform, dispose, loss, allowlist. */
import { describe, expect, it } from 'vitest';
import {
  MlEstimator,
  MlModelDisposedError,
  MlModelLostError,
  MlNotAllowedError,
  SparkSession,
  arrayToVector,
  col,
  vectorToArray,
  type DataFrame,
} from '../../src/connect/index.js';
import { sparkRemote, useSpark } from '../helpers/spark.js';

const spark = useSpark();

// Points 0..5 on a line with y = id² mod 3: two obvious groups {0,1,2} and {3,4,5}.
async function points(session: SparkSession = spark()): Promise<DataFrame> {
  return (await session.sql('SELECT id, array(double(id + 7 * (id DIV 3)), double(id * id % 3)) AS values FROM range(6)')).withColumn('features', arrayToVector('values'));
}
const KMEANS = 'org.apache.spark.ml.clustering.KMeans';

describe('ML over Spark Connect', () => {
  it('fits KMeans by class name, reads centers and cost, calls predict, transforms', async () => {
    const model = await new MlEstimator(KMEANS, { k: 2, seed: 1 }).fit(await points());
    const centers = (await model.get('clusterCenterMatrix')) as { numRows: number; numCols: number; values: Float64Array };
    expect([centers.numRows, centers.numCols]).toEqual([2, 2]);
    const rows = [Array.from(centers.values.subarray(0, 2)), Array.from(centers.values.subarray(2, 4))].sort((a, b) => a[0]! - b[0]!);
    // Means of {(0,0),(1,1),(2,1)} and {(10,0),(11,1),(12,1)}, by hand: groups far enough apart
    // that every start converges to them, however the server partitions range(6).
    expect(rows[0]![0]).toBeCloseTo(1, 12);
    expect(rows[0]![1]).toBeCloseTo(2 / 3, 12);
    expect(rows[1]![0]).toBeCloseTo(11, 12);
    // Cost, by hand: each group contributes (1 + 4/9) + (0 + 1/9) + (1 + 1/9) = 8/3.
    expect(await model.get('summary.trainingCost')).toBeCloseTo(16 / 3, 12);
    const label = await model.call('predict', new Float64Array([11, 1]));
    const out = await model.transform(await points()).select(col('id'), vectorToArray('features').alias('v'), col('prediction')).collect();
    expect(out).toHaveLength(6);
    expect(out.find((r) => r['id'] === 4n)?.['prediction']).toBe(label);
    expect(out[0]!['v']).toEqual([0, 0]);
    await model.dispose();
    expect(model.disposed).toBe(true);
    await expect(model.get('summary.trainingCost')).rejects.toThrow(MlModelDisposedError);
    expect(() => model.transform(out as unknown as DataFrame)).toThrow(MlModelDisposedError);
  });

  it('reads DataFrame attributes (GaussianMixture gaussiansDF) and array attributes (weights)', async () => {
    // Two far-apart unit squares of 4 points each: the mixture is known by hand — weights 1/2,
    // means the squares' centres, covariances diag(1/4, 1/4) (the population variance of 0, 0, 1, 1).
    const squares = (
      await spark().sql(
        'SELECT array(double(x + 10 * g), double(y + 10 * g)) AS values FROM (SELECT explode(array(0, 1)) AS g) ' +
          'CROSS JOIN (SELECT explode(array(0, 1)) AS x) CROSS JOIN (SELECT explode(array(0, 1)) AS y)',
      )
    ).withColumn('features', arrayToVector('values'));
    await using model = await new MlEstimator('org.apache.spark.ml.clustering.GaussianMixture', { k: 2, seed: 1 }).fit(squares);
    const weights = (await model.get('weights')) as number[];
    expect(weights).toHaveLength(2);
    for (const w of weights) expect(w).toBeCloseTo(0.5, 6);
    const gaussians = await model.getDataFrame('gaussiansDF').select(vectorToArray('mean').alias('mean'), col('cov')).collect();
    expect(gaussians).toHaveLength(2);
    const means = gaussians.map((g) => g['mean'] as number[]).sort((a, b) => a[0]! - b[0]!);
    expect(means[0]![0]).toBeCloseTo(0.5, 6);
    expect(means[0]![1]).toBeCloseTo(0.5, 6);
    expect(means[1]![0]).toBeCloseTo(10.5, 6);
    expect(means[1]![1]).toBeCloseTo(10.5, 6);
    for (const g of gaussians) {
      const cov = g['cov'] as { values: number[] | Float64Array };
      const v = Array.from(cov.values);
      expect(v).toHaveLength(4);
      [0.25, 0, 0, 0.25].forEach((want, i) => expect(v[i]!).toBeCloseTo(want, 6));
    }
  });

  it('a lost model is MlModelLostError; with onLost: refit it is fitted again transparently', async () => {
    const df = await points();
    const strict = await new MlEstimator(KMEANS, { k: 2, seed: 1 }).fit(df);
    const lenient = await new MlEstimator(KMEANS, { k: 2, seed: 1 }).fit(df, { onLost: 'refit' });
    const before = await lenient.get('summary.trainingCost');
    // Drop both objects behind the handles' backs, as an eviction would.
    await spark().executeCommand({ mlCommand: { delete: { objRefs: [{ id: strict.id }, { id: lenient.id }] } } });
    await expect(strict.get('summary.trainingCost')).rejects.toThrow(MlModelLostError);
    const oldId = lenient.id;
    // The refit is the same model; its cost is a sum whose partial sums Spark adds in the order the
    // tasks finish, so the last bit may differ (seen: 5.333333333333334 vs ...332).
    const after = (await lenient.get('summary.trainingCost')) as number;
    expect(Math.abs(after - (before as number))).toBeLessThanOrEqual(1e-12 * Math.abs(before as number));
    expect(lenient.id).not.toBe(oldId);
    await strict.dispose();
    await lenient.dispose();
  });

  it('refuses estimators and attributes off the allowlist with MlNotAllowedError; the session stays usable', async () => {
    const df = await points();
    await expect(new MlEstimator('java.lang.Runtime').fit(df)).rejects.toThrow(MlNotAllowedError);
    const model = await new MlEstimator(KMEANS, { k: 2 }).fit(df);
    await expect(model.get('clusterCenters')).rejects.toThrow(MlNotAllowedError);
    expect(await model.get('summary.trainingCost')).toBeGreaterThan(0);
    await model.dispose();
  });

  it('session.stop() frees the models still live (the handles become disposed)', async () => {
    const session = await SparkSession.connect(sparkRemote());
    const model = await new MlEstimator(KMEANS, { k: 2 }).fit(await points(session));
    const kept = model.id;
    expect(kept).toMatch(/.+/);
    await session.stop();
    expect(model.disposed).toBe(true);
    await expect(model.get('summary.trainingCost')).rejects.toThrow(MlModelDisposedError);
  });
});
