/** Colour parsing and formatting: `#rrggbb` strings and [0, 1] triples, as matplotlib accepts both. */
import { InvalidArgumentError } from '../common/errors.js';
import type { ColorLike, Rgb } from './types.js';

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** A colour as 8-bit channels; throws InvalidArgumentError naming `arg` for anything else. */
export function toBytes(color: ColorLike, arg: string): [number, number, number] {
  if (typeof color === 'string') {
    if (!HEX.test(color)) throw new InvalidArgumentError(arg, 'a colour "#rrggbb" or "#rgb" or an [r, g, b] triple in [0, 1]', color);
    const h = color.length === 4 ? [...color.slice(1)].map((c) => c + c).join('') : color.slice(1);
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  if (!Array.isArray(color) || color.length !== 3 || !color.every((c) => typeof c === 'number' && c >= 0 && c <= 1)) {
    throw new InvalidArgumentError(arg, 'an [r, g, b] triple with components in [0, 1] or a "#rrggbb" string', color);
  }
  return [Math.round(color[0] * 255), Math.round(color[1] * 255), Math.round(color[2] * 255)];
}

/** A colour as an [r, g, b] triple in [0, 1]. */
export function toRgb(color: ColorLike, arg: string): Rgb {
  const [r, g, b] = toBytes(color, arg);
  return typeof color === 'string' ? [r / 255, g / 255, b / 255] : color;
}

export function bytesToHex(r: number, g: number, b: number): string {
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

export function toHex(color: ColorLike, arg: string): string {
  const [r, g, b] = toBytes(color, arg);
  return bytesToHex(r, g, b);
}

/** matplotlib's default colour cycle ("tab10"), used when the caller gives no colours. */
export const DEFAULT_CYCLE: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/** A palette as hex strings: the caller's colours (validated) or the default cycle. */
export function paletteHex(colors: readonly ColorLike[] | undefined, arg: string): string[] {
  if (colors === undefined) return [...DEFAULT_CYCLE];
  if (!Array.isArray(colors) || colors.length === 0) throw new InvalidArgumentError(arg, 'a non-empty array of colours', colors);
  return colors.map((c, i) => toHex(c, `${arg}[${i}]`));
}
