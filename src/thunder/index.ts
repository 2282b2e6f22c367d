/**
 * Thunder's Images and Series in TypeScript, on a local engine (typed arrays) or on Spark.
 *
 * ```ts
 * import { images, series } from 'thunder-connect/thunder';
 * const imgs = await images.fromExample('fish');            // engine omitted -> local
 * imgs.shape;                                               // [20, 2, 76, 87]
 * const ser = imgs.toSeries().normalize();                  // Series [2, 76, 87, 20]
 * await ser.filter((v) => v.std().gt(0.01)).count();        // 5898
 * ```
 *
 * Shape contracts: Images are `[n, ...imageShape]`, Series `[...baseShape, T]` with an index of
 * length T; `toArray()` squeezes length-1 axes like Thunder. Every loader takes
 * `{ engine?, npartitions? }`; transformations are synchronous and lazy, actions async.
 *
 * Failure behaviour: bad arguments throw `InvalidArgumentError` (naming the argument), bad files
 * `DataFormatError` (naming the file), features not available on an engine `NotSupportedError`.
 * Writers write into a temporary directory renamed into place, so failures leave nothing behind.
 * NaN/±Inf: statistics propagate NaN (see `src/udf/numeric.ts` and `sugar.ts`), comparisons are
 * IEEE (NaN compares false), correlations of constant records are 0.
 *
 * On Spark, record operations run as JVM kernels that each session uploads and registers once
 * (`kernelStatus(spark)` says whether it did and why not); a server that refuses them gets the
 * same results through Spark SQL expressions (`useKernels(spark, false)` chooses that path).
 */
import * as images from './loaders/images.js';
import * as series from './loaders/series.js';

export { images, series };
export { Images } from './images.js';
export type { WriteOptions, LabelState } from './images.js';
export { Blocks } from './blocks.js';
export type { BlockSize, BlocksMapOptions } from './blocks.js';
export type { IndexKey, SliceKey } from './images-index.js';
export { Series } from './series.js';
export type { IndexValue, IndexLabel, IndexStat, NormalizeOptions, MapOptions, SelectByIndexOptions, AxisItem, SliceSpec } from './series.js';
export type { NormalizeMethod, ConvolveMode } from './series-exprs.js';
export type { EngineOptions, SparkEngine, ImagesImpl, SeriesImpl, Stat, FilterSpec, Engine, ImagesSource, SeriesSource } from './engine.js';
export type { TifOptions, BinaryImagesOptions, LabelOptions } from './loaders/images.js';
export type { SeriesOptions, BinarySeriesOptions, TextSeriesOptions } from './loaders/series.js';
export type { FileOptions } from './loaders/options.js';
export { Float16Values, Int64Values, NDArray, roundToHalf } from '../common/ndarray.js';
export type { DType } from '../common/ndarray.js';
export * from './clustering/index.js';
export { kernelStatus, useKernels, type KernelStatus } from './spark/kernels/install.js';
