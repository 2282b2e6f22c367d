/**
 * Label maps, following Thunder's Colorize transform as the notebook quotes it:
 * labels normalized to [0, 1] (matplotlib's Normalize(clip=True) over the
 * array's own min and max), looked up in a ListedColormap of the given
 * colours, then multiplied by a mask clipped at 0 and divided by its max.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { NDArray } from '../common/ndarray.js';
import { finiteRange, toDense } from './arrays.js';
import { toRgb } from './colors.js';
import { image, type ImageOptions } from './image.js';
import { normalize } from './raster.js';
import type { ArrayInput, ColorLike, VegaLiteSpec } from './types.js';

export interface ColorizeOptions {
  /** Same shape as the labels: per-pixel brightness, e.g. similarity to the assigned cluster centre. */
  mask?: ArrayInput;
}

/**
 * The RGB image Thunder's Colorize would produce.
 *
 * With N colours, a label normalized to v picks colour min(floor(v·N), N-1);
 * each channel is then multiplied by max(mask, 0) / max(mask) and clipped to
 * [0, 1]. NaN/±Infinity labels or mask values give NaN pixels (drawn as no
 * data by {@link image}); only finite labels set the normalization range.
 *
 * Shape contract: `labels` is `[rows, cols]`, `mask` the same; returns a
 * Float64 NDArray `[rows, cols, 3]`.
 *
 * @throws InvalidArgumentError naming the argument: labels not 2-D or empty,
 *   no colours or a bad colour, a mask of another shape or with no positive value.
 */
export function colorize(labels: ArrayInput, colors: readonly ColorLike[], opts: ColorizeOptions = {}): NDArray<Float64Array> {
  return colorizeFor('colorize', labels, colors, opts.mask);
}

function colorizeFor(fn: string, labels: ArrayInput, colors: readonly ColorLike[], maskInput: ArrayInput | undefined): NDArray<Float64Array> {
  const lab = toDense(labels, `${fn}(labels)`);
  if (lab.shape.length !== 2 || lab.shape.some((d) => d === 0)) {
    throw new InvalidArgumentError(`${fn}(labels)`, 'a non-empty 2-D array [rows, cols]', `shape [${lab.shape.join(', ')}]`);
  }
  if (!Array.isArray(colors) || colors.length === 0) throw new InvalidArgumentError(`${fn}(colors)`, 'a non-empty array of colours', colors);
  const palette = colors.map((c, i) => toRgb(c, `${fn}(colors[${i}])`));
  const [rows, cols] = lab.shape as [number, number];
  const size = rows * cols;

  let scale: Float64Array | undefined;
  if (maskInput !== undefined) {
    const mask = toDense(maskInput, `${fn}(options.mask)`);
    if (mask.shape.length !== 2 || mask.shape[0] !== rows || mask.shape[1] !== cols) {
      throw new InvalidArgumentError(`${fn}(options.mask)`, `the labels' shape [${rows}, ${cols}]`, `shape [${mask.shape.join(', ')}]`);
    }
    const range = finiteRange(mask.data);
    if (!range || range.max <= 0) throw new InvalidArgumentError(`${fn}(options.mask)`, 'at least one positive finite value (it is divided by its max)', range?.max);
    scale = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      const m = mask.data[i]!;
      scale[i] = Number.isFinite(m) ? Math.max(m, 0) / range.max : NaN;
    }
  }

  const range = finiteRange(lab.data);
  const clim = range ? { lo: range.min, hi: range.max } : { lo: 0, hi: 1 };
  const n = palette.length;
  const out = new Float64Array(size * 3);
  for (let i = 0; i < size; i++) {
    const v = lab.data[i]!;
    const s = scale ? scale[i]! : 1;
    if (!Number.isFinite(v) || Number.isNaN(s)) {
      out.fill(NaN, 3 * i, 3 * i + 3);
      continue;
    }
    const color = palette[Math.min(Math.floor(normalize(v, clim) * n), n - 1)]!;
    for (let c = 0; c < 3; c++) out[3 * i + c] = Math.min(Math.max(color[c]! * s, 0), 1);
  }
  return new NDArray(out, [rows, cols, 3]);
}

export interface LabelMapOptions extends ColorizeOptions, Omit<ImageOptions, 'cmap' | 'clim' | 'colorbar'> {}

/**
 * A label map (e.g. cluster ids per voxel) drawn as an RGB image through
 * {@link colorize}: the notebook's `draw_image(transform(newClrs, labels, mask=sim))`.
 *
 * @throws InvalidArgumentError as {@link colorize} and {@link image}.
 */
export function labelMap(labels: ArrayInput, colors: readonly ColorLike[], opts: LabelMapOptions = {}): VegaLiteSpec {
  const { mask, ...imageOpts } = opts;
  return image(colorizeFor('labelMap', labels, colors, mask), imageOpts);
}
