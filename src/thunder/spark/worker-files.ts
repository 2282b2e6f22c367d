/**
 * Files read by the Spark workers (`binaryFile`) and decoded with SQL (`binary-sql.ts`), so large
 * data never passes through this process: the Spark SQL path. Only raw binary formats qualify
 * (Thunder's binary images and series); TIFF/PNG/text are decoded on the driver and uploaded. The
 * kernel path decodes binary, TIFF and PNG files with the file kernels instead (`kernels/files.ts`).
 *
 * The driver lists and `stat`s the files (it must see them to list them), so size mismatches are
 * reported before any job runs, with the same errors as the local decoders. Not checked on this
 * path (the local decoder checks them): keyed records with keys outside `dims` or duplicate keys.
 * A file is decoded by one task, then the records are spread over `npartitions`.
 */
import { stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { sizeOf } from '../../common/ndarray.js';
import type { DataFrame, SparkSession } from '../../connect/index.js';
import { expr } from '../../connect/index.js';
import type { BinaryImagesLayout, BinarySeriesLayout, EngineOptions, ImagesSource, SeriesSource } from '../engine.js';
import { checkImageBytes, checkKeyedBytes, checkKeyedDims, checkSeriesBytes, itemSize } from '../io/binary.js';
import { numberAt, numbersFrom } from './binary-sql.js';
import type { SparkContext } from './context.js';
import { letIn } from './expressions.js';
import { SparkImagesImpl } from './images.js';
import { SparkSeriesImpl } from './series.js';
import { castArrayTo } from './sql-types.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/i;

/** Whether the workers read the files: `readOn`, else whether the server is on this machine. */
export function readsOnWorkers(session: SparkSession, options: EngineOptions): boolean {
  if (options.readOn) return options.readOn === 'workers';
  const host = session.client.endpoint.replace(/:\d+$/, '');
  return LOOPBACK.test(host);
}

/** `s` as a Spark SQL string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The files as rows `(_file int: position in `files`, content binary, _path: the file as listed)`. */
export function readFiles(session: SparkSession, files: readonly string[]): DataFrame {
  const paths = files.map((f) => resolve(f));
  const list = `array(${paths.map(sqlString).join(', ')})`;
  // binaryFile reports paths as file:/abs/path URIs; strip the scheme to match the listing.
  return binaryFiles(session, paths)
    .selectExpr("regexp_replace(path, '^file:(//)?', '') AS _path", 'content')
    .selectExpr(`CAST(array_position(${list}, _path) - 1 AS INT) AS _file`, 'content', '_path')
    .filter('_file >= 0');
}

/**
 * `binaryFile` rows of at least `paths`. Given more than 32 paths
 * (spark.sql.sources.parallelPartitionDiscovery.threshold), Spark lists them with a distributed
 * job of one task per path, every time the plan is analysed: 2–4 s for 1,000 images. Files of one
 * folder with one extension (what the loaders list) are therefore read as that folder with a glob
 * filter, one local listing; other files of the folder, if any, are dropped by the caller.
 */
function binaryFiles(session: SparkSession, paths: readonly string[]): DataFrame {
  const dirs = new Set(paths.map((p) => dirname(p)));
  const exts = new Set(paths.map((p) => extname(p)));
  const ext = exts.size === 1 ? [...exts][0]! : '';
  if (paths.length > 1 && dirs.size === 1 && /^\.[A-Za-z0-9_-]+$/.test(ext)) {
    return session.read.format('binaryFile').option('pathGlobFilter', `*${ext}`).load([...dirs][0]!);
  }
  return session.read.format('binaryFile').load(...paths);
}

/**
 * The file's bytes bound to a lambda variable. Read straight from the row, every access to a
 * binary column copies the whole file (`UnsafeRow.getBinary`), which made per-byte reads O(n²):
 * a 3 MB file took over 40 minutes. Bound once, accesses share one copy.
 */
const CONTENT = '_c';
function withContent(body: string): string {
  return letIn('content', CONTENT, body);
}

async function sizes(files: readonly string[]): Promise<number[]> {
  return Promise.all(files.map(async (f) => (await stat(f)).size));
}

function fortranPosition(shape: readonly number[]): (i: string) => string {
  // C-order element i reads Fortran-order element Σ coord_d(i) · fstride_d.
  const nd = shape.length;
  const cStride = new Array<number>(nd);
  const fStride = new Array<number>(nd);
  let c = 1;
  let f = 1;
  for (let d = nd - 1; d >= 0; d--) {
    cStride[d] = c;
    c *= shape[d]!;
  }
  for (let d = 0; d < nd; d++) {
    fStride[d] = f;
    f *= shape[d]!;
  }
  return (i) => shape.map((n, d) => `((${i} div ${cStride[d]}) % ${n}) * ${fStride[d]}`).join(' + ');
}

async function binaryImages(ctx: SparkContext, files: readonly string[], layout: BinaryImagesLayout): Promise<SparkImagesImpl> {
  const { shape, dtype, order } = layout;
  (await sizes(files)).forEach((bytes, i) => checkImageBytes(files[i]!, bytes, shape, dtype));
  const values = withContent(numbersFrom(CONTENT, '0', sizeOf(shape), dtype, order === 'F' ? fortranPosition(shape) : undefined));
  const df = readFiles(ctx.session, files).selectExpr('CAST(_file AS BIGINT) AS index', `${castArrayTo(values, dtype)} AS values`);
  return new SparkImagesImpl(ctx, df.repartition(ctx.npartitions), { valueShape: shape, dtype, count: files.length });
}

async function valueSeries(ctx: SparkContext, files: readonly string[], layout: BinarySeriesLayout & { kind: 'values' }): Promise<SparkSeriesImpl | undefined> {
  const { shape, dtype, confFile } = layout;
  const T = shape[shape.length - 1]!;
  const recordBytes = T * itemSize(dtype);
  const bytes = await sizes(files);
  checkSeriesBytes(files, bytes.reduce((a, b) => a + b, 0), shape, dtype, confFile);
  // Records split across files would need bytes from two rows: let the driver decode those.
  if (bytes.some((b) => b % recordBytes !== 0)) return undefined;
  const firstKey: number[] = [];
  let acc = 0;
  for (const b of bytes) {
    firstKey.push(acc);
    acc += b / recordBytes;
  }
  const records = withContent(`transform(sequence(0, CAST(length(${CONTENT}) div ${recordBytes} AS INT) - 1), _r -> ${numbersFrom(CONTENT, `_r * ${recordBytes}`, T, dtype)})`);
  const df = readFiles(ctx.session, files)
    .selectExpr(`element_at(array(${firstKey.join(', ')}), _file + 1) AS _first`, `posexplode(${records}) AS (_r, _v)`)
    .selectExpr('CAST(_first + _r AS BIGINT) AS key', 'CAST(_v AS ARRAY<DOUBLE>) AS values');
  return new SparkSeriesImpl(ctx, df.repartition(ctx.npartitions), { length: T, baseShape: shape.slice(0, -1), dtype, denseKeys: true });
}

async function keyedSeries(ctx: SparkContext, files: readonly string[], layout: BinarySeriesLayout & { kind: 'keyed' }): Promise<SparkSeriesImpl> {
  const { nkeys, keytype, valuetype, nvalues, confFile } = layout;
  const total = (await sizes(files)).reduce((a, b) => a + b, 0);
  const recordBytes = checkKeyedBytes(files, total, layout, confFile);
  const keyBytes = nkeys * itemSize(keytype);
  const keyAt = (k: number): string => numberAt(CONTENT, `_r * ${recordBytes} + ${k * itemSize(keytype)}`, keytype);
  const record = `struct(array(${Array.from({ length: nkeys }, (_, k) => keyAt(k)).join(', ')}) AS k, ${numbersFrom(CONTENT, `_r * ${recordBytes} + ${keyBytes}`, nvalues, valuetype)} AS v)`;
  const all = withContent(`transform(sequence(0, CAST(length(${CONTENT}) div ${recordBytes} AS INT) - 1), _r -> ${record})`);
  const rows = readFiles(ctx.session, files).selectExpr(`explode(${all}) AS _rec`);
  let dims = layout.dims;
  if (!dims) {
    // The grid spanned by the largest keys: one small aggregate job.
    const maxes = Array.from({ length: nkeys }, (_, k) => `max(element_at(_rec.k, ${k + 1})) AS m${k}`);
    const row = (await rows.agg(...maxes.map((m) => expr(m))).collect())[0]!;
    dims = Array.from({ length: nkeys }, (_, k) => Number(row[`m${k}`]) + 1);
  }
  checkKeyedDims(dims, nkeys, total / recordBytes, confFile);
  // First key = first axis (C order over dims).
  let flat = 'CAST(0 AS BIGINT)';
  for (let k = 0; k < nkeys; k++) flat = `(${flat} * ${dims[k]} + CAST(element_at(_rec.k, ${k + 1}) AS BIGINT))`;
  const df = rows.selectExpr(`${flat} AS key`, 'CAST(_rec.v AS ARRAY<DOUBLE>) AS values');
  return new SparkSeriesImpl(ctx, df.repartition(ctx.npartitions), { length: nvalues, baseShape: dims, dtype: valuetype, denseKeys: true });
}

/** Images the workers can load, or undefined when the driver must decode them. */
export async function workerImages(ctx: SparkContext, source: ImagesSource & { kind: 'files' }): Promise<SparkImagesImpl | undefined> {
  return source.binary ? binaryImages(ctx, source.files, source.binary) : undefined;
}

/** Series the workers can load, or undefined when the driver must decode them. */
export async function workerSeries(ctx: SparkContext, source: SeriesSource & { kind: 'files' }): Promise<SparkSeriesImpl | undefined> {
  const layout = source.binary;
  if (!layout) return undefined;
  return layout.kind === 'values' ? valueSeries(ctx, source.files, layout) : keyedSeries(ctx, source.files, layout);
}
