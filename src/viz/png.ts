/** PNG encoding of 8-bit RGB rasters, for Vega `image` marks (one small data URL instead of a rect per pixel). */
import { encode } from 'fast-png';

/** Encodes row-major RGB bytes (`rgb.length === width * height * 3`) as a PNG file. */
export function encodeRgbPng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  return encode({ width, height, data: rgb, channels: 3, depth: 8 });
}

export function pngDataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}

/**
 * Repeats each pixel `factor` times along both axes. Renderers disagree on
 * honouring "no smoothing" (resvg ignores it), so nearest-neighbour display is
 * baked into the pixels instead.
 */
export function upscaleNearest(rgb: Uint8Array, rows: number, cols: number, factor: number): Uint8Array {
  if (factor === 1) return rgb;
  const outCols = cols * factor;
  const out = new Uint8Array(rows * factor * outCols * 3);
  const rowBytes = outCols * 3;
  for (let r = 0; r < rows; r++) {
    const dst = r * factor * rowBytes;
    for (let c = 0; c < cols; c++) {
      const src = (r * cols + c) * 3;
      const red = rgb[src]!;
      const green = rgb[src + 1]!;
      const blue = rgb[src + 2]!;
      for (let k = 0, o = dst + c * factor * 3; k < factor; k++, o += 3) {
        out[o] = red;
        out[o + 1] = green;
        out[o + 2] = blue;
      }
    }
    for (let k = 1; k < factor; k++) out.copyWithin(dst + k * rowBytes, dst, dst + rowBytes);
  }
  return out;
}
