/**
 * Images loaders. Each validates its arguments, resolves the input files on the driver and hands
 * a source (files plus a local decoder) to the engine chosen by `selectEngine`; the local engine
 * decodes here, the Spark engine may let its workers read the files instead.
 */
import { DataFormatError, InvalidArgumentError } from '../../common/errors.js';
import { NDArray, typedArrayFor, type DType, type TypedArray } from '../../common/ndarray.js';
import { toNDArray } from '../arrays.js';
import type { EngineOptions, ImagesSource } from '../engine.js';
import { exampleDir } from '../example-data.js';
import { Images } from '../images.js';
import { checkBoolean, checkInteger, checkOptions } from '../../common/validate.js';
import { decodeBinaryImages, parseDtype, parseDtypeOption, parseShape, readConf } from '../io/binary.js';
import { listFiles, readBytes } from '../io/files.js';
import { decodePng } from '../io/png.js';
import { decodeTif } from '../io/tif-read.js';
import { fillNormal } from '../random.js';
import { selectEngine } from '../select-engine.js';
import { checkEngineOptions, checkSourceOptions, extensions, type FileOptions } from './options.js';

const ENGINE_KEYS = ['engine', 'npartitions', 'readOn'] as const;
const FILE_KEYS = [...ENGINE_KEYS, 'ext', 'start', 'stop', 'recursive', 'labels'] as const;

/** Validates the option names (`known`) and the options every images loader shares. */
function checkLoaderOptions(options: unknown, known: readonly string[], where: string): void {
  const o = checkOptions(options as Record<string, unknown> | undefined, known, where);
  checkSourceOptions(o, where);
  if (o['labels'] !== undefined && !Array.isArray(o['labels']) && !ArrayBuffer.isView(o['labels'])) throw new InvalidArgumentError(`${where}(labels)`, 'an array with one label per image', o['labels']);
}

async function load(source: ImagesSource, options: EngineOptions & { labels?: readonly unknown[] }, where: string): Promise<Images> {
  checkEngineOptions(options, where);
  const engine = selectEngine(options, where);
  const loaded = new Images(await engine.images(source, options));
  if (options.labels === undefined) return loaded;
  const n = await loaded.count();
  const labels = ArrayBuffer.isView(options.labels) ? Array.from(options.labels as unknown as ArrayLike<unknown>) : options.labels;
  if (labels.length !== n) throw new InvalidArgumentError(`${where}(labels)`, `one label per image (${n})`, labels.length);
  return loaded.withLabels(labels);
}

interface Decoded {
  readonly file: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: TypedArray;
}

/** Stacks images decoded from files, naming the first file that disagrees in shape or dtype. */
function stackDecoded(images: readonly Decoded[]): NDArray {
  const first = images[0]!;
  const size = first.data.length;
  const out = typedArrayFor(first.dtype, images.length * size);
  images.forEach((im, i) => {
    if (im.dtype !== first.dtype || im.shape.join() !== first.shape.join()) {
      throw new DataFormatError(im.file, `holds [${im.shape.join(', ')}] ${im.dtype} images, but ${first.file} holds [${first.shape.join(', ')}] ${first.dtype}; all images of a stack must agree`);
    }
    out.set(im.data, i * size);
  });
  return new NDArray(out, [images.length, ...first.shape]);
}

/** Labels (one per image) that loaders attach, as Thunder's `labels` argument. */
export interface LabelOptions {
  readonly labels?: readonly unknown[];
}

export interface TifOptions extends FileOptions, LabelOptions {
  /** Split each file into images of `nplanes` pages (default: one image per file). */
  readonly nplanes?: number;
  /** Drop trailing pages when nplanes does not divide a file's page count (default: error). */
  readonly discardExtra?: boolean;
}

/**
 * Images from single- or multi-page TIFF files (a file, a directory or a glob; .tif/.tiff).
 * A multi-page file is one 3-d image [pages, h, w] unless `nplanes` splits it.
 * Throws `DataFormatError` naming the file for no files, corrupt or truncated files, unsupported
 * sample types, or images that differ in shape or dtype; `InvalidArgumentError` for bad options.
 */
