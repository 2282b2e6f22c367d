/**
 * Series: a collection of 1-d records (one per voxel) with a shared index.
 *
 * Shape contract: `shape = [...baseShape, T]` with `index.length === T`. Records carry keys, the
 * flat C-order position over the base shape they came from; record order is key order. After
 * `filter` or `sample` the base shape is `[count]` and the keys are kept. `map` may change T
 * (a scalar result gives T = 1). `toArray()` squeezes axes of length 1, like Thunder.
 *
 * Transformations are synchronous, lazy on Spark and return new objects; actions return Promises.
 * Traced lambdas (`map`, `filter`, `aggregateByIndex`) fail at the call with `InvalidArgumentError`
 * when they use anything outside `src/udf`'s vocabulary.
 */
import { InvalidArgumentError, NotSupportedError } from '../common/errors.js';
import { NDArray, sizeOf, type DType } from '../common/ndarray.js';
import * as E from '../udf/expr.js';
import type { Expr } from '../udf/expr.js';
import { trace, type Traced } from '../udf/trace.js';
import type { SeriesImpl, Stat } from './engine.js';
import { Images, writeRequest, type WriteOptions } from './images.js';
import { encodeSeriesBinary } from './writers.js';
import * as X from './series-exprs.js';

export type IndexValue = number | string;

