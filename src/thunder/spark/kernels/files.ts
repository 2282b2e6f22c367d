/**
 * Files read and decoded on the executors by the file kernels (the kernel path; `worker-files.ts`
 * is the Spark SQL path): the workers read each file (`binaryFile`) and one kernel call turns its
 * bytes into the records it holds — raw binary images and series (every dtype, C or F order, Thunder
 * 1.x values or 0.x keyed records), TIFF (multi-page, any compression both decoders read alike) and
 * PNG (8/16-bit grey and colour). Nothing but headers and sizes pass through this process.
 *
 * The driver plans the read from what it can learn cheaply: file sizes (binary) and headers (TIFF
 * directories, PNG IHDR), so shapes, counts and image indexes are known before any job, and the
 * errors the local readers raise from those (sizes, unsupported types, pages or images that
 * disagree, nplanes) are raised here, before any job, with the same text: for a header this planner
 * cannot read, the local decoder reads that one file and throws its own error. A file that only its
 * pixel data shows to be corrupt fails the first action on the images with a `DataFormatError`
 * naming it (see `file-errors.ts`). A file the executors' decoder would read differently from the
 * local one (see `tif-header.ts`) sends the whole source back to the driver's decoder.
 */
import { stat } from 'node:fs/promises';
import { DataFormatError } from '../../../common/errors.js';
import type { DType } from '../../../common/ndarray.js';
import type { DataFrame } from '../../../connect/index.js';
import { expr } from '../../../connect/index.js';
import type { BinaryImagesLayout, BinarySeriesLayout, ImagesSource, SeriesSource } from '../../engine.js';
import { checkImageBytes, checkKeyedBytes, checkKeyedDims, checkSeriesBytes, itemSize } from '../../io/binary.js';
import { readBytes } from '../../io/files.js';
import { decodePng } from '../../io/png.js';
import { readPngHeader } from '../../io/png-header.js';
import { readTifHeader } from '../../io/tif-header.js';
import { decodeTif } from '../../io/tif-read.js';
import type { SparkContext } from '../context.js';
import { SparkImagesImpl } from '../images.js';
import { SparkSeriesImpl } from '../series.js';
import { onPath } from './packed.js';
import { readFiles, sqlString } from '../worker-files.js';