export async function fromTif(path: string, options: TifOptions = {}): Promise<Images> {
  checkLoaderOptions(options, [...FILE_KEYS, 'nplanes', 'discardExtra'], 'images.fromTif');
  const { nplanes } = options;
  const discardExtra = checkBoolean(options.discardExtra, 'images.fromTif(discardExtra)', false);
  if (nplanes !== undefined && (!Number.isInteger(nplanes) || nplanes < 1)) throw new InvalidArgumentError('fromTif(nplanes)', 'a positive integer', nplanes);
  const files = await listFiles(path, { ext: extensions(options.ext, ['tif', 'tiff']), start: options.start, stop: options.stop, recursive: options.recursive });
  const decode = async (): Promise<NDArray> => {
    const perFile = await Promise.all(
      files.map(async (file): Promise<Decoded[]> => {
        const t = await decodeTif(await readBytes(file), file);
        const plane = t.height * t.width * t.samples;
        const planeShape = t.samples === 1 ? [t.height, t.width] : [t.height, t.width, t.samples];
        const group = nplanes ?? t.pages;
        let pages = t.pages;
        if (pages % group !== 0) {
          if (!discardExtra) throw new DataFormatError(file, `nplanes ${group} does not divide its ${pages} pages (pass discardExtra: true to drop the remainder)`);
          pages -= pages % group;
        }
        const out: Decoded[] = [];
        for (let p = 0; p < pages; p += group) {
          const shape = group === 1 ? planeShape : [group, ...planeShape];
          out.push({ file, shape, dtype: t.dtype, data: t.data.subarray(p * plane, (p + group) * plane) });
        }
        return out;
      }),
    );
    const all = perFile.flat();
    if (all.length === 0) throw new DataFormatError(path, 'no images left after discarding extra pages');
    return stackDecoded(all);
  };
  return load({ kind: 'files', format: 'tif', files, decode, tif: { nplanes, discardExtra } }, options, 'images.fromTif');
}

/** Images from PNG files: [h, w] greyscale or [h, w, channels]; uint8 or uint16. */
export async function fromPng(path: string, options: FileOptions & LabelOptions = {}): Promise<Images> {
  checkLoaderOptions(options, FILE_KEYS, 'images.fromPng');
  const files = await listFiles(path, { ext: extensions(options.ext, ['png']), start: options.start, stop: options.stop, recursive: options.recursive });
  const decode = async (): Promise<NDArray> => {
    const decoded = await Promise.all(
      files.map(async (file): Promise<Decoded> => {
        const im = decodePng(await readBytes(file), file);
        return { file, shape: im.shape, dtype: im.dtype, data: im.data };
      }),
    );
    return stackDecoded(decoded);
  };
  return load({ kind: 'files', format: 'png', files, decode }, options, 'images.fromPng');
}

export interface BinaryImagesOptions extends FileOptions, LabelOptions {
  /**
   * Split each file along its last axis into images of `nplanes` planes (Thunder: a file of shape
   * [..., P] gives P / nplanes images of [..., nplanes], or [...] when nplanes is 1); P must be a
   * multiple of nplanes. Such files are decoded here and uploaded on Spark.
   */
  readonly nplanes?: number;
  /** Image shape; overridden by conf.json's "dims"/"shape". */
  readonly shape?: readonly number[];
  /** Value type; overridden by conf.json's "dtype" (default int16, as Thunder). */
  readonly dtype?: DType;
  /** Layout of each file: 'C' (default) or 'F' (first axis fastest). */
  readonly order?: 'C' | 'F';
  /** Name of the configuration file next to the data (default conf.json). */
  readonly conf?: string;
}

/** Flat binary images, one per file (Thunder's frombinary); each file must hold exactly one image. */
export async function fromBinary(path: string, options: BinaryImagesOptions = {}): Promise<Images> {
  checkLoaderOptions(options, [...FILE_KEYS, 'shape', 'dtype', 'order', 'conf', 'nplanes'], 'images.fromBinary');
  const order = options.order ?? 'C';
  if (order !== 'C' && order !== 'F') throw new InvalidArgumentError('fromBinary(order)', "'C' or 'F'", order);
  const { nplanes } = options;
  if (nplanes !== undefined) checkInteger(nplanes, 'images.fromBinary(nplanes)', 1);
  if (options.dtype !== undefined) parseDtypeOption(options.dtype, 'images.fromBinary(dtype)');
  if (options.conf !== undefined && (typeof options.conf !== 'string' || options.conf.length === 0)) throw new InvalidArgumentError('images.fromBinary(conf)', 'a file name', options.conf);
  const { file: confFile, conf } = await readConf(path, options.conf);
  const shapeValue = conf['shape'] ?? conf['dims'] ?? options.shape;
  if (shapeValue === undefined) throw new InvalidArgumentError('fromBinary(shape)', `an image shape (as an option or in ${confFile})`, undefined);
  const shape = parseShape(shapeValue, conf['shape'] ?? conf['dims'] ? confFile : 'fromBinary(shape)');
  const dtype = conf['dtype'] !== undefined ? parseDtype(conf['dtype'], confFile) : parseDtypeOption(options.dtype ?? 'int16', 'images.fromBinary(dtype)');
  const files = await listFiles(path, { ext: extensions(options.ext, ['bin']), start: options.start, stop: options.stop, recursive: options.recursive });
  if (nplanes !== undefined) {
    const planes = shape[shape.length - 1]!;
    if (planes % nplanes !== 0) throw new InvalidArgumentError('images.fromBinary(nplanes)', `a divisor of the last axis of the image shape [${shape.join(', ')}]`, nplanes);
    const decode = async (): Promise<NDArray> => splitPlanes(await decodeBinaryImages(files, shape, dtype, order), nplanes);
    return load({ kind: 'files', format: 'binary', files, decode }, options, 'images.fromBinary');
  }
  const decode = (): Promise<NDArray> => decodeBinaryImages(files, shape, dtype, order);
  return load({ kind: 'files', format: 'binary', files, decode, binary: { shape, dtype, order } }, options, 'images.fromBinary');
}

