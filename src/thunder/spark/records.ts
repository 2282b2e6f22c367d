/**
 * What Spark-backed Images and Series share: a DataFrame of records, the context, a record count
 * remembered once known (so `shape` works after `await count()`), and the engine hints.
 */
import { expr, type DataFrame } from '../../connect/index.js';
import { persisted, unpersisted, type SparkContext } from './context.js';
import { withFileErrors } from './file-errors.js';

export abstract class SparkRecords<Self> {
  // Replaced only by cache()/uncache(), which act on this object in place (Thunder's semantics).
  private context: SparkContext;
  readonly df: DataFrame;
  protected counted: number | undefined;

  protected constructor(ctx: SparkContext, df: DataFrame, count: number | undefined) {
    this.context = ctx;
    this.df = df;
    this.counted = count;
  }

  /** The same records over another DataFrame or context (same shape, dtype and count). */
  protected abstract rebuild(df: DataFrame, ctx: SparkContext): Self;

  repartition(npartitions: number): Self {
    return this.rebuild(this.df.repartition(npartitions), { ...this.ctx, npartitions });
  }

  /** The session, partition count, path and pending cache requests; derived records inherit it. */
  get ctx(): SparkContext {
    return this.context;
  }

  /** Persists this DataFrame; the request runs in the background and this object's actions wait for it. */
  cache(): void {
    this.context = persisted(this.context, this.df);
  }

  uncache(): void {
    this.context = unpersisted(this.context, this.df);
  }

  async count(): Promise<number> {
    if (this.counted === undefined) {
      await this.ctx.ready;
      this.counted = await withFileErrors(this.df.count());
    }
    return this.counted;
  }

  /**
   * Up to n records without replacement: the n smallest of a seeded `rand` per record (a top-n per
   * partition, not a sort). Deterministic for a seed and a partitioning, but not the local
   * engine's draw (which shuffles record positions with its own generator).
   */
  protected sampled(n: number, seed: number, position: string): DataFrame {
    return this.df.orderBy(expr(`rand(${Math.trunc(seed)})`)).limit(n).select(position, 'values');
  }
}