/** A kernel spec (io/Spec.java): `key=value` pairs joined by `;`, values URI-encoded. */
export function kernelSpec(fields: Record<string, string | number | readonly number[]>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`)
    .join(';');
}

/** SQL for one value per file: a literal when all agree, else picked by `_file`. */
function perFile(values: readonly string[]): string {
  return values.every((v) => v === values[0]) ? values[0]! : `element_at(array(${values.join(', ')}), _file + 1)`;
}

/** Many small reads at a time, not thousands at once. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

interface FilePlan {
  readonly spec: string;
  /** Images this file holds. */
  readonly count: number;
}

/** Rows `(index, values)`: every file's images (packed), numbered after the previous files' images. */
function imagesFrame(ctx: SparkContext, files: readonly string[], plans: readonly FilePlan[]): DataFrame {
  const first: number[] = [];
  let acc = 0;
  for (const p of plans) {
    first.push(acc);
    acc += p.count;
  }
  const firstSql = first.every((f, i) => f === i) ? '_file' : perFile(first.map(String));
  const spec = perFile(plans.map((p) => sqlString(p.spec)));
  return readFiles(ctx.session, files)
    .selectExpr(`CAST(${firstSql} AS BIGINT) AS _first`, `posexplode(thunder_read_images(content, _path, ${spec})) AS (_p, values)`)
    .selectExpr('_first + _p AS index', 'values');
}

function images(ctx: SparkContext, files: readonly string[], plans: readonly FilePlan[], shape: readonly number[], dtype: DType): SparkImagesImpl {
  const count = plans.reduce((a, p) => a + p.count, 0);
  // Spark packs many small files into each read partition; merging those (coalesce: no shuffle)
  // is 0.3–1.5 s cheaper at 10⁷–10⁸ values than shuffling every image into npartitions. Fewer
  // files than partitions (a multi-page TIFF) are spread with a shuffle, as on the SQL path.
  const frame = imagesFrame(ctx, files, plans);
  const df = files.length >= ctx.npartitions ? frame.coalesce(ctx.npartitions) : frame.repartition(ctx.npartitions);
  return new SparkImagesImpl(ctx, df, { valueShape: shape, dtype, count });
}

/** Throws, as `loaders/images.ts` does, unless every image has the first one's shape and dtype. */
function checkStack(items: readonly { file: string; shape: readonly number[]; dtype: DType }[]): void {
  const first = items[0]!;
  for (const im of items) {
    if (im.dtype !== first.dtype || im.shape.join() !== first.shape.join()) {
      throw new DataFormatError(im.file, `holds [${im.shape.join(', ')}] ${im.dtype} images, but ${first.file} holds [${first.shape.join(', ')}] ${first.dtype}; all images of a stack must agree`);
    }
  }
}

async function rawImages(ctx: SparkContext, files: readonly string[], layout: BinaryImagesLayout): Promise<SparkImagesImpl> {
  const { shape, dtype, order } = layout;
  const sizes = await mapLimited(files, 32, async (f) => (await stat(f)).size);
  sizes.forEach((bytes, i) => checkImageBytes(files[i]!, bytes, shape, dtype));
  const spec = kernelSpec({ format: 'binary', dtype, shape, order });
  return images(ctx, files, files.map(() => ({ spec, count: 1 })), shape, dtype);
}

async function tifImages(ctx: SparkContext, files: readonly string[], options: { nplanes?: number | undefined; discardExtra?: boolean | undefined }): Promise<SparkImagesImpl | undefined> {
  const headers = await mapLimited(files, 32, readTifHeader);
  const plans: FilePlan[] = [];
  const stack: { file: string; shape: number[]; dtype: DType }[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const h = headers[i]!;
    if (h.kind === 'invalid') {
      // The local decoder's own error; if it reads the file after all, the driver decodes the source.
      await decodeTif(await readBytes(file), file);
      return undefined;
    }
    if (h.kind === 'driver') return undefined;
    const t = h.header;
    const planeShape = t.samples === 1 ? [t.height, t.width] : [t.height, t.width, t.samples];
    const group = options.nplanes ?? t.pages;
    let pages = t.pages;
    if (pages % group !== 0) {
      if (!options.discardExtra) throw new DataFormatError(file, `nplanes ${group} does not divide its ${pages} pages (pass discardExtra: true to drop the remainder)`);
      pages -= pages % group;
    }
    const shape = group === 1 ? planeShape : [group, ...planeShape];
    for (let p = 0; p < pages; p += group) stack.push({ file, shape, dtype: t.dtype });
    // ImageIO refuses differenced 16/32-bit samples: the kernel undoes the differencing itself, per row of each strip or tile.
    const differenced: Record<string, number> = t.predictor === 2 ? { predictor: 2, rowSegment: t.tileWidth ?? t.width } : {};
    plans.push({ spec: kernelSpec({ format: 'tif', dtype: t.dtype, pages, group, height: t.height, width: t.width, samples: t.samples, ...differenced }), count: pages / group });
  }
  // No image left: the driver's decoder names the path as the loader was given it.
  if (stack.length === 0) return undefined;
  checkStack(stack);
  return images(ctx, files, plans, stack[0]!.shape, stack[0]!.dtype);
}

async function pngImages(ctx: SparkContext, files: readonly string[]): Promise<SparkImagesImpl | undefined> {
  const headers = await mapLimited(files, 32, readPngHeader);
  const stack: { file: string; shape: number[]; dtype: DType }[] = [];
  const plans: FilePlan[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const h = headers[i]!;
    if (h.kind === 'invalid') {
      decodePng(await readBytes(file), file);
      return undefined;
    }
    const { height, width, channels, dtype } = h.header;
    stack.push({ file, shape: channels === 1 ? [height, width] : [height, width, channels], dtype });
    plans.push({ spec: kernelSpec({ format: 'png', dtype, height, width, channels }), count: 1 });
  }
  checkStack(stack);
  return images(ctx, files, plans, stack[0]!.shape, stack[0]!.dtype);
}

/** Images the executors decode with the file kernels, or undefined when the driver must decode them. */
export async function kernelImages(ctx: SparkContext, source: ImagesSource & { kind: 'files' }): Promise<SparkImagesImpl | undefined> {
  if (source.format === 'binary') return source.binary ? rawImages(ctx, source.files, source.binary) : undefined;
  if (source.format === 'tif') return tifImages(ctx, source.files, source.tif ?? {});
  return pngImages(ctx, source.files);
}

/** Rows `(_first, _rec)`: every record of every file, `_first` the file's first record number. */
function recordsFrame(ctx: SparkContext, files: readonly string[], firstRecord: readonly number[], spec: string): DataFrame {
  const firstSql = perFile(firstRecord.map(String));
  return readFiles(ctx.session, files).selectExpr(`CAST(${firstSql} AS BIGINT) AS _first`, `posexplode(thunder_read_records(content, _path, ${sqlString(spec)})) AS (_r, _rec)`);
}

async function valueSeries(ctx: SparkContext, files: readonly string[], layout: BinarySeriesLayout & { kind: 'values' }): Promise<SparkSeriesImpl | undefined> {
  const { shape, dtype, confFile } = layout;
  const T = shape[shape.length - 1]!;
  const recordBytes = T * itemSize(dtype);
  const bytes = await mapLimited(files, 32, async (f) => (await stat(f)).size);
  checkSeriesBytes(files, bytes.reduce((a, b) => a + b, 0), shape, dtype, confFile);
  // Records split across files would need bytes from two rows: let the driver decode those.
  if (bytes.some((b) => b % recordBytes !== 0)) return undefined;
  const first: number[] = [];
  let acc = 0;
  for (const b of bytes) {
    first.push(acc);
    acc += b / recordBytes;
  }
  const df = recordsFrame(ctx, files, first, kernelSpec({ format: 'values', dtype, length: T })).selectExpr('_first + _r AS key', '_rec AS values');
  return new SparkSeriesImpl(ctx, onPath(ctx, df, 'key').repartition(ctx.npartitions), { length: T, baseShape: shape.slice(0, -1), dtype, denseKeys: true });
}

async function keyedSeries(ctx: SparkContext, files: readonly string[], layout: BinarySeriesLayout & { kind: 'keyed' }): Promise<SparkSeriesImpl> {
  const { nkeys, keytype, valuetype, nvalues, confFile } = layout;
  const total = (await mapLimited(files, 32, async (f) => (await stat(f)).size)).reduce((a, b) => a + b, 0);
  const recordBytes = checkKeyedBytes(files, total, layout, confFile);
  const spec = kernelSpec({ format: 'keyed', nkeys, keytype, nvalues, valuetype });
  const rows = recordsFrame(ctx, files, files.map(() => 0), spec).select('_rec');
  let dims = layout.dims;
  if (!dims) {
    // The grid spanned by the largest keys: one small aggregate job.
    const maxes = Array.from({ length: nkeys }, (_, k) => `max(element_at(_rec, ${k + 1})) AS m${k}`);
    const row = (await rows.agg(...maxes.map((m) => expr(m))).collect())[0]!;
    dims = Array.from({ length: nkeys }, (_, k) => Number(row[`m${k}`]) + 1);
  }
  checkKeyedDims(dims, nkeys, total / recordBytes, confFile);
  // First key = first axis (C order over dims).
  let flat = 'CAST(0 AS BIGINT)';
  for (let k = 0; k < nkeys; k++) flat = `(${flat} * ${dims[k]} + CAST(element_at(_rec, ${k + 1}) AS BIGINT))`;
  const df = rows.selectExpr(`${flat} AS key`, `slice(_rec, ${nkeys + 1}, ${nvalues}) AS values`);
  return new SparkSeriesImpl(ctx, onPath(ctx, df, 'key').repartition(ctx.npartitions), { length: nvalues, baseShape: dims, dtype: valuetype, denseKeys: true });
}

/** Series the executors decode with the file kernels, or undefined when the driver must decode them. */
export async function kernelSeries(ctx: SparkContext, source: SeriesSource & { kind: 'files' }): Promise<SparkSeriesImpl | undefined> {
  const layout = source.binary;
  if (!layout) return undefined;
  return layout.kind === 'values' ? valueSeries(ctx, source.files, layout) : keyedSeries(ctx, source.files, layout);
}

