/**
 * Arrays to 8-bit RGB pixels: scalar images through a colour map with
 * matplotlib's Normalize (clipped), RGB images clipped to [0, 1]. Non-finite
 * values become the no-data colour; they never throw.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { finiteRange } from './arrays.js';
import { lookupTable, lutIndex, type ColormapName } from './colormaps.js';

/** Row-major RGB bytes of a `rows × cols` image, and how many pixels had no data. */
export interface Raster {
  readonly rows: number;
  readonly cols: number;
  readonly rgb: Uint8Array;
  readonly noData: number;
  /** The scalar value of each pixel, when the image was scalar (for tooltips). */
  readonly values?: ArrayLike<number>;
}

/** The value range mapped onto the colour map. */
export interface Clim {
  readonly lo: number;
  readonly hi: number;
}

/**
 * The caller's `clim`, or the finite min and max of `data`. An image with no
 * finite value gets [0, 1] so it still draws (all no-data).
 */
export function resolveClim(data: ArrayLike<number>, clim: readonly [number, number] | undefined, arg: string): Clim {
  if (clim !== undefined) {
    if (!Array.isArray(clim) || clim.length !== 2 || !clim.every((v) => typeof v === 'number' && Number.isFinite(v)) || clim[0] > clim[1]) {
      throw new InvalidArgumentError(arg, 'two finite numbers [lo, hi] with lo <= hi', clim);
    }
    return { lo: clim[0], hi: clim[1] };
  }
  const range = finiteRange(data);
  return range ? { lo: range.min, hi: range.max } : { lo: 0, hi: 1 };
}

/** matplotlib's Normalize(vmin, vmax, clip=True): a constant range maps everything to 0. */
export function normalize(v: number, { lo, hi }: Clim): number {
  if (hi === lo) return 0;
  const t = (v - lo) / (hi - lo);
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

export function scalarRaster(
  data: ArrayLike<number>,
  rows: number,
  cols: number,
  cmap: ColormapName,
  clim: Clim,
  noDataColor: readonly [number, number, number],
): Raster {
  const lut = lookupTable(cmap);
  const rgb = new Uint8Array(rows * cols * 3);
  let noData = 0;
  for (let i = 0, o = 0; i < rows * cols; i++, o += 3) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      noData++;
      rgb[o] = noDataColor[0];
      rgb[o + 1] = noDataColor[1];
      rgb[o + 2] = noDataColor[2];
      continue;
    }
    const k = 3 * lutIndex(normalize(v, clim));
    rgb[o] = lut[k]!;
    rgb[o + 1] = lut[k + 1]!;
    rgb[o + 2] = lut[k + 2]!;
  }
  return { rows, cols, rgb, noData, values: data };
}

/** `data` holds `rows × cols × 3` components in [0, 1] (clipped, as matplotlib's imshow does); a pixel with any non-finite channel has no data. */
export function rgbRaster(data: ArrayLike<number>, rows: number, cols: number, noDataColor: readonly [number, number, number]): Raster {
  const rgb = new Uint8Array(rows * cols * 3);
  let noData = 0;
  for (let o = 0; o < rows * cols * 3; o += 3) {
    const r = data[o]!;
    const g = data[o + 1]!;
    const b = data[o + 2]!;
    if (!Number.isFinite(r) || !Number.isFinite(g) || !Number.isFinite(b)) {
      noData++;
      rgb[o] = noDataColor[0];
      rgb[o + 1] = noDataColor[1];
      rgb[o + 2] = noDataColor[2];
      continue;
    }
    rgb[o] = Math.round(Math.min(Math.max(r, 0), 1) * 255);
    rgb[o + 1] = Math.round(Math.min(Math.max(g, 0), 1) * 255);
    rgb[o + 2] = Math.round(Math.min(Math.max(b, 0), 1) * 255);
  }
  return { rows, cols, rgb, noData };
}
