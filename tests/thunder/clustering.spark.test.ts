/** Clustering on the Spark engine (MLlib through ML over Spark Connect), plus Spark-only checks. */
import { describe, expect, inject, it } from 'vitest';
import { MlEstimator, MlNotAllowedError, arrayToVector, expr, type ProgressEvent } from '../../src/connect/index.js';
import { KMeans, type EngineOptions } from '../../src/thunder/index.js';
import { SparkSeriesImpl } from '../../src/thunder/spark/series.js';
import { maxRunningJobs } from '../helpers/jobs.js';
import { useSpark } from '../helpers/spark.js';
import { fishCases, partitionOf, syntheticCases } from './clustering-cases.js';
import { samePartition } from './clustering-reference.js';

const spark = useSpark();
const onSpark = async (): Promise<EngineOptions> => ({ engine: spark() });

fishCases(onSpark, [5, 10, 20, 30]);
syntheticCases(onSpark);

describe('Spark clustering specifics', () => {
  it('Spark and local give the same partition of separable data (up to label names)', async () => {
    const [onServer, local] = await Promise.all([partitionOf({ engine: spark() }), partitionOf({})]);
    expect(samePartition(onServer, local)).toBe(true);
  });

  it('the sweep runs its fits concurrently: two operations are active at once', async () => {
    const s = spark();
    // 40 000 records x 8 generated on the server: the driver never holds them.
    const df = s.range(0, 40_000, 1, 4).select(
      expr('id AS key'),
      expr('transform(sequence(1, 8), t -> sin(id * t) + (id % 5) * 3.0 + rand(7))').alias('values'),
    );
    const series = SparkSeriesImpl.fromDataFrame(s, df, { length: 8, baseShape: [40_000] }).cache();
    const active = new Map<string, { first: number; last: number }>();
    const off = s.onProgress((e: ProgressEvent) => {
      if (e.stages.length === 0 || e.stages.every((st) => st.done)) return;
      const now = performance.now();
      const span = active.get(e.operationId);
      active.set(e.operationId, { first: span?.first ?? now, last: now });
    });
    const ui = inject('sparkUiUrl');
    const poll = ui ? maxRunningJobs(ui) : undefined;
    const events: string[] = [];
    const results = await KMeans.sweep(series, { ks: [2, 3, 4, 6], seed: 1, maxIter: 10, concurrency: 4, onProgress: (p) => events.push(`${p.k}:${p.phase}`) });
    off();
    const mostRunning = (await poll?.stop()) ?? 0;
    const spans = [...active.values()];
    const overlapping = spans.some((a, i) => spans.some((b, j) => i !== j && a.first < b.last && b.first < a.last));
    expect(overlapping || mostRunning >= 2, `progress spans ${JSON.stringify(spans)}, max running jobs ${mostRunning}`).toBe(true);
    expect(events.filter((e) => e.endsWith(':scored'))).toHaveLength(4);
    expect(results.map((r) => r.k)).toEqual([2, 3, 4, 6]);
    for (const r of results) await r.model.dispose();
  });

  it('an estimator the server does not allow is a typed error, and the session stays usable', async () => {
    const df = (await spark().sql('SELECT array(1D, 2D) AS values')).select(arrayToVector('values').alias('features'));
    await expect(new MlEstimator('java.lang.ProcessBuilder', {}).fit(df)).rejects.toThrow(MlNotAllowedError);
    expect((await (await spark().sql('SELECT 1 AS one')).collect())[0]).toEqual({ one: 1 });
  });
});
