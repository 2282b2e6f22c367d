/**
 * The Spark engine: loaders hand it sources; it builds the DataFrames. Arrays (and files that
 * only this process can read, or that the server cannot decode: text; on the SQL path also TIFF
 * and PNG) are decoded here and uploaded with `createDataFrame` (large uploads go through the
 * artifact cache). Files the workers can read are loaded by the workers: on the kernel path
 * binary, TIFF and PNG files are decoded by the file kernels (`kernels/files.ts`), on the SQL path
 * raw binary files by SQL (`worker-files.ts`).
 */
import { NDArray, sizeOf } from '../../common/ndarray.js';
import type { SparkSession } from '../../connect/index.js';
import type { Engine, EngineOptions, ImagesImpl, ImagesSource, SeriesImpl, SeriesSource } from '../engine.js';
import { DEFAULT_PARTITIONS, type SparkContext } from './context.js';
import { SparkImagesImpl } from './images.js';
import { kernelStatus } from './kernels/install.js';
import { onPath } from './kernels/packed.js';
import { SparkSeriesImpl } from './series.js';
import { sqlElementType } from './sql-types.js';
import { kernelImages, kernelSeries } from './kernels/files.js';
import { positions, rowOffsets, uploadSeriesRows } from './upload.js';
import { readsOnWorkers, workerImages, workerSeries } from './worker-files.js';

async function context(session: SparkSession, options: EngineOptions): Promise<SparkContext> {
  const kernels = (await kernelStatus(session)).path === 'kernels';
  return { session, npartitions: options.npartitions ?? DEFAULT_PARTITIONS, kernels, ready: Promise.resolve() };
}

/** Uploads [n, ...imageShape] images as rows `(index, values)` (packed on the kernel path). */
export async function uploadImages(ctx: SparkContext, data: NDArray): Promise<SparkImagesImpl> {
  const n = data.shape[0]!;
  const valueShape = data.shape.slice(1);
  const df = await ctx.session.createDataFrame(
    { index: positions(n), values: { values: data.data, offsets: rowOffsets(n, sizeOf(valueShape)) } },
    `index bigint, values array<${sqlElementType(data.dtype).toLowerCase()}>`,
  );
  return new SparkImagesImpl(ctx, onPath(ctx, df, 'index').repartition(ctx.npartitions), { valueShape, dtype: data.dtype, count: n });
}

/** Uploads [...baseShape, T] values as rows `(key, values array<double>)` (see ./upload.ts). */
export async function uploadSeries(ctx: SparkContext, values: NDArray, keys?: Float64Array): Promise<SparkSeriesImpl> {
  const { df, shape } = await uploadSeriesRows(ctx, values, keys);
  return new SparkSeriesImpl(ctx, df, shape);
}

const engines = new WeakMap<SparkSession, Engine>();

export function sparkEngine(session: SparkSession): Engine {
  let engine = engines.get(session);
  if (!engine) {
    engine = {
      mode: 'spark',
      async images(source: ImagesSource, options: EngineOptions): Promise<ImagesImpl> {
        const ctx = await context(session, options);
        if (source.kind === 'files' && readsOnWorkers(session, options)) {
          const loaded = ctx.kernels ? await kernelImages(ctx, source) : await workerImages(ctx, source);
          if (loaded) return loaded;
        }
        return uploadImages(ctx, source.kind === 'array' ? source.data : await source.decode());
      },
      async series(source: SeriesSource, options: EngineOptions): Promise<SeriesImpl> {
        const ctx = await context(session, options);
        if (source.kind === 'files' && readsOnWorkers(session, options)) {
          const loaded = ctx.kernels ? await kernelSeries(ctx, source) : await workerSeries(ctx, source);
          if (loaded) return loaded;
        }
        const { values, keys } = source.kind === 'array' ? source : await source.decode();
        return uploadSeries(ctx, values, keys);
      },
    };
    engines.set(session, engine);
  }
  return engine;
}