/** [F, ...s, P] file images as [F * P / k, ...s, k] (k > 1) or [F * P, ...s] (k = 1), in file then plane order. */
function splitPlanes(all: NDArray, k: number): NDArray {
  const [files, ...shape] = all.shape;
  const planes = shape[shape.length - 1]!;
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const groups = planes / k;
  const out = typedArrayFor(all.dtype, all.size);
  let o = 0;
  for (let f = 0; f < files!; f++) {
    for (let g = 0; g < groups; g++) {
      for (let r = 0; r < rows; r++) for (let p = 0; p < k; p++) out[o++] = all.data[(f * rows + r) * planes + g * k + p]!;
    }
  }
  const image = k === 1 ? shape.slice(0, -1) : [...shape.slice(0, -1), k];
  return new NDArray(out, [files! * groups, ...image]);
}

/**
 * Images from an NDArray [n, ...imageShape] (a 2-d array is one image: Thunder's `fromarray`),
 * nested number arrays (float64, likewise), or a list of equally shaped NDArrays, one per image
 * (Thunder's `fromlist`). The array is not copied.
 *
 * A list of 1-d NDArrays follows Thunder on each engine, where its engines disagree: locally the
 * list is stacked into one 2-d image ([1, k, L], `fromlist` → `fromarray`); on Spark every item
 * is an image of its own ([k, L], `fromlist` makes one record per item).
 */
export async function fromArray(data: NDArray | readonly NDArray[] | readonly unknown[], options: EngineOptions & LabelOptions = {}): Promise<Images> {
  checkLoaderOptions(options, [...ENGINE_KEYS, 'labels'], 'images.fromArray');
  let arr = toNDArray(data, 'images.fromArray(data)');
  if (arr.ndim < 2) throw new InvalidArgumentError('images.fromArray(data)', 'at least 2 dimensions ([h, w] or [n, ...imageShape])', `${arr.ndim} dimension(s)`);
  const listOfVectors = Array.isArray(data) && data.length > 0 && data.every((d) => d instanceof NDArray && d.ndim === 1);
  const oneRecordPerItem = listOfVectors && options.engine !== undefined && options.engine !== null;
  if (arr.ndim === 2 && !oneRecordPerItem) arr = arr.reshape([1, ...arr.shape]);
  return load({ kind: 'array', data: arr }, options, 'images.fromArray');
}

/** Standard-normal float64 images of `shape` [n, ...imageShape], the same for a seed on every engine. */
export async function fromRandom(shape: readonly number[] = [10, 50, 50], seed = 42, options: EngineOptions = {}): Promise<Images> {
  checkInteger(seed, 'images.fromRandom(seed)');
  checkLoaderOptions(options, ENGINE_KEYS, 'images.fromRandom');
  parseShape(shape, 'images.fromRandom(shape)');
  if (shape.length < 2) throw new InvalidArgumentError('images.fromRandom(shape)', '[n, ...imageShape]', `[${shape.join(', ')}]`);
  const size = shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(shape[0]! * size);
  for (let i = 0; i < shape[0]!; i++) out.set(fillNormal(new Float64Array(size), seed + i), i * size);
  return load({ kind: 'array', data: new NDArray(out, shape) }, options, 'images.fromRandom');
}

/**
 * Example data shipped with the package: 'fish' (20 two-plane 76x87 uint8 TIFF stacks, shape
 * [20, 2, 76, 87]) or 'mouse' (the first 20 of the 64x64 int16 binary images, as Thunder 1.x).
 */
export async function fromExample(name: 'fish' | 'mouse', options: EngineOptions = {}): Promise<Images> {
  checkLoaderOptions(options, ENGINE_KEYS, 'images.fromExample');
  if (name === 'fish') return fromTif(exampleDir('fish/images'), options);
  if (name === 'mouse') return fromBinary(exampleDir('mouse/images'), { ...options, order: 'F', stop: 20 });
  throw new InvalidArgumentError('images.fromExample(name)', "'fish' or 'mouse'", name);
}
