/**
 * What a TIFF holds, read from its image file directories only (a few hundred bytes per page, not
 * the pixel data), so the driver can plan a read that the executors do: page count, page size,
 * samples per pixel and dtype, with the same dtype rule as `decodeTif`. It also says whether the
 * executors' decoder (the JDK's ImageIO reader) gives the same samples as the local one
 * (geotiff): it does for uncompressed, PackBits, LZW and Deflate data, strips or tiles, chunky or
 * planar, BlackIsZero or RGB; it inverts WhiteIsZero (which the driver then decodes) and refuses
 * horizontal differencing of 16/32-bit samples, which the executors undo themselves (`predictor`).
 */
import { open } from 'node:fs/promises';
import type { DType } from '../../common/ndarray.js';
import { dtypeFor } from './tif-read.js';

export interface TifHeader {
  readonly pages: number;
  readonly height: number;
  readonly width: number;
  readonly samples: number;
  readonly dtype: DType;
  /** 2: 16/32-bit integer samples stored with horizontal differencing (1 otherwise). */
  readonly predictor: 1 | 2;
  /** Tile width of tiled pages (the rows differencing restarts in), undefined for strips. */
  readonly tileWidth: number | undefined;
}

export type TifHeaderResult =
  | { readonly kind: 'header'; readonly header: TifHeader }
  /** A readable TIFF that the executors' decoder would read differently: the driver decodes it. */
  | { readonly kind: 'driver'; readonly reason: string }
  /** Not a TIFF we can read (or one of its pages disagrees): the local decoder says why. */
  | { readonly kind: 'invalid'; readonly reason: string };

/** Compressions both decoders read alike: none, LZW, Adobe and old Deflate, PackBits. */
const KERNEL_COMPRESSIONS = new Set([1, 5, 8, 32946, 32773]);
const MAX_PAGES = 1 << 20;

class Reader {
  constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    readonly size: number,
    readonly little: boolean,
  ) {}

  async bytes(at: number, n: number): Promise<DataView> {
    if (at < 0 || at + n > this.size) throw new RangeError(`offset ${at} + ${n} lies beyond the file's ${this.size} bytes`);
    const buf = Buffer.alloc(n);
    const { bytesRead } = await this.handle.read(buf, 0, n, at);
    if (bytesRead !== n) throw new RangeError(`short read at ${at}`);
    return new DataView(buf.buffer, buf.byteOffset, n);
  }
}

interface Page {
  width: number;
  height: number;
  samples: number;
  bits: number;
  format: number;
  bitsAgree: boolean;
  compression: number;
  photometric: number | undefined;
  predictor: number;
  tileWidth: number | undefined;
}

const SHORT = 3;
const LONG = 4;

/** Every page's fields this planner needs; throws RangeError for structural damage. */
async function pages(r: Reader, first: number): Promise<Page[]> {
  const out: Page[] = [];
  const seen = new Set<number>();
  for (let ifd = first; ifd !== 0; ) {
    if (seen.has(ifd) || out.length >= MAX_PAGES) throw new RangeError('the directory chain loops');
    seen.add(ifd);
    const count = (await r.bytes(ifd, 2)).getUint16(0, r.little);
    const dir = await r.bytes(ifd + 2, count * 12 + 4);
    const tags = new Map<number, { type: number; count: number; at: number }>();
    for (let i = 0; i < count; i++) tags.set(dir.getUint16(i * 12, r.little), { type: dir.getUint16(i * 12 + 2, r.little), count: dir.getUint32(i * 12 + 4, r.little), at: i * 12 + 8 });
    const values = async (tag: number): Promise<number[] | undefined> => {
      const t = tags.get(tag);
      if (!t) return undefined;
      if (t.type !== SHORT && t.type !== LONG) throw new RangeError(`tag ${tag} has field type ${t.type}`);
      const width = t.type === SHORT ? 2 : 4;
      const n = Math.min(t.count, 16);
      const view = t.count * width <= 4 ? new DataView(dir.buffer, dir.byteOffset + t.at, 4) : await r.bytes(dir.getUint32(t.at, r.little), n * width);
      return Array.from({ length: n }, (_, k) => (width === 2 ? view.getUint16(k * 2, r.little) : view.getUint32(k * 4, r.little)));
    };
    const one = async (tag: number, fallback?: number): Promise<number | undefined> => (await values(tag))?.[0] ?? fallback;
    const bits = (await values(258)) ?? [1];
    out.push({
      width: (await one(256)) ?? 0,
      height: (await one(257)) ?? 0,
      samples: (await one(277, 1))!,
      bits: bits[0]!,
      bitsAgree: bits.every((b) => b === bits[0]),
      format: (await one(339, 1))!,
      compression: (await one(259, 1))!,
      photometric: await one(262),
      predictor: (await one(317, 1))!,
      tileWidth: await one(322),
    });
    ifd = dir.getUint32(count * 12, r.little);
  }
  return out;
}

/** Reads the header of `file`; never throws for the file's content (see the result kinds). */
export async function readTifHeader(file: string): Promise<TifHeaderResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const size = (await handle.stat()).size;
    const head = new Reader(handle, size, true);
    const h = await head.bytes(0, 8);
    const order = String.fromCharCode(h.getUint8(0), h.getUint8(1));
    if (order !== 'II' && order !== 'MM') return { kind: 'invalid', reason: 'no TIFF byte-order mark' };
    const r = new Reader(handle, size, order === 'II');
    const magic = h.getUint16(2, r.little);
    if (magic === 43) return { kind: 'driver', reason: 'BigTIFF' };
    if (magic !== 42) return { kind: 'invalid', reason: `TIFF magic ${magic}` };
    const all = await pages(r, h.getUint32(4, r.little));
    if (all.length === 0) return { kind: 'invalid', reason: 'no pages' };
    const p0 = all[0]!;
    const dtype = dtypeFor(p0.bits, p0.format);
    for (const p of all) {
      if (!dtypeFor(p.bits, p.format)) return { kind: 'invalid', reason: `unsupported sample type ${p.bits}-bit/${p.format}` };
      if (p.width !== p0.width || p.height !== p0.height || p.samples !== p0.samples || dtypeFor(p.bits, p.format) !== dtype) return { kind: 'invalid', reason: 'pages differ' };
      if (p.width < 1 || p.height < 1 || p.samples < 1) return { kind: 'invalid', reason: 'empty page' };
      if (!p.bitsAgree) return { kind: 'driver', reason: 'samples of different widths' };
      if (!KERNEL_COMPRESSIONS.has(p.compression)) return { kind: 'driver', reason: `compression ${p.compression}` };
      if (p.photometric !== 1 && p.photometric !== 2) return { kind: 'driver', reason: `photometric interpretation ${String(p.photometric)}` };
      if (p.predictor !== 1 && !(p.predictor === 2 && p.format !== 3)) return { kind: 'driver', reason: `predictor ${p.predictor} on ${p.bits}-bit samples of format ${p.format}` };
      if (p.predictor !== p0.predictor || p.tileWidth !== p0.tileWidth) return { kind: 'driver', reason: 'pages differ in predictor or tiling' };
    }
    const predictor = p0.predictor === 2 && p0.bits > 8 ? 2 : 1;
    return { kind: 'header', header: { pages: all.length, height: p0.height, width: p0.width, samples: p0.samples, dtype: dtype!, predictor, tileWidth: p0.tileWidth } };
  } catch (e) {
    return { kind: 'invalid', reason: e instanceof Error ? e.message : String(e) };
  } finally {
    await handle?.close();
  }
}
