/** Series loaders; like the Images loaders they route through `selectEngine`. */
import { InvalidArgumentError } from '../../common/errors.js';
import { NDArray, sizeOf, typedArrayFor, type DType } from '../../common/ndarray.js';
import { toNDArray } from '../arrays.js';
import type { BinarySeriesLayout, EngineOptions, SeriesSource } from '../engine.js';
import { exampleDir } from '../example-data.js';
import { decodeKeyedSeries, decodeSeriesValues, parseDtype, parseDtypeOption, parseShape, readConf } from '../io/binary.js';
import { listFiles } from '../io/files.js';
import { decodeTextSeries } from '../io/text.js';
import { fillNormal } from '../random.js';
import { selectEngine } from '../select-engine.js';
import { Series } from '../series.js';
import { checkIndex, type IndexLabel } from '../series-index.js';
import { checkInteger, checkOptions } from '../../common/validate.js';
import { checkSourceOptions, extensions, type FileOptions } from './options.js';

export interface SeriesOptions extends EngineOptions {
  /** Labels of the value positions (length T, or one list per position for a multi-level index); default 0..T-1. */
  readonly index?: readonly IndexLabel[];
  /** One number per record (flat in key order, or nested with the base shape): Thunder's `labels`. */
  readonly labels?: NDArray | ArrayLike<number> | readonly unknown[];
}

const SERIES_OPTIONS = ['engine', 'npartitions', 'readOn', 'index', 'labels'] as const;
const FILE_OPTIONS = ['ext', 'start', 'stop', 'recursive'] as const;

/** Checks the option names and the shared options' types before anything is read. */
function checkSeriesOptions<T extends SeriesOptions>(options: T | undefined, extra: readonly string[], where: string): T {
  const o = checkOptions(options, [...SERIES_OPTIONS, ...extra], where);
  checkSourceOptions(o as Record<string, unknown>, where);
  return o;
}

async function load(source: SeriesSource, options: SeriesOptions, where: string): Promise<Series> {
  const engine = selectEngine(options, where);
  const impl = await engine.series(source, options);
  const index = options.index === undefined ? undefined : checkIndex(options.index, impl.length, `${where}(index)`);
  const s = new Series(impl, index);
  return options.labels === undefined ? s : s.withLabels(options.labels);
}

/** Series from an NDArray [...baseShape, T] (1-d: one record) or nested number arrays (float64). */
export async function fromArray(values: NDArray | readonly unknown[], options: SeriesOptions = {}): Promise<Series> {
  checkSeriesOptions(options, [], 'series.fromArray');
  let arr = toNDArray(values, 'series.fromArray(values)');
  if (arr.ndim === 1) arr = arr.reshape([1, arr.shape[0]!]);
  return load({ kind: 'array', values: arr }, options, 'series.fromArray');
}

export interface BinarySeriesOptions extends FileOptions, SeriesOptions {
  /** [...baseShape, T] when conf.json has none. */
  readonly shape?: readonly number[];
  readonly dtype?: DType;
  readonly conf?: string;
  /** Values to skip at the start of each record (e.g. a key), Thunder's `skip`; 1.x layout only. */
  readonly skip?: number;
}

/**
 * Binary series with conf.json: Thunder 1.x ({shape, dtype}: values only, C order) or Thunder 0.x
 * ({nkeys, keytype, valuetype, nvalues, dims?}: keyed records, placed by their keys). Throws
 * `DataFormatError` naming the file when sizes disagree with the configuration.
 */
export async function fromBinary(path: string, options: BinarySeriesOptions = {}): Promise<Series> {
  checkSeriesOptions(options, [...FILE_OPTIONS, 'shape', 'dtype', 'conf', 'skip'], 'series.fromBinary');
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError('series.fromBinary(path)', 'a file or directory path', path);
  const skip = options.skip === undefined ? 0 : checkInteger(options.skip, 'series.fromBinary(skip)', 0);
  if (options.conf !== undefined && typeof options.conf !== 'string') throw new InvalidArgumentError('series.fromBinary(conf)', 'a file name', options.conf);
  const { file: confFile, conf } = await readConf(path, options.conf);
  const files = await listFiles(path, { ext: extensions(options.ext, ['bin']), start: options.start, stop: options.stop, recursive: options.recursive });
  let decode: () => Promise<{ values: NDArray }>;
  let binary: BinarySeriesLayout;
  if (conf['nkeys'] !== undefined) {
    if (skip > 0) throw new InvalidArgumentError('series.fromBinary(skip)', `0 for Thunder 0.x keyed records (${confFile} has nkeys: the keys are read, not skipped)`, skip);
    const nkeys = Number(conf['nkeys']);
    const nvalues = Number(conf['nvalues']);
    if (!Number.isInteger(nkeys) || nkeys < 1 || !Number.isInteger(nvalues) || nvalues < 1) {
      throw new InvalidArgumentError(confFile, 'positive integer "nkeys" and "nvalues"', `${conf['nkeys']}/${conf['nvalues']}`);
    }
    const layout = {
      nkeys,
      nvalues,
      keytype: parseDtype(conf['keytype'] ?? 'int16', confFile),
      valuetype: options.dtype !== undefined ? parseDtypeOption(options.dtype, 'series.fromBinary(dtype)') : parseDtype(conf['valuetype'], confFile),
      dims: conf['dims'] === undefined ? undefined : parseShape(conf['dims'], confFile),
    };
    decode = async () => ({ values: await decodeKeyedSeries(files, layout, confFile) });
    binary = { kind: 'keyed', ...layout, confFile };
  } else {
    const shapeValue = options.shape ?? conf['shape'];
    const dtypeValue = options.dtype ?? conf['dtype'];
    if (shapeValue === undefined || dtypeValue === undefined) {
      throw new InvalidArgumentError('series.fromBinary', `shape and dtype (as options or in ${confFile})`, undefined);
    }
    const shape = parseShape(shapeValue, options.shape ? 'series.fromBinary(shape)' : confFile);
    const dtype = options.dtype !== undefined ? parseDtypeOption(options.dtype, 'series.fromBinary(dtype)') : parseDtype(dtypeValue, confFile);
    if (skip > 0) {
      // Records of skip + T values of which the first skip are dropped: decoded here (the
      // engines' file readers know the plain layout only).
      decode = async () => ({ values: await decodeSkipped(files, shape, dtype, skip, confFile) });
      return load({ kind: 'files', format: 'binary', files, decode }, options, 'series.fromBinary');
    }
    decode = async () => ({ values: await decodeSeriesValues(files, shape, dtype, confFile) });
    binary = { kind: 'values', shape, dtype, confFile };
  }
  return load({ kind: 'files', format: 'binary', files, decode, binary }, options, 'series.fromBinary');
}

