/**
 * A baseline TIFF writer (geotiff writes single images only): little-endian, uncompressed, one
 * strip per page, greyscale, one page per leading index of a 3-d image. Enough for `toTif` and
 * for round trips through `decodeTif`.
 */
import { endianness } from 'node:os';
import { InvalidArgumentError, NotSupportedError } from '../../common/errors.js';
import type { DType, TypedArray } from '../../common/ndarray.js';

type TifDType = Exclude<DType, 'int64' | 'float16'>;
const BITS: Record<TifDType, number> = { uint8: 8, uint16: 16, int16: 16, int32: 32, float32: 32, float64: 64 };
const FORMAT: Record<TifDType, number> = { uint8: 1, uint16: 1, int16: 2, int32: 2, float32: 3, float64: 3 };

/**
 * Throws `InvalidArgumentError` for dtypes `toTif` does not write: int64 and float16. tifffile
 * (Thunder's writer) writes them, but neither TIFF reader here (geotiff locally, ImageIO in the
 * kernels) reads them back, so a written file would be one this package cannot load.
 */
export function assertTifEncodable(dtype: DType): asserts dtype is TifDType {
  if (dtype === 'int64' || dtype === 'float16') {
    throw new InvalidArgumentError('toTif', 'uint8, uint16, int16, int32, float32 or float64 images (convert with astype first)', dtype);
  }
}
const SHORT = 3;
const LONG = 4;

/** Encodes pages × height × width values (C order) as a multi-page TIFF. */
export function encodeTif(data: TypedArray, dtype: DType, pages: number, height: number, width: number): Uint8Array {
  assertTifEncodable(dtype);
  if (endianness() !== 'LE') throw new NotSupportedError('toTif', 'writing from a big-endian host');
  if (data.length !== pages * height * width) throw new InvalidArgumentError('encodeTif(data)', `${pages * height * width} values`, data.length);
  const bytesPerPage = height * width * (BITS[dtype] / 8);
  const tags = 11;
  const ifdSize = 2 + tags * 12 + 4;
  const pageSize = bytesPerPage + (bytesPerPage % 2) + ifdSize;
  const total = 8 + pages * pageSize;
  if (total > 0xffffffff) throw new NotSupportedError('toTif', 'images larger than 4 GiB per file');
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out[0] = 0x49;
  out[1] = 0x49;
  view.setUint16(2, 42, true);
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let offset = 8;
  let prevNext = 4;
  for (let p = 0; p < pages; p++) {
    const dataOffset = offset;
    out.set(raw.subarray(p * bytesPerPage, (p + 1) * bytesPerPage), dataOffset);
    const ifd = dataOffset + bytesPerPage + (bytesPerPage % 2);
    view.setUint32(prevNext, ifd, true);
    view.setUint16(ifd, tags, true);
    const entries: [number, number, number][] = [
      [256, LONG, width],
      [257, LONG, height],
      [258, SHORT, BITS[dtype]],
      [259, SHORT, 1],
      [262, SHORT, 1],
      [273, LONG, dataOffset],
      [277, SHORT, 1],
      [278, LONG, height],
      [279, LONG, bytesPerPage],
      [284, SHORT, 1],
      [339, SHORT, FORMAT[dtype]],
    ];
    entries.forEach(([tag, type, value], i) => {
      const e = ifd + 2 + i * 12;
      view.setUint16(e, tag, true);
      view.setUint16(e + 2, type, true);
      view.setUint32(e + 4, 1, true);
      if (type === SHORT) view.setUint16(e + 8, value, true);
      else view.setUint32(e + 8, value, true);
    });
    prevNext = ifd + 2 + tags * 12;
    view.setUint32(prevNext, 0, true);
    offset = ifd + ifdSize;
  }
  return out;
}
