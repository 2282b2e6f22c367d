/**
 * What a PNG holds, from its IHDR chunk (the first 33 bytes), so the driver can plan a read that
 * the executors do: size, channels and dtype as `decodePng` reports them. Palette images and bit
 * depths other than 8/16 are `invalid` here because the local decoder refuses them (and says why).
 */
import { open } from 'node:fs/promises';
import type { DType } from '../../common/ndarray.js';

export interface PngHeader {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly dtype: DType;
}

export type PngHeaderResult = { readonly kind: 'header'; readonly header: PngHeader } | { readonly kind: 'invalid'; readonly reason: string };

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Reads the header of `file`; never throws for the file's content. */
export async function readPngHeader(file: string): Promise<PngHeaderResult> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(33);
    const { bytesRead } = await handle.read(buf, 0, 33, 0);
    if (bytesRead < 33 || SIGNATURE.some((b, i) => buf[i] !== b)) return { kind: 'invalid', reason: 'no PNG signature' };
    if (buf.readUInt32BE(8) !== 13 || buf.toString('latin1', 12, 16) !== 'IHDR') return { kind: 'invalid', reason: 'no IHDR chunk first' };
    const width = buf.readUInt32BE(16);
    const height = buf.readUInt32BE(20);
    const depth = buf[24]!;
    const channels = CHANNELS[buf[25]!];
    if (width < 1 || height < 1) return { kind: 'invalid', reason: 'empty image' };
    if (channels === undefined) return { kind: 'invalid', reason: `colour type ${buf[25]}` };
    if (depth !== 8 && depth !== 16) return { kind: 'invalid', reason: `bit depth ${depth}` };
    return { kind: 'header', header: { height, width, channels, dtype: depth === 16 ? 'uint16' : 'uint8' } };
  } catch (e) {
    return { kind: 'invalid', reason: e instanceof Error ? e.message : String(e) };
  } finally {
    await handle?.close();
  }
}
