/** PNG decoding and encoding (fast-png): 8/16-bit greyscale, grey+alpha, RGB, RGBA. */
import { decode, encode } from 'fast-png';
import { DataFormatError, InvalidArgumentError } from '../../common/errors.js';
import { NDArray, type DType, type TypedArray } from '../../common/ndarray.js';

/** A PNG as [height, width] (one channel) or [height, width, channels]; uint8 or uint16. */
export function decodePng(bytes: Uint8Array, file: string): NDArray {
  let png;
  try {
    png = decode(bytes);
  } catch (cause) {
    throw new DataFormatError(file, `not a readable PNG: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (png.palette) throw new DataFormatError(file, 'palette (indexed-colour) PNGs are not supported; save it as greyscale or RGB');
  if (png.depth !== 8 && png.depth !== 16) throw new DataFormatError(file, `unsupported bit depth ${png.depth}; supported: 8, 16`);
  const data: TypedArray = png.depth === 16 ? Uint16Array.from(png.data) : png.data instanceof Uint8Array ? png.data : Uint8Array.from(png.data);
  const shape = png.channels === 1 ? [png.height, png.width] : [png.height, png.width, png.channels];
  return new NDArray(data, shape);
}

/** Throws `InvalidArgumentError` unless images of this dtype and shape can be written as PNG. */
export function assertPngEncodable(dtype: DType, shape: readonly number[]): void {
  if (dtype !== 'uint8' && dtype !== 'uint16') {
    throw new InvalidArgumentError('toPng', 'uint8 or uint16 images (convert with astype first)', dtype);
  }
  const channels = shape.length === 2 ? 1 : shape[2]!;
  if (!(shape.length === 2 || (shape.length === 3 && (channels === 3 || channels === 4)))) {
    throw new InvalidArgumentError('toPng', 'images of shape [h, w] or [h, w, 3|4]', `[${shape.join(', ')}]`);
  }
}

/** Encodes a [h, w] or [h, w, 3|4] uint8/uint16 image. */
export function encodePng(data: TypedArray, dtype: DType, shape: readonly number[]): Uint8Array {
  assertPngEncodable(dtype, shape);
  const channels = shape.length === 2 ? 1 : shape[2]!;
  return encode({ width: shape[1]!, height: shape[0]!, data: data as Uint8Array | Uint16Array, depth: dtype === 'uint8' ? 8 : 16, channels });
}
