/**
 * TIFF files for reader tests, written here from known values so that expected results never come
 * from a reader under test: every sample type, several samples per pixel (chunky or planar),
 * several strips, and the compressions the readers claim (none, PackBits, LZW, Deflate), with or
 * without horizontal differencing (Predictor 2), in either byte order. One IFD per page.
 */
import { deflateSync } from 'node:zlib';
import type { DType, TypedArray } from '../../../src/common/ndarray.js';
import { toBytes } from '../../../src/thunder/io/binary.js';

export type Compression = 'none' | 'packbits' | 'lzw' | 'deflate';

export interface TiffPage {
  readonly width: number;
  readonly height: number;
  /** Samples per pixel (1 grey, 3 RGB...). */
  readonly samples: number;
  readonly dtype: DType;
  /** height × width × samples values, C order (pixel-interleaved). */
  readonly data: TypedArray;
}

export interface TiffOptions {
  readonly compression?: Compression;
  /** Horizontal differencing before compression (integer samples only). */
  readonly predictor?: boolean;
  /** Rows per strip (default: all rows in one strip). */
  readonly rowsPerStrip?: number;
  /** Samples stored plane by plane (PlanarConfiguration 2) instead of interleaved. */
  readonly planar?: boolean;
  /** Tiles of [width, height] (multiples of 16) instead of strips; edge tiles are padded with zeros. */
  readonly tile?: readonly [number, number];
  /** PhotometricInterpretation (default 1, BlackIsZero; 2, RGB, for 3+ samples). */
  readonly photometric?: number;
  /** Motorola byte order ('MM': fields and samples big-endian). */
  readonly bigEndian?: boolean;
}

// int64 and float16 as tifffile writes them (SampleFormat 2 of 64 bits, 3 of 16 bits): files the readers here refuse.
const BITS: Record<DType, number> = { uint8: 8, uint16: 16, int16: 16, int32: 32, float32: 32, float64: 64, int64: 64, float16: 16 };
const FORMAT: Record<DType, number> = { uint8: 1, uint16: 1, int16: 2, int32: 2, float32: 3, float64: 3, int64: 2, float16: 3 };
const CODE: Record<Compression, number> = { none: 1, lzw: 5, deflate: 8, packbits: 32773 };

