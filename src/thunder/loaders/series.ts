/** Series loaders; like the Images loaders they route through `selectEngine`. */
import { InvalidArgumentError } from '../../common/errors.js';
import { NDArray, sizeOf, type DType } from '../../common/ndarray.js';
import { toNDArray } from '../arrays.js';
import type { BinarySeriesLayout, EngineOptions, SeriesSource } from '../engine.js';
import { exampleDir } from '../example-data.js';
import { decodeKeyedSeries, decodeSeriesValues, parseDtype, parseShape, readConf } from '../io/binary.js';
import { listFiles } from '../io/files.js';
import { decodeTextSeries } from '../io/text.js';
import { fillNormal } from '../random.js';
import { selectEngine } from '../select-engine.js';
import { Series, type IndexValue } from '../series.js';
import { checkEngineOptions, extensions, type FileOptions } from './options.js';

export interface SeriesOptions extends EngineOptions {
  /** Labels of the value positions (length T); default 0..T-1. */
  readonly index?: readonly IndexValue[];
}

async function load(source: SeriesSource, options: SeriesOptions, where: string): Promise<Series> {
  checkEngineOptions(options, where);
  const engine = selectEngine(options, where);
  const impl = await engine.series(source, options);
  if (options.index && options.index.length !== impl.length) {
    throw new InvalidArgumentError(`${where}(index)`, `${impl.length} labels (the series length)`, options.index.length);
  }
  return new Series(impl, options.index);
}

/** Series from an NDArray [...baseShape, T] (1-d: one record) or nested number arrays (float64). */
export async function fromArray(values: NDArray | readonly unknown[], options: SeriesOptions = {}): Promise<Series> {
  let arr = toNDArray(values, 'series.fromArray(values)');
  if (arr.ndim === 1) arr = arr.reshape([1, arr.shape[0]!]);
  return load({ kind: 'array', values: arr }, options, 'series.fromArray');
}

export interface BinarySeriesOptions extends FileOptions, SeriesOptions {
  /** [...baseShape, T] when conf.json has none. */
  readonly shape?: readonly number[];
  readonly dtype?: DType;
  readonly conf?: string;
}

/**
 * Binary series with conf.json: Thunder 1.x ({shape, dtype}: values only, C order) or Thunder 0.x
 * ({nkeys, keytype, valuetype, nvalues, dims?}: keyed records, placed by their keys). Throws
 * `DataFormatError` naming the file when sizes disagree with the configuration.
 */
export async function fromBinary(path: string, options: BinarySeriesOptions = {}): Promise<Series> {
  const { file: confFile, conf } = await readConf(path, options.conf);
  const files = await listFiles(path, { ext: extensions(options.ext, ['bin']), start: options.start, stop: options.stop, recursive: options.recursive });
  let decode: () => Promise<{ values: NDArray }>;
  let binary: BinarySeriesLayout;
  if (conf['nkeys'] !== undefined) {
    const nkeys = Number(conf['nkeys']);
    const nvalues = Number(conf['nvalues']);
    if (!Number.isInteger(nkeys) || nkeys < 1 || !Number.isInteger(nvalues) || nvalues < 1) {
      throw new InvalidArgumentError(confFile, 'positive integer "nkeys" and "nvalues"', `${conf['nkeys']}/${conf['nvalues']}`);
    }
    const layout = {
      nkeys,
      nvalues,
      keytype: parseDtype(conf['keytype'] ?? 'int16', confFile),
      valuetype: parseDtype(options.dtype ?? conf['valuetype'], confFile),
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
    const dtype = parseDtype(dtypeValue, options.dtype ? 'series.fromBinary(dtype)' : confFile);
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
  const skip = options.skip ?? 0;
  if (!Number.isInteger(skip) || skip < 0) throw new InvalidArgumentError('series.fromText(skip)', 'a non-negative integer', skip);
  const dtype = parseDtype(options.dtype ?? 'float64', 'series.fromText(dtype)');
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
  parseShape(shape, 'series.fromRandom(shape)');
  const T = shape[shape.length - 1]!;
  const n = sizeOf(shape) / T;
  const out = new Float64Array(n * T);
  for (let i = 0; i < n; i++) out.set(fillNormal(new Float64Array(T), seed + i), i * T);
  return load({ kind: 'array', values: new NDArray(out, shape.length === 1 ? [1, T] : shape) }, options, 'series.fromRandom');
}

/**
 * Example data shipped with the package: 'fish' ([76, 87, 2, 20] uint8: the first 20 time points of
 * the keyed binary series, Thunder 1.x's shape), 'mouse' ([64, 64, 500] int16) or 'iris' ([150, 4]).
 */
export async function fromExample(name: 'fish' | 'mouse' | 'iris', options: SeriesOptions = {}): Promise<Series> {
  if (name === 'fish') return (await fromBinary(exampleDir('fish/series'), options)).between(0, 20);
  if (name === 'mouse') return fromBinary(exampleDir('mouse/series'), options);
  if (name === 'iris') return fromBinary(exampleDir('iris'), options);
  throw new InvalidArgumentError('series.fromExample(name)', "'fish', 'mouse' or 'iris'", name);
}
