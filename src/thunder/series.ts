/**
 * Series: a collection of 1-d records (one per voxel) with a shared index.
 *
 * Shape contract: `shape = [...baseShape, T]` with `index.length === T`. Records carry keys, the
 * flat C-order position over the base shape they came from; record order is key order. After
 * `filter` or `sample` the base shape is `[count]` and the keys are kept. `map` may change T
 * (a scalar result gives T = 1). `toArray()` squeezes axes of length 1, like Thunder.
 *
 * The index may be multi-level (one equal-length list of labels per position, Thunder's 2-d
 * index); `selectByIndex`/`aggregateByIndex`/`statByIndex` take `level`. Record labels
 * (Thunder's `labels`, one number per record) follow the records through `filter`, `sample`,
 * `getItem`, `flatten`, `reshape` and every per-record transformation; statistics across
 * records drop them.
 *
 * Transformations are synchronous, lazy on Spark and return new objects; actions return Promises
 * (and so do `gramian`/`cov`, which gather a T × T result, and `labels()`). Every argument and
 * option is checked at the call (`InvalidArgumentError` naming it). Traced lambdas (`map`,
 * `filter`, `reduce`, `elementWise`, `aggregateByIndex`) fail at the call with
 * `InvalidArgumentError` when they use anything outside `src/udf`'s vocabulary or let a
 * JavaScript operator (`&&`, `||`, `??`, `?:`) drop a traced condition.
 */
import { InvalidArgumentError, NotSupportedError } from '../common/errors.js';
import { INT64_MAX_EXACT, NDArray, sizeOf, type DType } from '../common/ndarray.js';
import { checkBoolean, checkChoice, checkFinite, checkFunction, checkInteger, checkNumbers, checkOptions } from '../common/validate.js';
import * as E from '../udf/expr.js';
import * as S from '../udf/sugar.js';
import type { Expr } from '../udf/expr.js';
import { trace, wrap, type Traced } from '../udf/trace.js';
import { toNDArray } from './arrays.js';
import type { SeriesImpl, Stat } from './engine.js';
import { cacheImpl, isCachedImpl, uncacheImpl } from './cached.js';
import { Images, writeRequest, type WriteOptions } from './images.js';
import { encodeSeriesBinary } from './writers.js';
import * as X from './series-exprs.js';
import { checkIndex, checkLevels, groupByLevels, selectByIndex as selectPositions, type IndexLabel, type IndexValue, type SelectByIndexOptions } from './series-index.js';
import { resolveItem, type AxisItem } from './series-items.js';
import { checkAxis, checkDtype } from './series-checks.js';

export type { IndexLabel, IndexValue, SelectByIndexOptions } from './series-index.js';
export type { AxisItem, SliceSpec } from './series-items.js';

/** Record labels in key order (Thunder's `labels`, flattened), computed when asked for. */
type LabelSource = () => Promise<Float64Array>;

/** Statistics available to `statByIndex` and its shorthands. */
export type IndexStat = 'sum' | 'mean' | 'median' | 'std' | 'stdev' | 'max' | 'min' | 'count';

export interface MapOptions {
  /** Labels of the result's value positions (length of the result). */
  readonly index?: readonly IndexLabel[];
  readonly dtype?: DType;
  /** Call `fn(v, key)` with the record's coordinates in the base grid as a traced vector (Thunder's with_keys). */
  readonly withKeys?: boolean;
}

export interface NormalizeOptions {
  /** Percentile for 'percentile', 'window', 'window-exact' (default 20). */
  readonly perc?: number;
  /** Window size for 'window' and 'window-exact' (default 6). */
  readonly window?: number;
  /** Added to the baseline in the denominator (default 0.1). */
  readonly offset?: number;
}

export class Series {
  /** The engine implementation; engines construct Series from it. */
  readonly impl: SeriesImpl;
  #index: readonly IndexLabel[];
  #labels: LabelSource | undefined;
  /**
   * At most this many records, known on every engine without a job (a filter keeps its parent's
   * bound, where the local engine would know the exact count and Spark not): decides results
   * whose dtype depends on the count (`sum`), so they agree across engines.
   */
  #maxRecords: number | undefined;

  constructor(impl: SeriesImpl, index?: readonly IndexLabel[]) {
    this.impl = impl;
    this.#index = index === undefined ? Object.freeze(Array.from({ length: impl.length }, (_, i) => i)) : checkIndex(index, impl.length, 'index');
    this.#maxRecords = impl.knownBaseShape ? sizeOf(impl.knownBaseShape) : undefined;
  }

  /**
   * One label per value position (length T): numbers or strings, or for a multi-level index one
   * equal-length list of them per position (Thunder's 2-d index, one row per position).
   */
  get index(): readonly IndexLabel[] {
    return this.#index;
  }

  /** Replaces the index of this object (Thunder's `series.index = ...`); throws unless it has T valid labels. */
  set index(value: readonly IndexLabel[]) {
    this.#index = checkIndex(value, this.length, 'index');
  }

