/**
 * The engine boundary. `Images` and `Series` are thin, engine-agnostic classes over the two
 * interfaces below; an engine (local typed arrays, Spark DataFrames) implements only these
 * primitives. Everything else — centering, normalisation, correlations, Fourier statistics,
 * subsampling, projections, selections — is built as a `src/udf` expression and handed to
 * `mapValues`/`filterValues`, so both engines share one definition of every method.
 *
 * What an engine must provide (the Spark engine's to-do list):
 * - `mapValues(expr, ...)`: evaluate a traced expression per record (input 0 = the record's
 *   values as doubles); store the result with the given dtype. Spark: `compileSparkSql`.
 * - `filterValues(predicate)`: keep records whose boolean expression is true, keys unchanged.
 * - `aggregate(stat)`: mean/std/var/sum/max/min across records per position (population std/var;
 *   NaN propagates, including for max/min). Result: one record.
 * - count/first/toArray/sample actions; repartition; cache/uncache (persist/unpersist this very
 *   object's records in place, as Thunder and PySpark do; no-ops locally).
 * - Images only: `range` (records by position), `spatialFilter` (gaussian/uniform/median: needs
 *   neighbours, so it is not an expression), `concat`, `reduce` with a two-record expression,
 *   `toSeries` (the transpose). Series only: `toImages`, `withBaseShape`.
 * Record order is part of the contract: images by index, series by key (flat C-order position
 * over the base shape); `first`, `toArray`, `toSeries`, `toImages` all follow it.
 *
 * Values are doubles inside expressions. A result dtype other than float64 is only requested
 * when the values are already representable (views, max/min) or after an explicit `cast` node,
 * so storing them is exact on every engine.
 */
import type { DType, NDArray } from '../common/ndarray.js';
import type { SparkSession } from '../connect/index.js';
import type { Expr } from '../udf/expr.js';

/** The Spark engine is a Spark Connect session (`SparkSession.connect(url)`). */
export type SparkEngine = SparkSession;

/** Options every loader accepts. */
export interface EngineOptions {
  /** Omitted: the local engine (typed arrays in this process). */
  readonly engine?: SparkEngine | undefined;
  /** Partitions for Spark-backed data (default 12); ignored locally. */
  readonly npartitions?: number | undefined;
  /**
   * Spark only: who reads input files. 'workers': the Spark workers read them (`binaryFile`) and
   * decode them server-side (kernel path: binary, TIFF and PNG; Spark SQL path: raw binary images
   * and series), so the data never passes through this process; 'driver': this process reads,
   * decodes and uploads them.
   * Default: 'workers' when the Spark Connect endpoint is on loopback (127.0.0.1, localhost, ::1),
   * where the server sees the same files as this process; 'driver' otherwise.
   */
  readonly readOn?: 'workers' | 'driver' | undefined;
}

export type EngineMode = 'local' | 'spark';
export type Stat = 'mean' | 'std' | 'var' | 'sum' | 'max' | 'min';

/**
 * What `max()`/`min()` of no records fail with on every engine (an `InvalidArgumentError` naming
 * the method): numpy and Thunder raise too, and no value of an integer dtype could stand for it.
 */
export const EMPTY_EXTREMUM = { expected: 'at least one record (the maximum or minimum of no records is undefined)', got: 'no records' } as const;

/** Neighbourhood filters applied to every image (scipy.ndimage semantics, mode 'reflect'). */
export type FilterSpec =
  | { readonly kind: 'gaussian'; readonly sigma: readonly number[] }
  | { readonly kind: 'uniform' | 'median'; readonly size: readonly number[] };

export interface ImagesImpl {
  readonly mode: EngineMode;
  readonly dtype: DType;
  /** Shape of one image. */
  readonly valueShape: readonly number[];
  /** The number of images when known without running a job (after `filterValues` on Spark: not). */
  readonly knownCount: number | undefined;

  mapValues(expr: Expr, valueShape: readonly number[], dtype: DType): ImagesImpl;
  filterValues(predicate: Expr): ImagesImpl;
  /** Images at positions [start, stop) in index order. */
  range(start: number, stop: number): ImagesImpl;
  aggregate(stat: Stat): ImagesImpl;
  spatialFilter(spec: FilterSpec): ImagesImpl;
  /** This engine's images followed by `other`'s (same value shape; same engine). */
  concat(other: ImagesImpl): ImagesImpl;
  /** Series keyed by voxel (flat C order over the image shape), one value per image. */
  toSeries(): SeriesImpl;
  repartition(npartitions: number): ImagesImpl;
  /** Persists these records (Spark, in the background; later actions wait for it); no-op locally. */
  cache(): void;
  uncache(): void;

  count(): Promise<number>;
  first(): Promise<NDArray>;
  /** All images, shape [n, ...valueShape], not squeezed. */
  toArray(): Promise<NDArray>;
  /** Up to n images drawn without replacement (all when n >= count), in index order. */
  sample(n: number, seed: number): Promise<ImagesImpl>;
  /** Pairwise fold in index order of a two-record expression; float64 image. */
  reduce(expr: Expr): Promise<NDArray>;
  /** `mapValues` of an expression whose input 1 is the image's key, its index, as one value (Thunder's `(i,)`). */
  mapWithKeys(expr: Expr, valueShape: readonly number[], dtype: DType): ImagesImpl;
  /**
   * Writes one file per image where the images are (Spark executors), with the files and
   * directory semantics of `writers.ts`; resolves false when this engine cannot (then the caller
   * writes from `toArray()`). Optional: engines without it always take the caller's path.
   */
  writeFiles?(request: WriteRequest): Promise<boolean>;
}

