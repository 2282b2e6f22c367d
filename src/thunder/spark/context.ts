/**
 * What every Spark-backed Images/Series carries besides its DataFrame: the session, the default
 * partition count, and the pending persist/unpersist requests (`cache()` is synchronous like every
 * transformation, while the server call behind it is not; actions wait for it first).
 */
import type { DataFrame, SparkSession } from '../../connect/index.js';

export const DEFAULT_PARTITIONS = 12;

export interface SparkContext {
  readonly session: SparkSession;
  readonly npartitions: number;
  /** Record operations run as the JVM kernels (registered in this session), else as Spark SQL expressions. */
  readonly kernels: boolean;
  /** Resolves when earlier cache()/uncache() requests are done; rejects with their error. */
  readonly ready: Promise<void>;
}

/**
 * `ctx` with one more server request, started only once the earlier ones have settled: a
 * `cache().uncache()` must reach the server as persist then unpersist, or the persist could land
 * last and leave the data cached.
 */
export function withRequest(ctx: SparkContext, start: () => Promise<unknown>): SparkContext {
  const request = ctx.ready.then(start, start);
  const ready = Promise.all([ctx.ready, request]).then(() => undefined);
  // Observed here and rethrown by the next action, so an unused cache() leaves no unhandled rejection.
  ready.catch(() => undefined);
  return { ...ctx, ready };
}

/** `df` persisted (MEMORY_AND_DISK); the request runs in the background. */
export function persisted(ctx: SparkContext, df: DataFrame): SparkContext {
  return withRequest(ctx, () => df.cache());
}

export function unpersisted(ctx: SparkContext, df: DataFrame): SparkContext {
  return withRequest(ctx, () => df.unpersist());
}

/**
 * `df` with its `position` column renumbered 0..n-1 in ascending order. Only the positions go
 * through the single-partition window; the records are joined back (a broadcast-sized side).
 */
export function renumbered(df: DataFrame, position: string): DataFrame {
  const ranks = df.selectExpr(position, `row_number() OVER (ORDER BY ${position}) - 1 AS _rank`);
  return df.join(ranks, position).selectExpr(`CAST(_rank AS BIGINT) AS ${position}`, 'values');
}