/** Statistics available to `statByIndex` and its shorthands. */
export type IndexStat = 'sum' | 'mean' | 'median' | 'std' | 'max' | 'min' | 'count';

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
  /** One label per value position (length T). */
  readonly index: readonly IndexValue[];

  constructor(impl: SeriesImpl, index?: readonly IndexValue[]) {
    const idx = index ?? Array.from({ length: impl.length }, (_, i) => i);
    if (idx.length !== impl.length) throw new InvalidArgumentError('index', `${impl.length} labels (the series length)`, idx.length);
    this.impl = impl;
    this.index = Object.freeze([...idx]);
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

  private derive(impl: SeriesImpl, index: readonly IndexValue[] | undefined = undefined): Series {
    return new Series(impl, index ?? (impl.length === this.length ? this.index : undefined));
  }

  /** Evaluates an expression over each record; the result is float64 unless `dtype` is given. */
  private apply(expr: Expr, length: number, dtype: DType = 'float64', index?: readonly IndexValue[]): Series {
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
    return this.derive(await this.impl.sample(n, seed), this.index);
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
    return this.select((i) => typeof i === 'number' && left <= i && i < right);
  }

  /**
   * Keeps the value positions whose label satisfies a predicate (run in JS on the driver's index)
   * or is in a list of labels. Throws `InvalidArgumentError` when nothing matches.
   */
  select(criterion: ((label: IndexValue) => boolean) | IndexValue | readonly IndexValue[]): Series {
    const pred =
      typeof criterion === 'function'
        ? criterion
        : Array.isArray(criterion)
          ? (l: IndexValue) => (criterion as readonly IndexValue[]).includes(l)
          : (l: IndexValue) => l === criterion;
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
   * float64 unless `dtype` is given (then converted with typed-array semantics on every engine).
   */
  map(fn: (v: Traced) => Traced, options: { index?: readonly IndexValue[]; dtype?: DType } = {}): Series {
    let expr = this.traceRecord(fn, 'map(fn)');
    if (expr.type.bool) expr = E.where(expr, E.constant(1), E.constant(0));
    const length = expr.type.len ?? 1;
    if (options.dtype && options.dtype !== 'float64') expr = E.cast(options.dtype, expr);
    return this.apply(expr, length, options.dtype, options.index);
  }

  /** Keeps records for which a traced predicate holds: `filter(v => v.std().gt(0.01))`. */
  filter(fn: (v: Traced) => Traced): Series {
    const expr = this.traceRecord(fn, 'filter(fn)');
    if (expr.type.len !== null || !expr.type.bool) {
      throw new InvalidArgumentError('filter(fn)', 'a function returning one boolean per record, e.g. v => v.std().gt(0.01)', expr.type.len === null ? 'a number' : 'a vector');
    }
    return this.derive(this.impl.filterValues(expr), this.index);
  }

  astype(dtype: DType): Series {
    return this.apply(E.cast(dtype, E.input(0, this.length)), this.length, dtype);
  }

  /** Values clipped to [min, max] (either optional); the dtype is kept. */
  clip(min?: number, max?: number): Series {
    let e: Expr = E.input(0, this.length);
    if (min !== undefined) e = E.binary('maximum', e, E.constant(min));
    if (max !== undefined) e = E.binary('minimum', e, E.constant(max));
    return this.apply(this.dtype === 'float64' ? e : E.cast(this.dtype, e), this.length, this.dtype);
  }

  // ---- within-record preprocessing (all are expressions) --------------------------------

  /** Subtracts each record's mean. */
  center(): Series {
    return this.apply(X.center(this.length), this.length);
  }

  /** Divides each record by its (population) standard deviation. */
  standardize(): Series {
    return this.apply(X.standardize(this.length), this.length);
  }

  /** (x − mean) / std per record. */
  zscore(): Series {
    return this.apply(X.zscore(this.length), this.length);
  }

  /** Records whose maximum is below `threshold` become zeros. */
  squelch(threshold: number): Series {
    return this.apply(X.squelch(this.length, threshold), this.length);
  }

  /**
   * (y − b) / (b + offset) with baseline b: 'percentile' (default, perc 20, numpy linear
   * interpolation), 'mean', 'window' (moving percentile, scipy percentile_filter with edges
   * 'nearest') or 'window-exact' (percentile of y[max(i−l,0) .. min(i+r+1,n)], l = r = w/2 for even
   * w, l = ceil(w/2), r = l+1 for odd w).
   */
  normalize(method: X.NormalizeMethod = 'percentile', options: NormalizeOptions = {}): Series {
    const { perc = 20, window = 6, offset = 0.1 } = options;
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
    return this.apply(X.crosscorr(this.length, signal, lag), 2 * lag + 1, 'float64', Array.from({ length: 2 * lag + 1 }, (_, i) => i - lag));
  }

  /** Coherence and phase at a digital frequency (index ['coherence', 'phase']). */
  fourier(freq: number): Series {
    return this.apply(X.fourier(this.length, freq), 2, 'float64', ['coherence', 'phase']);
  }

  /** numpy.convolve of each record with a signal ('full' default, 'same', 'valid'). */
  convolve(signal: ArrayLike<number>, mode: X.ConvolveMode = 'full'): Series {
    const { expr, length } = X.convolve(this.length, signal, mode);
    return this.apply(expr, length);
  }

  /** Removes a linear (or polynomial, 'nonlinear' of `order`) trend, keeping the intercept. */
  detrend(method: 'linear' | 'nonlinear' = 'linear', order = 5): Series {
    return this.apply(X.detrend(this.length, method, order), this.length);
  }

  // ---- across records ---------------------------------------------------------------------

  private across(stat: Stat): Series {
    return this.derive(this.impl.aggregate(stat), this.index);
  }
  /** Per-position statistics across records: shape [1, T]. */
  mean(): Series { return this.across('mean'); }
  /** Population standard deviation across records (ddof 0). */
  std(): Series { return this.across('std'); }
  var(): Series { return this.across('var'); }
  sum(): Series { return this.across('sum'); }
  max(): Series { return this.across('max'); }
  min(): Series { return this.across('min'); }

  // ---- by index ---------------------------------------------------------------------------

  /**
   * Applies a traced reduction to the values sharing each index label; the new index is the
   * sorted unique labels. `aggregateByIndex(g => g.sum())`.
   */
  aggregateByIndex(fn: (group: Traced) => Traced): Series {
    const groups = uniqueGroups(this.index);
    const x = E.input(0, this.length);
    const items = groups.map(({ positions }) => {
      const g = trace(fn as (...r: Traced[]) => unknown, [positions.length], 'aggregateByIndex(fn)');
      if (g.type.len !== null || g.type.bool) throw new InvalidArgumentError('aggregateByIndex(fn)', 'a function returning one number per group', 'a vector or boolean');
      return substituteInput(g, E.gather(Int32Array.from(positions), x));
    });
    return this.apply(E.stack(items), groups.length, 'float64', groups.map((g) => g.label));
  }

  statByIndex(stat: IndexStat): Series {
    if (stat === 'count') {
      const groups = uniqueGroups(this.index);
      const counts = E.stack(groups.map((g) => E.constant(g.positions.length)));
      return this.apply(counts, groups.length, 'float64', groups.map((g) => g.label));
    }
    const reducers: Record<Exclude<IndexStat, 'count'>, (g: Traced) => Traced> = {
      sum: (g) => g.sum(),
      mean: (g) => g.mean(),
      median: (g) => g.median(),
      std: (g) => g.std(),
      max: (g) => g.max(),
      min: (g) => g.min(),
    };
    const f = reducers[stat];
    if (!f) throw new InvalidArgumentError('statByIndex(stat)', `one of ${Object.keys(reducers).join(', ')}, count`, stat);
    return this.aggregateByIndex(f);
  }
  sumByIndex(): Series { return this.statByIndex('sum'); }
  meanByIndex(): Series { return this.statByIndex('mean'); }
  medianByIndex(): Series { return this.statByIndex('median'); }
  stdByIndex(): Series { return this.statByIndex('std'); }
  maxByIndex(): Series { return this.statByIndex('max'); }
  minByIndex(): Series { return this.statByIndex('min'); }
  countByIndex(): Series { return this.statByIndex('count'); }

  /**
   * Average of windows of `window` values centred on each given index label (Thunder's
   * mean_by_window: floor(w/2) before, the rest from the centre on); index 0..window-1.
   */
  meanByWindow(indices: readonly IndexValue[], window: number): Series {
    if (!Number.isInteger(window) || window < 1) throw new InvalidArgumentError('meanByWindow(window)', 'a positive integer', window);
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
    return this.derive(this.impl.repartition(npartitions), this.index);
  }
  cache(): Series {
    return this.derive(this.impl.cache(), this.index);
  }
  /**
   * Frees the cached data (Spark engine; a no-op locally). Spark may drop the cache of data
   * derived from this one as well, unless that cache is fully stored: uncache parents after the
   * children you keep are cached and counted, or at the end.
   */
  uncache(): Series {
    return this.derive(this.impl.uncache(), this.index);
  }
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

function uniqueGroups(index: readonly IndexValue[]): { label: IndexValue; positions: number[] }[] {
  const map = new Map<IndexValue, number[]>();
  index.forEach((l, p) => {
    const g = map.get(l);
    if (g) g.push(p);
    else map.set(l, [p]);
  });
  const labels = [...map.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return labels.map((label) => ({ label, positions: map.get(label)! }));
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
