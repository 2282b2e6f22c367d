/**
 * Colour maps computed in TypeScript, so the pixels we encode into PNGs are
 * exactly the colours the colour bar shows. Like matplotlib, each map is a
 * 256-entry lookup table sampled from piecewise-linear control points, and a
 * normalized value v in [0, 1] picks entry min(floor(v * 256), 255).
 */
import { InvalidArgumentError } from '../common/errors.js';

export type ColormapName = 'gray' | 'greys' | 'viridis' | 'hot';

export const COLORMAP_NAMES: readonly ColormapName[] = ['gray', 'greys', 'viridis', 'hot'];

/** Size of every lookup table (matplotlib's default N). */
export const LUT_SIZE = 256;

/**
 * Colour of pixels whose value is NaN or ±Infinity: opaque magenta, which none
 * of the maps contain, so missing data is never mistaken for a low or high value.
 */
export const NO_DATA_COLOR = '#ff00ff';

/** One channel as (x, y) control points, x ascending from 0 to 1 (matplotlib's segmentdata without the jumps). */
type Channel = readonly (readonly [number, number])[];

interface Segments {
  readonly r: Channel;
  readonly g: Channel;
  readonly b: Channel;
}

/** Equally spaced `#rrggbb` stops as per-channel control points. */
function fromStops(hex: string): Segments {
  const stops = hex.trim().split(/\s+/);
  const channel = (k: number): Channel =>
    stops.map((s, i) => [i / (stops.length - 1), parseInt(s.slice(1 + 2 * k, 3 + 2 * k), 16) / 255] as const);
  return { r: channel(0), g: channel(1), b: channel(2) };
}

const SEGMENTS: Record<ColormapName, Segments> = {
  gray: fromStops('#000000 #ffffff'),
  // ColorBrewer "Greys" (9 classes), which matplotlib's `Greys` interpolates: white to black.
  greys: fromStops('#ffffff #f0f0f0 #d9d9d9 #bdbdbd #969696 #737373 #525252 #252525 #000000'),
  // viridis (van der Walt & Smith, CC0) sampled every 1/32 from its published 256-entry table;
  // linear interpolation between these stays within 2/255 of the full table.
  viridis: fromStops(
    '#440154 #470d60 #48196b #482373 #472d7b #453781 #424086 #3f4a89 #3b528b #375b8c #33638d #306b8e #2c728e #297a8e #26828e ' +
      '#23898e #21918d #1f978b #1f9f89 #21a685 #28ae80 #31b57b #3dbc74 #4cc26c #5cc863 #6ece58 #81d34c #95d840 #aadc32 #c0e025 ' +
      '#d5e21b #eae51b #fde725',
  ),
  // matplotlib's `hot` segment data (black, red, yellow, white).
  hot: {
    r: [
      [0, 0.0416],
      [0.365079, 1],
      [1, 1],
    ],
    g: [
      [0, 0],
      [0.365079, 0],
      [0.746032, 1],
      [1, 1],
    ],
    b: [
      [0, 0],
      [0.746032, 0],
      [1, 1],
    ],
  },
};

function interpolate(channel: Channel, x: number): number {
  for (let i = 1; i < channel.length; i++) {
    const [x1, y1] = channel[i]!;
    if (x <= x1) {
      const [x0, y0] = channel[i - 1]!;
      return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return channel[channel.length - 1]![1];
}

const cache = new Map<ColormapName, Uint8Array>();

/** Accepts matplotlib's spelling too (`Greys`, `grey`); anything else is an InvalidArgumentError naming `arg`. */
export function colormapName(name: string, arg: string): ColormapName {
  const key = typeof name === 'string' ? name.toLowerCase() : name;
  const canonical = key === 'grey' ? 'gray' : key;
  if (!(COLORMAP_NAMES as readonly unknown[]).includes(canonical)) {
    throw new InvalidArgumentError(arg, `a colour map name, one of ${COLORMAP_NAMES.join(', ')}`, name);
  }
  return canonical as ColormapName;
}

/** The map's lookup table: LUT_SIZE × [r, g, b] bytes, entry i being the map at i / (LUT_SIZE - 1). */
export function lookupTable(name: ColormapName): Uint8Array {
  let lut = cache.get(name);
  if (lut) return lut;
  const seg = SEGMENTS[name];
  lut = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const x = i / (LUT_SIZE - 1);
    lut[3 * i] = Math.round(interpolate(seg.r, x) * 255);
    lut[3 * i + 1] = Math.round(interpolate(seg.g, x) * 255);
    lut[3 * i + 2] = Math.round(interpolate(seg.b, x) * 255);
  }
  cache.set(name, lut);
  return lut;
}

/** The table entry for a normalized value (clipped to [0, 1]), as matplotlib's Colormap.__call__ picks it. */
export function lutIndex(v: number): number {
  if (!(v > 0)) return 0;
  return Math.min(Math.floor(v * LUT_SIZE), LUT_SIZE - 1);
}
