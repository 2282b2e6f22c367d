/**
 * The K sweep of notebook question 10: one model per K, fitted concurrently, each scored two ways.
 * Records are read and checked once. On Spark the shared feature frame is persisted for the
 * sweep (each fit and each score reads it) and unpersisted at the end, also on failure; the
 * models of a failed sweep are disposed.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import type { ActionOptions } from '../../connect/index.js';
import type { Series } from '../series.js';
import { KMeans, type KMeansInitMode } from './kmeans.js';
import type { KMeansModel } from './kmeans-model.js';
import { checkClusters, checkPositiveInt } from './options.js';
import { readRecords, type Records } from './records.js';
import { sparkScores } from './spark-ml.js';

export interface SweepOptions {
  /** Default [5, 10, 15, 20, 30, 50, 100, 200] (the notebook's). */
  readonly ks?: readonly number[];
  readonly seed?: number;
  readonly maxIter?: number;
  readonly initMode?: KMeansInitMode;
  readonly tol?: number;
  /**
   * Fits in flight at once (default: all of them on Spark, 1 on the local engine, whose fits share
   * one thread and would only hold their bound tables at the same time). 1 runs them one after another.
   */
  readonly concurrency?: number;
  /** Called as each model starts, is fitted, and is scored. */
  readonly onProgress?: (event: SweepProgress) => void;
  readonly signal?: AbortSignal;
}

export interface SweepProgress {
  readonly k: number;
  readonly phase: 'started' | 'fitted' | 'scored';
  /** Models scored so far, of `total`. */
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

export interface SweepResult {
  readonly k: number;
  readonly model: KMeansModel;
  /** Σ over records of the Euclidean distance to the assigned center. */
  readonly error1: number;
  /** 1 / Σ over records of the similarity to the assigned center. */
  readonly error2: number;
  /** Σ over records of the squared distance to the nearest center. */
  readonly trainingCost: number;
}

export const NOTEBOOK_KS: readonly number[] = [5, 10, 15, 20, 30, 50, 100, 200];

export async function sweep(series: Series, options: SweepOptions = {}): Promise<SweepResult[]> {
  const ks = options.ks ?? NOTEBOOK_KS;
  if (!Array.isArray(ks) || ks.length === 0) throw new InvalidArgumentError('KMeans.sweep(ks)', 'a non-empty array of positive integers', ks);
  ks.forEach((k, i) => checkClusters(k, `KMeans.sweep(ks[${i}])`));
  const given = options.concurrency === undefined ? undefined : checkPositiveInt(options.concurrency, 'concurrency', 'KMeans.sweep');
  const estimators = ks.map((k) => new KMeans({ k, seed: options.seed, maxIter: options.maxIter, initMode: options.initMode, tol: options.tol }));
  const records = await readRecords(series, 'KMeans.sweep(series)', { minRecords: Math.max(...ks), action: options.signal ? { signal: options.signal } : {} });
  const concurrency = given ?? (records.engine === 'local' ? 1 : ks.length);
  const t0 = Date.now();
  let done = 0;
  const report = (k: number, phase: SweepProgress['phase']) =>
    options.onProgress?.({ k, phase, done, total: ks.length, elapsedMs: Date.now() - t0 });
  const action: ActionOptions = options.signal ? { signal: options.signal } : {};

  const shared: Records = records.engine === 'spark' ? { ...records, df: await records.df.persist() } : records;
  const results: (SweepResult | undefined)[] = new Array(ks.length);
  const models: KMeansModel[] = [];
  let next = 0;
  const worker = async () => {
    while (next < estimators.length) {
      const i = next++;
      const k = ks[i]!;
      report(k, 'started');
      const model = await estimators[i]!.fitRecords(shared, action);
      models.push(model);
      report(k, 'fitted');
      const { distance, similarity } = await scores(model, shared, action);
      results[i] = { k, model, error1: distance, error2: 1 / similarity, trainingCost: model.trainingCost };
      done++;
      report(k, 'scored');
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, ks.length) }, worker));
    return results as SweepResult[];
  } catch (e) {
    await Promise.allSettled(models.map((m) => m.dispose()));
    throw e;
  } finally {
    if (shared.engine === 'spark') await shared.df.unpersist().catch(() => undefined);
  }
}

/** Σ distance and Σ similarity of the records to their assigned centers. */
export async function scores(model: KMeansModel, records: Records, options: ActionOptions = {}): Promise<{ distance: number; similarity: number }> {
  if (records.engine === 'spark' && model.ml && model.ml.session === records.df.session) return sparkScores(model.ml, records.df, model.centers, options);
  const [d, s] = await Promise.all([model.distances(records.series).toArray(), model.similarity(records.series).toArray()]);
  let distance = 0;
  let similarity = 0;
  for (let i = 0; i < d.data.length; i++) {
    distance += d.data[i]!;
    similarity += s.data[i]!;
  }
  return { distance, similarity };
}
