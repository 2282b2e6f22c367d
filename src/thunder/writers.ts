/**
 * Writers. Each produces a directory of files named like Thunder's (`image-00000.tif`, ...) plus,
 * for binary formats, `conf.json` and `SUCCESS`; the directory appears only when complete.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { sizeOf, type NDArray } from '../common/ndarray.js';
import { toBytes } from './io/binary.js';
import { writeDirectory, type OutputFile } from './io/files.js';
import { assertPngEncodable, encodePng } from './io/png.js';
import { encodeTif } from './io/tif-write.js';

const label = (i: number): string => String(i).padStart(5, '0');

function* perImage(all: NDArray, prefix: string, ext: string, encode: (image: NDArray) => Uint8Array): Generator<OutputFile> {
  const n = all.shape[0]!;
  for (let i = 0; i < n; i++) yield { name: `${prefix}-${label(i)}.${ext}`, data: () => encode(all.at(i)) };
}

/** conf.json {shape, dtype} and the empty SUCCESS marker that binary outputs end with. */
export function confFiles(shape: readonly number[], dtype: string): OutputFile[] {
  return [
    { name: 'conf.json', data: () => JSON.stringify({ shape, dtype }, null, 2) },
    { name: 'SUCCESS', data: () => '' },
  ];
}

/** [n, ...shape] images as raw C-order little-endian files plus conf.json {shape, dtype}. */
export async function encodeImagesBinary(path: string, all: NDArray, prefix: string, overwrite: boolean): Promise<void> {
  const files = [...perImage(all, prefix, 'bin', (im) => toBytes(im.data)), ...confFiles(all.shape.slice(1), all.dtype)];
  await writeDirectory(path, files, overwrite);
}

/** One TIFF per image: 2-d images as one page, 3-d images as one page per leading index. */
export async function encodeImagesTif(path: string, all: NDArray, prefix: string, overwrite: boolean): Promise<void> {
  const shape = all.shape.slice(1);
  if (shape.length !== 2 && shape.length !== 3) throw new InvalidArgumentError('toTif', '2-d or 3-d images', `${shape.length}-d images`);
  const [pages, h, w] = shape.length === 2 ? [1, shape[0]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!];
  await writeDirectory(path, perImage(all, prefix, 'tif', (im) => encodeTif(im.data, all.dtype, pages, h, w)), overwrite);
}

/** One PNG per image: [h, w] greyscale or [h, w, 3|4] colour, uint8/uint16. */
export async function encodeImagesPng(path: string, all: NDArray, prefix: string, overwrite: boolean): Promise<void> {
  const shape = all.shape.slice(1);
  assertPngEncodable(all.dtype, shape);
  await writeDirectory(path, perImage(all, prefix, 'png', (im) => encodePng(im.data, all.dtype, shape)), overwrite);
}

/** Thunder 1.x binary series: all values in C order in one file plus conf.json {shape, dtype}. */
export async function encodeSeriesBinary(path: string, values: NDArray, prefix: string, overwrite: boolean): Promise<void> {
  if (sizeOf(values.shape) === 0) throw new InvalidArgumentError('toBinary', 'a series with at least one record', 'an empty series');
  const files: OutputFile[] = [{ name: `${prefix}-00000.bin`, data: () => toBytes(values.data) }, ...confFiles(values.shape, values.dtype)];
  await writeDirectory(path, files, overwrite);
}