export interface TextSeriesOptions extends FileOptions, SeriesOptions {
  /** Numbers to skip at the start of each line (e.g. a key column). */
  readonly skip?: number;
  readonly dtype?: DType;
  /** Reshape the [records, T] values to [...baseShape, T]. */
  readonly shape?: readonly number[];
}

/** Series from text files, one record per line of whitespace-separated numbers. */
export async function fromText(path: string, options: TextSeriesOptions = {}): Promise<Series> {
  checkSeriesOptions(options, [...FILE_OPTIONS, 'skip', 'dtype', 'shape'], 'series.fromText');
  if (typeof path !== 'string' || path.length === 0) throw new InvalidArgumentError('series.fromText(path)', 'a file or directory path', path);
  const skip = options.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw new InvalidArgumentError('series.fromText(skip)', 'a non-negative integer', skip);
  const dtype = parseDtypeOption(options.dtype ?? 'float64', 'series.fromText(dtype)');
  const files = await listFiles(path, { ext: extensions(options.ext, ['txt']), start: options.start, stop: options.stop, recursive: options.recursive });
  const decode = async (): Promise<{ values: NDArray }> => {
    const values = await decodeTextSeries(files, skip, dtype);
    if (!options.shape) return { values };
    const shape = parseShape(options.shape, 'series.fromText(shape)');
    if (sizeOf(shape) !== values.size || shape[shape.length - 1] !== values.shape[1]) {
      throw new InvalidArgumentError('series.fromText(shape)', `a shape of ${values.size} values ending in ${values.shape[1]}`, `[${shape.join(', ')}]`);
    }
    return { values: values.reshape(shape) };
  };
  return load({ kind: 'files', format: 'text', files, decode }, options, 'series.fromText');
}

/** Standard-normal float64 series of `shape` [...baseShape, T]; the same for a seed on every engine. */
export async function fromRandom(shape: readonly number[] = [100, 10], seed = 42, options: SeriesOptions = {}): Promise<Series> {
  checkSeriesOptions(options, [], 'series.fromRandom');
  checkInteger(seed, 'series.fromRandom(seed)');
  parseShape(shape, 'series.fromRandom(shape)');
  const T = shape[shape.length - 1]!;
  const n = sizeOf(shape) / T;
  const out = new Float64Array(n * T);
  for (let i = 0; i < n; i++) out.set(fillNormal(new Float64Array(T), seed + i), i * T);
  return load({ kind: 'array', values: new NDArray(out, shape.length === 1 ? [1, T] : shape) }, options, 'series.fromRandom');
}

/**
 * Example data shipped with the package, Thunder 1.x's shapes: 'fish' ([76, 87, 2, 20] uint8: the
 * first 20 time points of the keyed binary series), 'mouse' ([64, 64, 20] int16: the first 20 time
 * points, the same data as `images.fromExample('mouse')` transposed) or 'iris' ([150, 4]).
 */
export async function fromExample(name: 'fish' | 'mouse' | 'iris', options: SeriesOptions = {}): Promise<Series> {
  checkSeriesOptions(options, [], 'series.fromExample');
  if (name === 'fish') return (await fromBinary(exampleDir('fish/series'), options)).between(0, 20);
  if (name === 'mouse') return (await fromBinary(exampleDir('mouse/series'), options)).between(0, 20);
  if (name === 'iris') return fromBinary(exampleDir('iris'), options);
  throw new InvalidArgumentError('series.fromExample(name)', "'fish', 'mouse' or 'iris'", name);
}

/** Values files of records of `skip + T` values each: the first `skip` of every record dropped, shape [...base, T]. */
async function decodeSkipped(files: readonly string[], shape: readonly number[], dtype: DType, skip: number, confFile: string): Promise<NDArray> {
  const T = shape[shape.length - 1]!;
  const n = sizeOf(shape) / T;
  const raw = await decodeSeriesValues(files, [n, skip + T], dtype, confFile);
  const out = typedArrayFor(dtype, n * T);
  for (let r = 0; r < n; r++) out.set(raw.data.subarray(r * (skip + T) + skip, (r + 1) * (skip + T)), r * T);
  return new NDArray(out, shape);
}