  /** The same records with another index (T labels); `index =` without changing this object. */
  withIndex(index: readonly IndexLabel[]): Series {
    return new Series(this.impl, checkIndex(index, this.length, 'withIndex(index)')).withLabelSource(this.#labels);
  }

  get mode(): 'local' | 'spark' {
    return this.impl.mode;
  }

  get dtype(): DType {
    return this.impl.dtype;
  }

  /** Values per record. */
  get length(): number {
    return this.impl.length;
  }

  /**
   * `[...baseShape, T]`. On Spark the record count after `filter` is unknown until counted:
   * then this throws `NotSupportedError`; `await count()` first.
   */
  get shape(): readonly number[] {
    return [...this.baseShape, this.length];
  }

  get baseShape(): readonly number[] {
    const b = this.impl.knownBaseShape;
    if (!b) throw new NotSupportedError('shape', 'the record count is not known yet after filter(); await count() first');
    return b;
  }

  /** A series over the same records (so the same labels); the index is kept when T is. */
  private derive(impl: SeriesImpl, index: readonly IndexLabel[] | undefined = undefined): Series {
    const out = new Series(impl, index ?? (impl.length === this.length ? this.index : undefined)).withLabelSource(this.#labels);
    out.#maxRecords = this.#maxRecords;
    return out;
  }

  private withLabelSource(source: LabelSource | undefined): Series {
    this.#labels = source;
    return this;
  }

  /** Evaluates an expression over each record; the result is float64 unless `dtype` is given. */
  private apply(expr: Expr, length: number, dtype: DType = 'float64', index?: readonly IndexLabel[]): Series {
    return this.derive(this.impl.mapValues(expr, length, dtype), index);
  }

  private traceRecord(fn: (v: Traced) => Traced, where: string, length = this.length): Expr {
    return trace(fn as (...r: Traced[]) => unknown, [length], where);
  }

  // ---- actions ----------------------------------------------------------------------------

  count(): Promise<number> {
    return this.impl.count();
  }

  /** The values of the record with the smallest key, shape [T]. */
  first(): Promise<NDArray> {
    return this.impl.first();
  }

  /** All values, shape [...baseShape, T] with length-1 axes squeezed (Thunder's toarray). */
  async toArray(): Promise<NDArray> {
    return (await this.impl.toArray()).squeeze();
  }

  /**
   * n records drawn without replacement (deterministic for a seed; which records depends on the
   * engine). n larger than the count returns every record — Thunder's Spark behaviour.
   */
  async sample(n = 100, seed = 42): Promise<Series> {
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('sample(n)', 'a positive integer', n);
    checkInteger(seed, 'sample(seed)');
    return this.subset(await this.impl.sample(n, seed));
  }

  /** Writes Thunder 1.x binary series (values in C order + conf.json); keys of a filtered series are not written. */
  async toBinary(path: string, options: WriteOptions = {}): Promise<void> {
    const request = writeRequest(path, 'binary', options, 'series');
    // Where the engine can, the records are written where they are (Spark executors); else here.
    if (await this.impl.writeFiles?.(request)) return;
    await encodeSeriesBinary(path, await this.impl.toArray(), request.prefix, request.overwrite);
  }

  // ---- structure --------------------------------------------------------------------------

  /** Base shape collapsed to [count]. */
  flatten(): Series {
    return this.derive(this.impl.withBaseShape([sizeOf(this.baseShape)]), this.index);
  }

  /** Positions whose index label is in [left, right) (numeric labels). */
  between(left: number, right: number): Series {
    checkFinite(left, 'between(left)');
    checkFinite(right, 'between(right)');
    if (!(left < right)) throw new InvalidArgumentError('between(left, right)', 'left < right (an interval [left, right) of index labels)', `[${left}, ${right})`);
    if (!this.index.some((i) => typeof i === 'number' && left <= i && i < right)) {
      throw new InvalidArgumentError('between(left, right)', 'an interval holding at least one numeric index label', `[${left}, ${right})`);
    }
    return this.select((i) => typeof i === 'number' && left <= i && i < right);
  }

  /**
   * Keeps the value positions whose label satisfies a predicate (run in JS on the driver's index)
   * or is in a list of labels. Throws `InvalidArgumentError` when nothing matches.
   */
  select(criterion: ((label: IndexLabel) => boolean) | IndexValue | readonly IndexLabel[]): Series {
    const same = (a: IndexLabel, b: unknown): boolean => a === b || (Array.isArray(a) && JSON.stringify(a) === JSON.stringify(b));
    if (typeof criterion !== 'function' && typeof criterion !== 'number' && typeof criterion !== 'string' && !Array.isArray(criterion)) {
      throw new InvalidArgumentError('select(criterion)', 'a predicate of the label, a label, or a list of labels', criterion);
    }
    const pred =
      typeof criterion === 'function'
        ? criterion
        : Array.isArray(criterion)
          ? (l: IndexLabel) => (criterion as readonly IndexLabel[]).some((c) => same(l, c))
          : (l: IndexLabel) => same(l, criterion);
    const positions: number[] = [];
    this.index.forEach((label, p) => {
      if (pred(label)) positions.push(p);
    });
    if (positions.length === 0) throw new InvalidArgumentError('select(criterion)', 'a criterion matching at least one index label', 'no matches');
    if (positions.length === this.length) return this;
    const x = E.input(0, this.length);
    const contiguous = positions.every((p, k) => p === positions[0]! + k);
    const expr = contiguous ? E.view([this.length], [positions[0]!], [1], [positions.length], x) : E.gather(Int32Array.from(positions), x);
    return this.apply(expr, positions.length, this.dtype, positions.map((p) => this.index[p]!));
  }

  /**
   * Applies a traced function to each record: `map(v => v.sub(v.mean()))`. A scalar result gives
   * T = 1; the index is kept when T is unchanged, else 0..T-1 unless `index` is given. Values are
   * float64 unless `dtype` is given (then converted as `astype` converts, on every engine).
   */
  map(fn: (v: Traced, key: Traced) => Traced, options: MapOptions = {}): Series {
    checkFunction(fn, 'map(fn)');
    const { withKeys = false, dtype: dt } = checkOptions(options, ['index', 'dtype', 'withKeys'], 'map');
    checkBoolean(withKeys, 'map(withKeys)', false);
    if (dt !== undefined) checkDtype(dt, 'map(dtype)');
    if (withKeys) return this.mapWithKeys(fn, options);
    let expr = this.traceRecord(fn as (v: Traced) => Traced, 'map(fn)');
    if (expr.type.bool) expr = E.where(expr, E.constant(1), E.constant(0));
    const length = expr.type.len ?? 1;
    if (options.dtype && options.dtype !== 'float64') expr = E.cast(options.dtype, expr);
    return this.apply(expr, length, options.dtype, options.index);
  }

  /** Keeps records for which a traced predicate holds: `filter(v => v.std().gt(0.01))`. */
  filter(fn: (v: Traced) => Traced): Series {
    checkFunction(fn, 'filter(fn)');
    const expr = this.traceRecord(fn, 'filter(fn)');
    if (expr.type.len !== null || !expr.type.bool) {
      throw new InvalidArgumentError('filter(fn)', 'a function returning one boolean per record, e.g. v => v.std().gt(0.01)', expr.type.len === null ? 'a number' : 'a vector');
    }
    return this.subset(this.impl.filterValues(expr));
  }

  /** `impl` holds a subset of this series' records (same keys): labels follow their keys. */
  private subset(impl: SeriesImpl): Series {
    const parentLabels = this.#labels;
    const parent = this.impl;
    const out = new Series(impl, this.index);
    out.#maxRecords = this.#maxRecords;
    if (!parentLabels) return out;
    return out.withLabelSource(async () => {
      const [all, parentKeys, keys] = await Promise.all([parentLabels(), parent.recordKeys(), impl.recordKeys()]);
      const rank = new Map<number, number>();
      parentKeys.forEach((k, r) => rank.set(k, r));
      return Float64Array.from(keys, (k) => all[rank.get(k)!]!);
    });
  }

  /**
   * The values converted to `dtype`, shape unchanged (Thunder's astype; there is no `casting`
   * argument: it always converts). Integer dtypes truncate toward zero and wrap, NaN → 0 (typed-array
   * semantics), float32 rounds; float16 rounds to the nearest half (overflow → ±Inf, like numpy);
   * int64 truncates and throws `InvalidArgumentError` for NaN, ±Inf or beyond ±(2^53 − 1) — at the
   * call on the local engine, at the action that computes it on Spark.
   */
  astype(dtype: DType): Series {
    checkDtype(dtype, 'astype(dtype)');
    return this.apply(E.cast(dtype, E.input(0, this.length)), this.length, dtype);
  }

  /** Values clipped to [min, max] (either optional); the dtype is kept. */
  clip(min?: number, max?: number): Series {
    if (min !== undefined) checkFinite(min, 'clip(min)');
    if (max !== undefined) checkFinite(max, 'clip(max)');
    if (min !== undefined && max !== undefined && min > max) throw new InvalidArgumentError('clip(min, max)', 'min <= max', `[${min}, ${max}]`);
    let e: Expr = E.input(0, this.length);
    if (min !== undefined) e = E.binary('maximum', e, E.constant(min));
    if (max !== undefined) e = E.binary('minimum', e, E.constant(max));
    return this.apply(this.dtype === 'float64' ? e : E.cast(this.dtype, e), this.length, this.dtype);
  }

  // ---- within-record preprocessing (all are expressions) --------------------------------

  /** Subtracts the mean: of each record (axis 1, default) or across records per position (axis 0). */
  center(axis: 0 | 1 = 1): Series {
    if (checkAxis(axis, 'center(axis)') === 0) return this.withAcross('mean', 'sub');
    return this.apply(X.center(this.length), this.length);
  }

  /** Divides by the population standard deviation: of each record (axis 1, default) or across records per position (axis 0). */
  standardize(axis: 0 | 1 = 1): Series {
    if (checkAxis(axis, 'standardize(axis)') === 0) return this.withAcross('std', 'div');
    return this.apply(X.standardize(this.length), this.length);
  }

  /** (x − mean) / std: within each record (axis 1, default) or per position across records (axis 0). */
  zscore(axis: 0 | 1 = 1): Series {
    if (checkAxis(axis, 'zscore(axis)') === 0) return this.withAcross('mean', 'sub').withAcross('std', 'div', this);
    return this.apply(X.zscore(this.length), this.length);
  }

  /** Each record `op` the per-position statistic of `of` (default this) across its records: float64. */
  private withAcross(stat: Stat, op: 'sub' | 'div', of: Series = this): Series {
    const e = E.binary(op, E.input(0, this.length), E.input(1, this.length));
    return this.derive(this.impl.combine(of.impl.aggregate(stat), e, this.length, 'float64', 'broadcast'));
  }

  /** Records whose maximum is below `threshold` become zeros. */
  squelch(threshold: number): Series {
    checkFinite(threshold, 'squelch(threshold)');
    return this.apply(X.squelch(this.length, threshold), this.length);
  }

  /**
   * (y − b) / (b + offset) with baseline b: 'percentile' (default, perc 20, numpy linear
   * interpolation), 'mean', 'window' (moving percentile, scipy percentile_filter with edges
   * 'nearest') or 'window-exact' (percentile of y[max(i−l,0) .. min(i+r+1,n)], l = r = w/2 for even
   * w, l = ceil(w/2), r = l+1 for odd w).
   */
  normalize(method: X.NormalizeMethod = 'percentile', options: NormalizeOptions = {}): Series {
    const { perc = 20, window = 6, offset = 0.1 } = checkOptions(options, ['perc', 'window', 'offset'], 'normalize');
    checkChoice(method, ['percentile', 'mean', 'window', 'window-exact'], 'normalize(method)');
    if (typeof perc !== 'number' || !(perc >= 0 && perc <= 100)) throw new InvalidArgumentError('normalize(perc)', 'a percentile in [0, 100]', perc);
    checkInteger(window, 'normalize(window)', 1);
    checkFinite(offset, 'normalize(offset)');
    return this.apply(X.normalize(this.length, method, perc, window, offset), this.length);
  }

  /** Pearson's r with a signal (T = 1) or with each row of a list of signals; 0 for constant records. */
  correlate(signal: ArrayLike<number> | readonly ArrayLike<number>[] | NDArray): Series {
    const rows = toSignals(signal);
    const single = !(signal instanceof NDArray ? signal.ndim === 2 : isNested(signal));
    return this.apply(X.correlate(this.length, rows, single), single ? 1 : rows.length);
  }

  /** Cross-correlation with a signal at lags −lag..lag (index = the lags). */
  crosscorr(signal: ArrayLike<number>, lag = 0): Series {
    checkNumbers(signal, 'crosscorr(signal)');
    checkInteger(lag, 'crosscorr(lag)', 0);
    return this.apply(X.crosscorr(this.length, signal, lag), 2 * lag + 1, 'float64', Array.from({ length: 2 * lag + 1 }, (_, i) => i - lag));
  }

  /** Coherence and phase at a digital frequency (index ['coherence', 'phase']). */
  fourier(freq: number): Series {
    checkInteger(freq, 'fourier(freq)', 0);
    return this.apply(X.fourier(this.length, freq), 2, 'float64', ['coherence', 'phase']);
  }

  /** numpy.convolve of each record with a signal ('full' default, 'same', 'valid'). */
  convolve(signal: ArrayLike<number>, mode: X.ConvolveMode = 'full'): Series {
    const { expr, length } = X.convolve(this.length, checkNumbers(signal, 'convolve(signal)'), checkChoice(mode, ['full', 'same', 'valid'], 'convolve(mode)'));
    return this.apply(expr, length);
  }

  /** Removes a linear (or polynomial, 'nonlinear' of `order`) trend, keeping the intercept. */
  detrend(method: 'linear' | 'nonlinear' = 'linear', order = 5): Series {
    checkChoice(method, ['linear', 'nonlinear'], 'detrend(method)');
    checkInteger(order, 'detrend(order)', 1);
    return this.apply(X.detrend(this.length, method, order), this.length);
  }

  // ---- across records ---------------------------------------------------------------------

  private across(stat: Stat): Series {
    return new Series(this.impl.aggregate(stat), this.index);
  }
  /** Per-position statistics across records: shape [1, T]. */
  mean(): Series { return this.across('mean'); }
  /** Population standard deviation across records (ddof 0). */
  std(): Series { return this.across('std'); }
  var(): Series { return this.across('var'); }
  /**
   * Sums across records: shape [1, T]. Integer data give int64 like Thunder (numpy) when every sum
   * is exact (record count × the dtype's largest magnitude ≤ 2^53 − 1: int32 data up to 4 194 303
   * records, uint8 up to 3.5·10^13); otherwise, and for float data, float64.
   */
  sum(): Series {
    const out = this.across('sum');
    return integerSumFits(this.dtype, this.#maxRecords) ? out.astype('int64') : out;
  }
  max(): Series { return this.across('max'); }
  min(): Series { return this.across('min'); }

  // ---- by index ---------------------------------------------------------------------------

  /**
   * Applies a traced reduction to the values sharing each index label; the new index is the
   * sorted unique labels. `aggregateByIndex(g => g.sum())`.
   */
  aggregateByIndex(fn: (group: Traced) => Traced, level: number | readonly number[] = 0): Series {
    checkFunction(fn, 'aggregateByIndex(fn)');
    const groups = groupByLevels(this.index, checkLevels(level, this.index, 'aggregateByIndex(level)'));
    const x = E.input(0, this.length);
    const items = groups.map(({ positions }) => {
      const g = trace(fn as (...r: Traced[]) => unknown, [positions.length], 'aggregateByIndex(fn)');
      if (g.type.len !== null || g.type.bool) throw new InvalidArgumentError('aggregateByIndex(fn)', 'a function returning one number per group', 'a vector or boolean');
      return substituteInput(g, E.gather(Int32Array.from(positions), x));
    });
    return this.apply(E.stack(items), groups.length, 'float64', groups.map((g) => g.label));
  }

  statByIndex(stat: IndexStat, level: number | readonly number[] = 0): Series {
    if (stat === 'count') {
      const groups = groupByLevels(this.index, checkLevels(level, this.index, 'statByIndex(level)'));
      const counts = E.stack(groups.map((g) => E.constant(g.positions.length)));
      return this.apply(counts, groups.length, 'float64', groups.map((g) => g.label));
    }
    const reducers: Record<Exclude<IndexStat, 'count'>, (g: Traced) => Traced> = {
      sum: (g) => g.sum(),
      mean: (g) => g.mean(),
      median: (g) => g.median(),
      std: (g) => g.std(),
      stdev: (g) => g.std(),
      max: (g) => g.max(),
      min: (g) => g.min(),
    };
    const f = reducers[stat];
    if (typeof stat !== 'string' || !Object.hasOwn(reducers, stat)) throw new InvalidArgumentError('statByIndex(stat)', `one of ${Object.keys(reducers).join(', ')}, count`, stat);
    return this.aggregateByIndex(f, level);
  }
  sumByIndex(level: number | readonly number[] = 0): Series { return this.statByIndex('sum', level); }
  meanByIndex(level: number | readonly number[] = 0): Series { return this.statByIndex('mean', level); }
  medianByIndex(level: number | readonly number[] = 0): Series { return this.statByIndex('median', level); }
  stdByIndex(level: number | readonly number[] = 0): Series { return this.statByIndex('std', level); }
  maxByIndex(level: number | readonly number[] = 0): Series { return this.statByIndex('max', level); }
  minByIndex(level: number | readonly number[] = 0): Series { return this.statByIndex('min', level); }
  countByIndex(level: number | readonly number[] = 0): Series { return this.statByIndex('count', level); }

  /**
   * Average of windows of `window` values centred on each given index label (Thunder's
   * mean_by_window: floor(w/2) before, the rest from the centre on); index 0..window-1.
   */
  meanByWindow(indices: readonly IndexValue[], window: number): Series {
    if (!Number.isInteger(window) || window < 1) throw new InvalidArgumentError('meanByWindow(window)', 'a positive integer', window);
    if (!Array.isArray(indices)) throw new InvalidArgumentError('meanByWindow(indices)', 'a list of index labels', indices);
    if (indices.length === 0) throw new InvalidArgumentError('meanByWindow(indices)', 'at least one index label', 0);
    const before = Math.floor(window / 2);
    const starts = indices.map((label) => {
      const p = this.index.indexOf(label);
      if (p < 0) throw new InvalidArgumentError('meanByWindow(indices)', 'labels present in the index', label);
      if (p - before < 0 || p - before + window > this.length) {
        throw new InvalidArgumentError('meanByWindow(indices)', `windows of ${window} inside the series of length ${this.length}`, label);
      }
      return p - before;
    });
    return this.apply(X.meanOfWindows(this.length, starts, window), window);
  }

  /** Every factor-th value (index subsampled likewise); the dtype is kept. */
  subsample(factor = 2): Series {
    if (!Number.isInteger(factor) || factor < 1) throw new InvalidArgumentError('subsample(factor)', 'a positive integer', factor);
    const len = Math.ceil(this.length / factor);
    const expr = E.view([this.length], [0], [factor], [len], E.input(0, this.length));
    return this.apply(expr, len, this.dtype, this.index.filter((_, i) => i % factor === 0));
  }

  /** Means of consecutive blocks of `factor` values; a trailing partial block is dropped. */
  downsample(factor = 2): Series {
    const { expr, length } = X.downsample(this.length, factor);
    return this.apply(expr, length);
  }

  // ---- conversion and engine hints -------------------------------------------------------

  /** Images with one image per value position, laid out over the base shape in key order. */
  toImages(): Images {
    return new Images(this.impl.toImages());
  }

  repartition(npartitions: number): Series {
    checkInteger(npartitions, 'repartition(npartitions)', 1);
    return this.derive(this.impl.repartition(npartitions), this.index);
  }
  /**
   * Keeps these records in the executors' memory (Spark; locally they are in memory already) and
   * returns this same object, marked cached (Thunder's `cache()`; PySpark's `DataFrame.cache()`
   * too). The persist request runs in the background; actions wait for it.
   */
  cache(): Series {
    cacheImpl(this.impl);
    return this;
  }
  /**
   * Frees the cached data (Spark engine; a no-op locally) and returns this object, no longer
   * marked cached. Spark may drop the cache of data derived from this one as well, unless that
   * cache is fully stored: uncache parents after the children you keep are cached and counted,
   * or at the end.
   */
  uncache(): Series {
    uncacheImpl(this.impl);
    return this;
  }
  /**
   * Whether `cache()` was called on this series and not undone by `uncache()` (Thunder's
   * `iscached()`); series derived from it start uncached. A mark kept here, not a server query.
   */
  isCached(): boolean {
    return isCachedImpl(this.impl);
  }

  // ---- Thunder 1.4 methods added for the ported suite (docs/thunder-compat.md) ------------

  /**
   * Record labels (Thunder's `labels`), shape = base shape, or undefined when none were given.
   * Async because after `filter`/`sample` on Spark the surviving records are known only after a job.
   */
  async labels(): Promise<NDArray | undefined> {
    if (!this.#labels) return undefined;
    const values = await this.#labels();
    const shape = this.impl.knownBaseShape ?? [values.length];
    return new NDArray(Float64Array.from(values), sizeOf(shape) === values.length ? shape : [values.length]);
  }

  /**
   * The same series with record labels (Thunder's `series.labels = ...`): one number per record,
   * as a flat list in key order or nested/NDArray with the base shape.
   */
  withLabels(labels: NDArray | ArrayLike<number> | readonly unknown[]): Series {
    const base = this.impl.knownBaseShape;
    if (!base) throw new NotSupportedError('withLabels(labels)', 'the record count is not known yet after filter(); await count() first');
    const arr = labels instanceof NDArray ? labels : toLabelArray(labels);
    const n = sizeOf(base);
    if (arr.size !== n || (arr.ndim > 1 && arr.shape.join() !== base.join())) {
      throw new InvalidArgumentError('labels', `${n} numbers (one per record, base shape [${base.join(', ')}])`, `shape [${arr.shape.join(', ')}]`);
    }
    const flat = Float64Array.from(arr.data);
    if (flat.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError('labels', 'finite numbers', 'NaN or ±Inf');
    return new Series(this.impl, this.index).withLabelSource(async () => flat);
  }

  /**
   * Thunder's `series[...]` over all axes `[...baseShape, T]`: per axis an integer (the axis is
   * kept with length 1), a list of integers, `null` for the whole axis, or `{ start, stop, step }`.
   * `getItem({ start: 2 })` is `data[2:]`, `getItem(0, null)` is `data[0, :]`, `getItem(null, 0)` is `data[:, 0]`.
   */
  getItem(...items: AxisItem[]): Series {
    const r = resolveItem(items, this.baseShape, this.length, 'getItem');
    if (r.identity) return this;
    const allRecords = r.ranks.length === sizeOf(this.baseShape) && r.ranks.every((k, i) => k === i);
    let out: Series = this;
    if (!allRecords) {
      const parentLabels = this.#labels;
      out = new Series(this.impl.takeRecords(r.ranks, r.baseShape), this.index).withLabelSource(
        parentLabels && (async () => {
          const all = await parentLabels();
          return Float64Array.from(r.ranks, (k) => all[k]!);
        }),
      );
    } else if (r.baseShape.join() !== this.baseShape.join()) {
      out = this.derive(this.impl.withBaseShape(r.baseShape));
    }
    if (r.positions.length === this.length && r.positions.every((p, i) => p === i)) return out;
    const x = E.input(0, this.length);
    return out.apply(E.gather(Int32Array.from(r.positions), x), r.positions.length, this.dtype, r.positions.map((p) => this.index[p]!));
  }

  /**
   * Keeps value positions by index value (Thunder's `select_by_index`): `val` is a value or list of
   * values for one level, or one such entry per level of `level`; `squeeze` drops selected levels
   * left with one value (no level left: index 0..n-1); `filter` keeps the complement;
   * `returnMask` also returns the boolean mask over the positions.
   */
  selectByIndex(val: unknown, options?: SelectByIndexOptions & { returnMask?: false }): Series;
  selectByIndex(val: unknown, options: SelectByIndexOptions & { returnMask: true }): { series: Series; mask: boolean[] };
  selectByIndex(val: unknown, options: SelectByIndexOptions & { returnMask?: boolean } = {}): Series | { series: Series; mask: boolean[] } {
    const o = checkOptions(options, ['level', 'squeeze', 'filter', 'returnMask'], 'selectByIndex');
    checkBoolean(o.squeeze, 'selectByIndex(squeeze)', false);
    checkBoolean(o.filter, 'selectByIndex(filter)', false);
    const returnMask = checkBoolean(o.returnMask, 'selectByIndex(returnMask)', false);
    const sel = selectPositions(this.index, val, o, 'selectByIndex');
    const x = E.input(0, this.length);
    const series = this.apply(E.gather(Int32Array.from(sel.positions), x), sel.positions.length, this.dtype, sel.index);
    return returnMask ? { series, mask: sel.mask } : series;
  }

  /** Means across consecutive panels of `length` values (Thunder's mean_by_panel); index 0..length-1. */
  meanByPanel(length: number): Series {
    checkInteger(length, 'meanByPanel(length)', 1);
    if (this.length % length !== 0 || length === this.length) {
      throw new InvalidArgumentError('meanByPanel(length)', `a divisor of the series length ${this.length} smaller than it`, length);
    }
    const starts = Array.from({ length: this.length / length }, (_, k) => k * length);
    return this.apply(X.meanOfWindows(this.length, starts, length), length);
  }

  /**
   * Each record times `other` (Thunder's times): a matrix [T, K] gives K values (index 0..K-1),
   * a vector of length T one value (index [0]), a number scales the record (index kept).
   */
  times(other: number | ArrayLike<number> | readonly ArrayLike<number>[] | NDArray): Series {
    const T = this.length;
    const x = E.input(0, T);
    if (typeof other === 'number') return this.apply(E.binary('mul', x, E.constant(checkFinite(other, 'times(other)'))), T);
    const m = other instanceof NDArray ? other : toLabelArray(other as readonly unknown[], 'times(other)');
    if (m.ndim === 1 || (m.ndim === 2 && m.shape[1] === 1 && m.shape[0] === T)) {
      if (m.size !== T) throw new InvalidArgumentError('times(other)', `a vector of length ${T} (the series length)`, m.size);
      return this.apply(S.dot(x, E.array(Float64Array.from(m.data))), 1, 'float64', [0]);
    }
    if (m.ndim !== 2 || m.shape[0] !== T) throw new InvalidArgumentError('times(other)', `a number, a vector of length ${T} or a matrix [${T}, K]`, `shape [${m.shape.join(', ')}]`);
    const K = m.shape[1]!;
    const rowsFirst = new Float64Array(K * T);
    for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) rowsFirst[k * T + t] = m.data[t * K + k]!;
    return this.apply(E.matvec(rowsFirst, K, T, x), K, 'float64', Array.from({ length: K }, (_, k) => k));
  }

  /** The Gram matrix Xᵀ X of the records (T × T) as a series of T records on this engine, index kept. */
  async gramian(): Promise<Series> {
    const T = this.length;
    const x = E.input(0, T);
    const rows = new Int32Array(T * T);
    const cols = new Int32Array(T * T);
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) [rows[i * T + j], cols[i * T + j]] = [i, j];
    const outer = E.binary('mul', E.gather(rows, x), E.gather(cols, x));
    const sum = await this.impl.mapValues(outer, T * T, 'float64').aggregate('sum').toArray();
    return new Series(await this.impl.fromValues(new NDArray(Float64Array.from(sum.data), [T, T])), this.index);
  }

  /** The sample covariance of the positions across records (numpy `cov` of the T columns, ddof 1): T × T. */
  async cov(): Promise<Series> {
    const n = await this.count();
    if (n < 2) throw new InvalidArgumentError('cov()', 'at least 2 records', n);
    return (await this.center(0).gramian()).times(1 / (n - 1));
  }

  /** The same records on another grid (`shape` ends with T and has as many values); labels follow. */
  reshape(...shape: number[]): Series {
    const flat = (shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape) as unknown[];
    flat.forEach((d, i) => checkInteger(d, `reshape(shape[${i}])`, 1));
    const dims = flat as number[];
    if (dims.length < 2) throw new InvalidArgumentError('reshape(shape)', 'a base shape and the series length', `[${dims.join(', ')}]`);
    if (sizeOf(dims) !== sizeOf(this.shape)) throw new InvalidArgumentError('reshape(shape)', `a shape of ${sizeOf(this.shape)} values (as [${this.shape.join(', ')}])`, `[${dims.join(', ')}]`);
    if (dims[dims.length - 1] !== this.length) throw new InvalidArgumentError('reshape(shape)', `the series length ${this.length} as the last axis (it cannot change)`, `[${dims.join(', ')}]`);
    return this.derive(this.impl.withBaseShape(dims.slice(0, -1)), this.index);
  }

  /** Folds the records pairwise in key order with a traced two-record function: one record [1, T]. */
  reduce(fn: (a: Traced, b: Traced) => Traced): Series {
    checkFunction(fn, 'reduce(fn)');
    const e = trace(fn as (...r: Traced[]) => unknown, [this.length, this.length], 'reduce(fn)');
    if (e.type.len !== this.length || e.type.bool) throw new InvalidArgumentError('reduce(fn)', `a function returning ${this.length} numbers (a record)`, e.type.len === null ? 'a scalar' : `${e.type.len} values`);
    return new Series(this.impl.reduce(e), this.index);
  }

  /**
   * A traced function of this record and the same-position record of `other` (same shape, same
   * engine), or of this record and a number: `elementWise(other, (a, b) => a.add(b))`.
   */
  elementWise(other: Series | number, fn: (a: Traced, b: Traced) => Traced): Series {
    checkFunction(fn, 'elementWise(fn)');
    const T = this.length;
    if (typeof other === 'number') {
      const c = wrap(E.constant(checkFinite(other, 'elementWise(other)')));
      const e = this.traceRecord((v) => fn(v, c), 'elementWise(fn)');
      if (e.type.len !== T || e.type.bool) throw new InvalidArgumentError('elementWise(fn)', `a function returning ${T} numbers`, e.type.len);
      return this.apply(e, T);
    }
    if (!(other instanceof Series)) throw new InvalidArgumentError('elementWise(other)', 'a Series or a number', other);
    if (other.mode !== this.mode) throw new InvalidArgumentError('elementWise(other)', `a series on the ${this.mode} engine`, other.mode);
    if (other.length !== T || other.baseShape.join() !== this.baseShape.join()) {
      throw new InvalidArgumentError('elementWise(other)', `a series of shape [${this.shape.join(', ')}]`, `shape [${other.shape.join(', ')}]`);
    }
    const e = trace(fn as (...r: Traced[]) => unknown, [T, T], 'elementWise(fn)');
    if (e.type.len !== T || e.type.bool) throw new InvalidArgumentError('elementWise(fn)', `a function returning ${T} numbers`, e.type.len);
    return this.derive(this.impl.combine(other.impl, e, T, 'float64', 'key'));
  }

  /** Elementwise sum with another series of the same shape or a number. */
  plus(other: Series | number): Series {
    return this.elementWise(other, (a, b) => a.add(b));
  }
  /** Elementwise difference (this − other). */
  minus(other: Series | number): Series {
    return this.elementWise(other, (a, b) => a.sub(b));
  }
  /** Elementwise product. */
  dottimes(other: Series | number): Series {
    return this.elementWise(other, (a, b) => a.mul(b));
  }
  /** Elementwise quotient (this / other). */
  dotdivide(other: Series | number): Series {
    return this.elementWise(other, (a, b) => a.div(b));
  }

  private mapWithKeys(fn: (v: Traced, key: Traced) => Traced, options: MapOptions): Series {
    const base = this.impl.knownBaseShape;
    if (!base) throw new NotSupportedError('map(fn, { withKeys: true })', 'the record count is not known yet after filter(); await count() first');
    let e = trace(fn as (...r: Traced[]) => unknown, [this.length, base.length], 'map(fn)');
    if (e.type.bool) e = E.where(e, E.constant(1), E.constant(0));
    const length = e.type.len ?? 1;
    const dtype = options.dtype ?? 'float64';
    if (dtype !== 'float64') e = E.cast(dtype, e);
    return this.derive(this.impl.mapWithKeys(e, length, dtype), options.index ?? (length === this.length ? this.index : undefined));
  }
}

/** Largest magnitude of each integer dtype (int64: the largest it holds here). */
const INTEGER_MAGNITUDE: Partial<Record<DType, number>> = { uint8: 255, uint16: 65535, int16: 32768, int32: 2 ** 31, int64: INT64_MAX_EXACT };

/**
 * Whether sums of `dtype` values over at most `records` records are always exact int64 values
 * (Series and Images `sum`): every partial sum, computed in doubles on every engine, is then an
 * integer within ±(2^53 − 1).
 */
export function integerSumFits(dtype: DType, records: number | undefined): boolean {
  const m = INTEGER_MAGNITUDE[dtype];
  return m !== undefined && records !== undefined && records * m <= INT64_MAX_EXACT;
}

/** Numbers (flat or nested) as an NDArray; `argument` names them in errors. */
function toLabelArray(value: unknown, argument = 'labels'): NDArray {
  if (ArrayBuffer.isView(value)) return new NDArray(Float64Array.from(value as unknown as ArrayLike<number>), [(value as unknown as ArrayLike<number>).length]);
  if (!Array.isArray(value)) throw new InvalidArgumentError(argument, 'an array of numbers (flat or nested)', value);
  return toNDArray(value, argument);
}

function isNested(signal: unknown): boolean {
  return Array.isArray(signal) && signal.length > 0 && typeof signal[0] === 'object';
}

function toSignals(signal: ArrayLike<number> | readonly ArrayLike<number>[] | NDArray): ArrayLike<number>[] {
  if (signal instanceof NDArray) {
    if (signal.ndim === 1) return [signal.data];
    if (signal.ndim === 2) return Array.from({ length: signal.shape[0]! }, (_, i) => signal.at(i).data);
    throw new InvalidArgumentError('correlate(signal)', 'a 1-d or 2-d signal', `${signal.ndim} dimensions`);
  }
  return isNested(signal) ? [...(signal as readonly ArrayLike<number>[])] : [signal as ArrayLike<number>];
}

/** The expression with its record input replaced by `replacement` (a group of the record). */
function substituteInput(e: Expr, replacement: Expr): Expr {
  const memo = new Map<Expr, Expr>();
  const go = (n: Expr): Expr => {
    const hit = memo.get(n);
    if (hit) return hit;
    let out: Expr;
    switch (n.op) {
      case 'input': out = replacement; break;
      case 'const': case 'array': out = n; break;
      case 'binary': out = { ...n, a: go(n.a), b: go(n.b) }; break;
      case 'where': out = { ...n, cond: go(n.cond), a: go(n.a), b: go(n.b) }; break;
      case 'stack': out = { ...n, items: n.items.map(go) }; break;
      default: out = { ...n, arg: go(n.arg) } as Expr;
    }
    memo.set(n, out);
    return out;
  };
  return go(e);
}
