/**
 * Thunder's `iscached()`: whether `cache()` was called on the data and not undone by `uncache()`.
 * Like PySpark's `RDD.is_cached`, which Thunder reports, it is a mark kept on the client, set by
 * the calls rather than read from the server: a derived object (`map`, `filter`, `repartition`)
 * starts uncached, as Thunder's new RDDs do. The mark belongs to the engine object, so Images or
 * Series that share one (e.g. after `withLabels`) share it, as they share the server's cache of
 * their plan. Locally the mark is kept the same way (the values are in memory either way), so code
 * written for Spark reads the same answers on the local engine.
 */
import type { ImagesImpl, SeriesImpl } from './engine.js';

const cached = new WeakSet<ImagesImpl | SeriesImpl>();

/** Persists (Spark) and marks `impl` cached. */
export function cacheImpl(impl: ImagesImpl | SeriesImpl): void {
  impl.cache();
  cached.add(impl);
}

/** Unpersists (Spark) and clears the mark. */
export function uncacheImpl(impl: ImagesImpl | SeriesImpl): void {
  impl.uncache();
  cached.delete(impl);
}

export function isCachedImpl(impl: ImagesImpl | SeriesImpl): boolean {
  return cached.has(impl);
}