/** A `toBinary`/`toTif`/`toPng` call (Images) or `toBinary` (Series), options resolved. */
export interface WriteRequest {
  readonly path: string;
  readonly format: 'binary' | 'tif' | 'png';
  readonly prefix: string;
  readonly overwrite: boolean;
  /**
   * Spark only: who writes the files. 'workers': the executors, into the directory this process
   * sees (they must share its filesystem); 'driver': this process, from the collected records.
   * Default as `readOn`: 'workers' when the Spark Connect endpoint is on loopback.
   */
  readonly writeOn?: 'workers' | 'driver' | undefined;
}

export interface SeriesImpl {
  readonly mode: EngineMode;
  readonly dtype: DType;
  /** Values per record (T). */
  readonly length: number;
  /** Shape of the record grid when known without a job; `[count]` after a filter. */
  readonly knownBaseShape: readonly number[] | undefined;

  mapValues(expr: Expr, length: number, dtype: DType): SeriesImpl;
  filterValues(predicate: Expr): SeriesImpl;
  aggregate(stat: Stat): SeriesImpl;
  /** Same records and keys, another grid of equal size (flatten). */
  withBaseShape(shape: readonly number[]): SeriesImpl;
  /** Images with one image per value position, records laid out in key order over the base shape. */
  toImages(): ImagesImpl;
  repartition(npartitions: number): SeriesImpl;
  /** As `ImagesImpl.cache`. */
  cache(): void;
  uncache(): void;

  count(): Promise<number>;
  first(): Promise<NDArray>;
  /** All values, shape [...baseShape, T], not squeezed. */
  toArray(): Promise<NDArray>;
  sample(n: number, seed: number): Promise<SeriesImpl>;
  /** Writes Thunder 1.x binary series where the records are (see `ImagesImpl.writeFiles`); false: the caller writes. */
  writeFiles?(request: WriteRequest): Promise<boolean>;

  // ---- operations that pair records or reach across them (see `series-ops` on Spark) ----
  /**
   * Evaluates a two-record expression (input 0 = this record, input 1 = the partner): the
   * same-key record of `other` (`'key'`: both sides have the same keys) or `other`'s only record
   * (`'broadcast'`, e.g. an `aggregate` result). Keys and grid are this side's.
   */
  combine(other: SeriesImpl, expr: Expr, length: number, dtype: DType, how: 'key' | 'broadcast'): SeriesImpl;
  /**
   * Evaluates an expression whose input 1 is the record's coordinates in the current grid
   * (`knownBaseShape`, C order over the records' ranks in key order).
   */
  mapWithKeys(expr: Expr, length: number, dtype: DType): SeriesImpl;
  /** The records at the given ranks (positions in key order), renumbered 0..m-1 in that order over `baseShape`. */
  takeRecords(ranks: readonly number[], baseShape: readonly number[]): SeriesImpl;
  /** Pairwise fold in key order of a two-record expression: one float64 record, grid [1]. */
  reduce(expr: Expr): SeriesImpl;
  /** The keys of the records in key order (flat C-order positions over the grid they were loaded on). */
  recordKeys(): Promise<Float64Array>;
  /** A new series on this engine (same session/partitions) holding `values` ([...baseShape, T]). */
  fromValues(values: NDArray): Promise<SeriesImpl>;
}

/** Where loaded data comes from; an engine may decode it itself (Spark workers) or locally. */
export type ImagesSource =
  | { readonly kind: 'array'; readonly data: NDArray }
  | {
      readonly kind: 'files';
      readonly format: 'tif' | 'png' | 'binary';
      readonly files: readonly string[];
      readonly decode: () => Promise<NDArray>;
      /** Raw binary images: what an engine needs to decode the files itself. */
      readonly binary?: BinaryImagesLayout | undefined;
      /** TIFF: how pages become images (as `fromTif`'s options), for an engine that decodes the files itself. */
      readonly tif?: { readonly nplanes?: number | undefined; readonly discardExtra?: boolean | undefined } | undefined;
    };

/** One raw little-endian image of `shape` per file. */
export interface BinaryImagesLayout {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly order: 'C' | 'F';
}

/**
 * Binary series files: Thunder 1.x values in C order over `shape` ([...base, T]), or Thunder 0.x
 * keyed records (`nkeys` keys then `nvalues` values each) placed in `dims` by their keys.
 */
export type BinarySeriesLayout =
  | { readonly kind: 'values'; readonly shape: readonly number[]; readonly dtype: DType; readonly confFile: string }
  | {
      readonly kind: 'keyed';
      readonly nkeys: number;
      readonly keytype: DType;
      readonly valuetype: DType;
      readonly nvalues: number;
      readonly dims: readonly number[] | undefined;
      readonly confFile: string;
    };

export type SeriesSource =
  | { readonly kind: 'array'; readonly values: NDArray; readonly keys?: Float64Array | undefined }
  | {
      readonly kind: 'files';
      readonly format: 'binary' | 'text';
      readonly files: readonly string[];
      readonly decode: () => Promise<{ values: NDArray; keys?: Float64Array | undefined }>;
      readonly binary?: BinarySeriesLayout | undefined;
    };

/** What a loader needs from an engine. */
export interface Engine {
  readonly mode: EngineMode;
  images(source: ImagesSource, options: EngineOptions): Promise<ImagesImpl>;
  series(source: SeriesSource, options: EngineOptions): Promise<SeriesImpl>;
}