function packBits(bytes: Uint8Array): Uint8Array {
  // Runs of 3+ equal bytes as repeats, everything else as literals of at most 128 bytes.
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let run = 1;
    while (i + run < bytes.length && run < 128 && bytes[i + run] === bytes[i]) run++;
    if (run >= 3) {
      out.push(257 - run, bytes[i]!);
      i += run;
      continue;
    }
    const start = i;
    while (i < bytes.length && i - start < 128) {
      if (i + 2 < bytes.length && bytes[i] === bytes[i + 1] && bytes[i] === bytes[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...bytes.subarray(start, i));
  }
  return Uint8Array.from(out);
}

/** TIFF's LZW: MSB-first codes, Clear = 256, EOI = 257, code width grows one code early. */
function lzw(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let nacc = 0;
  let width = 9;
  const emit = (code: number): void => {
    acc = (acc << width) | code;
    nacc += width;
    while (nacc >= 8) {
      out.push((acc >>> (nacc - 8)) & 0xff);
      nacc -= 8;
    }
    acc &= (1 << nacc) - 1;
  };
  let table = new Map<string, number>();
  let next = 258;
  // The decoder adds an entry after every code but the first; it widens once its table reaches 2^width - 1.
  const grow = (): void => {
    next++;
    if (next === 1 << width) width++;
  };
  emit(256);
  let w = '';
  let wCode = -1;
  for (const c of bytes) {
    const key = `${w},${c}`;
    const known = w === '' ? c : table.get(key);
    if (known !== undefined) {
      w = w === '' ? String(c) : key;
      wCode = known;
      continue;
    }
    emit(wCode);
    table.set(key, next);
    grow();
    if (next === 4093) {
      emit(256);
      table = new Map();
      next = 258;
      width = 9;
    }
    w = String(c);
    wCode = c;
  }
  if (wCode >= 0) {
    emit(wCode);
    grow();
  }
  emit(257);
  if (nacc > 0) out.push((acc << (8 - nacc)) & 0xff);
  return Uint8Array.from(out);
}

function differenced(rows: Uint8Array, dtype: DType, width: number, samples: number, little: boolean): Uint8Array {
  const bytesPer = BITS[dtype] / 8;
  const n = rows.byteLength / bytesPer;
  const copy = new Uint8Array(rows);
  const view = new DataView(copy.buffer);
  const get = (i: number): number => (bytesPer === 1 ? view.getUint8(i) : bytesPer === 2 ? view.getUint16(i * 2, little) : view.getUint32(i * 4, little));
  const set = (i: number, v: number): void => {
    if (bytesPer === 1) view.setUint8(i, v & 0xff);
    else if (bytesPer === 2) view.setUint16(i * 2, v & 0xffff, little);
    else view.setUint32(i * 4, v >>> 0, little);
  };
  const orig = Array.from({ length: n }, (_, i) => get(i));
  const rowLen = width * samples;
  for (let i = 0; i < n; i++) if (i % rowLen >= samples) set(i, orig[i]! - orig[i - samples]!);
  return copy;
}

function compress(raw: Uint8Array, compression: Compression): Uint8Array {
  if (compression === 'packbits') return packBits(raw);
  if (compression === 'lzw') return lzw(raw);
  if (compression === 'deflate') return new Uint8Array(deflateSync(raw));
  return raw;
}

/** The samples' bytes in the file's byte order. */
function rawBytes(data: TypedArray, little: boolean): Uint8Array {
  // numpy's little-endian layout of the dtype (int64 <i8 and float16 <f2 are not the memory of their arrays).
  const bytes = toBytes(data);
  const w = bytes.length / Math.max(data.length, 1);
  if (little || w === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += w) for (let k = 0; k < w; k++) out[i + k] = bytes[i + w - 1 - k]!;
  return out;
}

/** A multi-page TIFF of `pages`. */
export function makeTiff(pages: readonly TiffPage[], options: TiffOptions = {}): Uint8Array {
  const compression = options.compression ?? 'none';
  const little = !options.bigEndian;
  const chunks: Uint8Array[] = [];
  let size = 8;
  const header = new Uint8Array(8);
  const hv = new DataView(header.buffer);
  header[0] = header[1] = little ? 0x49 : 0x4d;
  hv.setUint16(2, 42, little);
  chunks.push(header);
  let prevNext = 4;
  let prevChunk = header;
  for (const page of pages) {
    const { width, height, samples, dtype } = page;
    const bytesPer = BITS[dtype] / 8;
    const rowsPerStrip = options.rowsPerStrip ?? height;
    const planes = options.planar ? samples : 1;
    const perPlaneSamples = options.planar ? 1 : samples;
    const all = rawBytes(page.data, little);
    const strips: Uint8Array[] = [];
    for (let p = 0; p < planes; p++) {
      let plane = all;
      if (options.planar) {
        const sep = new Uint8Array(width * height * bytesPer);
        for (let px = 0; px < width * height; px++) sep.set(all.subarray((px * samples + p) * bytesPer, (px * samples + p + 1) * bytesPer), px * bytesPer);
        plane = sep;
      }
      const rowBytes = width * perPlaneSamples * bytesPer;
      if (options.tile) {
        const [tw, th] = options.tile;
        const tileRow = tw * perPlaneSamples * bytesPer;
        for (let ty = 0; ty < height; ty += th) {
          for (let tx = 0; tx < width; tx += tw) {
            let t: Uint8Array = new Uint8Array(tileRow * th);
            for (let y = 0; y < th && ty + y < height; y++) {
              const from = (ty + y) * rowBytes + tx * perPlaneSamples * bytesPer;
              t.set(plane.subarray(from, from + Math.min(tw, width - tx) * perPlaneSamples * bytesPer), y * tileRow);
            }
            if (options.predictor) t = differenced(t, dtype, tw, perPlaneSamples, little);
            strips.push(compress(t, compression));
          }
        }
        continue;
      }
      for (let r = 0; r < height; r += rowsPerStrip) {
        let strip: Uint8Array = plane.subarray(r * rowBytes, Math.min(height, r + rowsPerStrip) * rowBytes);
        if (options.predictor) strip = differenced(strip, dtype, width, perPlaneSamples, little);
        strips.push(compress(strip, compression));
      }
    }
    const stripOffsets: number[] = [];
    for (const s of strips) {
      stripOffsets.push(size);
      chunks.push(s);
      size += s.byteLength;
      if (size % 2) {
        chunks.push(new Uint8Array(1));
        size++;
      }
    }
    type Entry = [number, number, number[]];
    const tiled = options.tile;
    const entries: Entry[] = [
      [256, 4, [width]],
      [257, 4, [height]],
      [258, 3, new Array<number>(samples).fill(BITS[dtype])],
      [259, 3, [CODE[compression]]],
      [262, 3, [options.photometric ?? (samples >= 3 ? 2 : 1)]],
      ...(tiled ? [] : ([[273, 4, stripOffsets]] as Entry[])),
      [277, 3, [samples]],
      ...(tiled ? [] : ([[278, 4, [rowsPerStrip]], [279, 4, strips.map((s) => s.byteLength)]] as Entry[])),
      [284, 3, [options.planar ? 2 : 1]],
      ...(options.predictor ? ([[317, 3, [2]]] as Entry[]) : []),
      ...(tiled ? ([[322, 4, [tiled[0]]], [323, 4, [tiled[1]]], [324, 4, stripOffsets], [325, 4, strips.map((s) => s.byteLength)]] as Entry[]) : []),
      ...(samples === 2 || samples === 4 ? ([[338, 3, [2]]] as Entry[]) : []),
      [339, 3, new Array<number>(samples).fill(FORMAT[dtype])],
    ];
    // Out-of-line values first, then the IFD that points at them.
    const outOfLine = new Map<number, number>();
    for (const [tag, type, values] of entries) {
      const bytes = values.length * (type === 3 ? 2 : 4);
      if (bytes <= 4) continue;
      const buf = new Uint8Array(bytes);
      const v = new DataView(buf.buffer);
      values.forEach((x, i) => (type === 3 ? v.setUint16(i * 2, x, little) : v.setUint32(i * 4, x, little)));
      outOfLine.set(tag, size);
      chunks.push(buf);
      size += bytes;
    }
    const ifd = new Uint8Array(2 + entries.length * 12 + 4);
    const iv = new DataView(ifd.buffer);
    iv.setUint16(0, entries.length, little);
    entries.forEach(([tag, type, values], i) => {
      const e = 2 + i * 12;
      iv.setUint16(e, tag, little);
      iv.setUint16(e + 2, type, little);
      iv.setUint32(e + 4, values.length, little);
      const at = outOfLine.get(tag);
      if (at !== undefined) iv.setUint32(e + 8, at, little);
      else if (type === 3) values.forEach((x, k) => iv.setUint16(e + 8 + k * 2, x, little));
      else iv.setUint32(e + 8, values[0]!, little);
    });
    new DataView(prevChunk.buffer, prevChunk.byteOffset).setUint32(prevNext, size, little);
    prevChunk = ifd;
    prevNext = 2 + entries.length * 12;
    chunks.push(ifd);
    size += ifd.byteLength;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}
