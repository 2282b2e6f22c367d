/**
 * TIFF decoding (geotiff): single- and multi-page, uint8/uint16/int16/int32/float32/float64,
 * uncompressed, PackBits, LZW or deflate. All pages of a file must agree in size and sample type.
 */
import { fromArrayBuffer } from 'geotiff';
import { DataFormatError } from '../../common/errors.js';
import { typedArrayFor, type DType, type TypedArray } from '../../common/ndarray.js';

export interface DecodedTif {
  readonly pages: number;
  readonly height: number;
  readonly width: number;
  readonly samples: number;
  readonly dtype: DType;
  /** pages × height × width × samples, C order. */
  readonly data: TypedArray;
}

/** The dtype of TIFF samples of `bits` bits in SampleFormat `format` (1 uint, 2 int, 3 float); undefined: unsupported. */
export function dtypeFor(bits: number, format: number): DType | undefined {
  if (format === 1 && bits === 8) return 'uint8';
  if (format === 1 && bits === 16) return 'uint16';
  if (format === 2 && bits === 16) return 'int16';
  if (format === 2 && bits === 32) return 'int32';
  if (format === 3 && bits === 32) return 'float32';
  if (format === 3 && bits === 64) return 'float64';
  return undefined;
}

/** Decodes every page; throws `DataFormatError` naming `file` for corrupt, truncated or unsupported input. */
export async function decodeTif(bytes: Uint8Array, file: string): Promise<DecodedTif> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    const tiff = await fromArrayBuffer(buffer);
    const pages = await tiff.getImageCount();
    let first: { width: number; height: number; samples: number; dtype: DType } | undefined;
    let data: TypedArray | undefined;
    for (let p = 0; p < pages; p++) {
      const img = await tiff.getImage(p);
      const samples = img.getSamplesPerPixel();
      const bits = img.getBitsPerSample(0);
      const format = img.getSampleFormat(0) ?? 1;
      const dtype = dtypeFor(bits, format);
      if (!dtype) throw new DataFormatError(file, `unsupported sample type (${bits}-bit, SampleFormat ${format}) on page ${p}; supported: uint8, uint16, int16, int32, float32, float64`);
      const info = { width: img.getWidth(), height: img.getHeight(), samples, dtype };
      if (!first) {
        first = info;
        data = typedArrayFor(dtype, pages * info.width * info.height * samples);
      } else if (info.width !== first.width || info.height !== first.height || info.samples !== first.samples || info.dtype !== first.dtype) {
        throw new DataFormatError(file, `page ${p} is ${info.height}x${info.width}x${info.samples} ${info.dtype}, page 0 is ${first.height}x${first.width}x${first.samples} ${first.dtype}`);
      }
      const raster = (await img.readRasters({ interleave: true })) as unknown as ArrayLike<number>;
      const size = first.width * first.height * first.samples;
      if (raster.length !== size) throw new DataFormatError(file, `page ${p} decoded to ${raster.length} values instead of ${size}`);
      data!.set(raster, p * size);
    }
    if (!first || !data) throw new DataFormatError(file, 'contains no images');
    return { pages, height: first.height, width: first.width, samples: first.samples, dtype: first.dtype, data };
  } catch (cause) {
    if (cause instanceof DataFormatError) throw cause;
    throw new DataFormatError(file, `not a readable TIFF (truncated or corrupt): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
