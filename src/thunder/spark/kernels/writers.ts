/**
 * `toBinary`/`toTif`/`toPng` (Images) and `toBinary` (Series) written by the executors that hold
 * the records, through the file kernels, so a recording never has to fit in this process. Only on
 * the kernel path and only where the executors share this process's filesystem (`writeOn`, same
 * default as `readOn`: the endpoint is on loopback); otherwise the caller collects and writes.
 *
 * Same output as `writers.ts`: the same file names, formats and conf.json/SUCCESS files (written
 * here at the end; they are small), binary and TIFF files byte for byte, PNG files with the same
 * samples (another deflate). Same directory semantics (`writeDirectoryWith`): the executors write
 * into a temporary sibling of `path`, each file through its own temporary file and an atomic
 * rename; the directory replaces `path` only when the job succeeded; a failed job leaves `path`
 * as it was and the sibling removed. Arguments are checked before any job, with the local
 * writers' errors; a file the executors cannot write fails with a `DataFormatError` naming it.
 */
import { open, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { DataFormatError, InvalidArgumentError } from '../../../common/errors.js';
import { sizeOf } from '../../../common/ndarray.js';
import { expr } from '../../../connect/index.js';
import type { WriteRequest } from '../../engine.js';
import { itemSize } from '../../io/binary.js';
import { writeDirectoryWith } from '../../io/files.js';
import { assertPngEncodable } from '../../io/png.js';
import { confFiles } from '../../writers.js';
import { renumbered } from '../context.js';
import { withFileErrors } from '../file-errors.js';
import type { SparkImagesImpl } from '../images.js';
import { kernelSpec } from './files.js';
import type { SparkSeriesImpl } from '../series.js';
import { readsOnWorkers, sqlString } from '../worker-files.js';

/** Java arrays end at 2^31 bytes; larger files are the driver writer's (up to its own limits). */
const MAX_FILE = 2 ** 31 - 64;

/** Test seams: make the write of one record fail on its executor, as a full disk would. */
export interface WriteFaults {
  readonly failAt?: number;
}

/** A failure naming a file in the unpublished directory `dir` names it under `target` instead. */
async function publishedNames<T>(dir: string, target: string, action: Promise<T>): Promise<T> {
  try {
    return await withFileErrors(action);
  } catch (e) {
    if (!(e instanceof DataFormatError) || !e.path.startsWith(dir + sep)) throw e;
    const problem = e.message.slice(e.path.length + 2);
    throw new DataFormatError(join(resolve(target), e.path.slice(dir.length + 1)), problem, { cause: e.cause });
  }
}

function onExecutors(records: SparkImagesImpl | SparkSeriesImpl, request: WriteRequest): boolean {
  return records.ctx.kernels && readsOnWorkers(records.ctx.session, { readOn: request.writeOn });
}

/**
 * Writes one file per image on the executors; resolves false (nothing done) when this write
 * belongs to the driver: SQL path, executors elsewhere, or a TIFF too large for one Java array.
 */
export async function writeImagesOnExecutors(images: SparkImagesImpl, request: WriteRequest, faults: WriteFaults = {}): Promise<boolean> {
  if (!onExecutors(images, request)) return false;
  const { valueShape: shape, dtype } = images;
  let format: Record<string, string | number>;
  if (request.format === 'tif') {
    if (shape.length !== 2 && shape.length !== 3) throw new InvalidArgumentError('toTif', '2-d or 3-d images', `${shape.length}-d images`);
    const [pages, height, width] = shape.length === 2 ? [1, shape[0]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!];
    const page = height * width * itemSize(dtype);
    if (8 + pages * (page + (page % 2) + 138) > MAX_FILE) return false;
    format = { format: 'tif', pages, height, width };
  } else if (request.format === 'png') {
    assertPngEncodable(dtype, shape);
    format = { format: 'png', height: shape[0]!, width: shape[1]!, channels: shape.length === 2 ? 1 : shape[2]! };
  } else {
    if (sizeOf(shape) * itemSize(dtype) > MAX_FILE) return false;
    format = { format: 'binary' };
  }
  await writeDirectoryWith(request.path, request.overwrite, async (dir) => {
    await images.ctx.ready;
    const spec = kernelSpec({ ...format, dtype, size: sizeOf(shape), dir, prefix: request.prefix, ...(faults.failAt !== undefined ? { failAt: faults.failAt } : {}) });
    // The sum uses every call's result: without it the optimizer prunes the calls away.
    const rows = await publishedNames(dir, request.path, images.df.selectExpr(`thunder_write_image(index, values, ${sqlString(spec)}) AS _bytes`).agg(expr('count(1) AS files'), expr('sum(_bytes) AS bytes')).collect());
    const files = Number(rows[0]?.['files'] ?? 0);
    if (images.knownCount !== undefined && files !== images.knownCount) throw new InvalidArgumentError(`to${request.format === 'binary' ? 'Binary' : request.format === 'tif' ? 'Tif' : 'Png'}`, `${images.knownCount} images written`, files);
    if (request.format === 'binary') for (const f of confFiles(shape, dtype)) await writeFile(join(dir, f.name), f.data());
  });
  return true;
}

/**
 * Writes Thunder 1.x binary series (`<prefix>-00000.bin`, all values in key order, plus conf.json
 * and SUCCESS) on the executors: this process creates the file at its final size, each executor
 * writes its records in place. Sparse keys (after `filter`) are ranked first, as `toArray` does.
 * Resolves false when the driver writes instead (see `writeImagesOnExecutors`).
 */
export async function writeSeriesOnExecutors(series: SparkSeriesImpl, request: WriteRequest, faults: WriteFaults = {}): Promise<boolean> {
  if (!onExecutors(series, request)) return false;
  const base = series.knownBaseShape ?? [await series.count()];
  const shape = [...base, series.length];
  if (sizeOf(shape) === 0) throw new InvalidArgumentError('toBinary', 'a series with at least one record', 'an empty series');
  const bytes = sizeOf(shape) * itemSize(series.dtype);
  const records = series.denseKeys ? series.df : renumbered(series.df, 'key');
  await writeDirectoryWith(request.path, request.overwrite, async (dir) => {
    await series.ctx.ready;
    const file = join(dir, `${request.prefix}-00000.bin`);
    const handle = await open(file, 'wx');
    try {
      await handle.truncate(bytes);
    } finally {
      await handle.close();
    }
    const spec = kernelSpec({ file, dtype: series.dtype, length: series.length, ...(faults.failAt !== undefined ? { failAt: faults.failAt } : {}) });
    const rows = await publishedNames(dir, request.path, records.selectExpr(`thunder_write_record(key, values, ${sqlString(spec)}) AS _bytes`).agg(expr('count(1) AS records'), expr('sum(_bytes) AS bytes')).collect());
    const written = Number(rows[0]?.['records'] ?? 0);
    if (written !== sizeOf(base)) throw new InvalidArgumentError('toBinary', `${sizeOf(base)} records (the series' base shape [${base.join(', ')}])`, written);
    for (const f of confFiles(shape, series.dtype)) await writeFile(join(dir, f.name), f.data());
  });
  return true;
}
