/**
 * Raster figures: `image` (imshow), `tile` (all planes of a volume) and
 * `masks` (one binary image per threshold). Pixels are coloured here, in
 * TypeScript, and shipped either as one PNG `image` mark or, for small
 * images, as one rect per pixel with a tooltip.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { toDense, type Dense } from './arrays.js';
import { colorbarView } from './colorbar.js';
import { NO_DATA_COLOR, colormapName, type ColormapName } from './colormaps.js';
import { bytesToHex, toBytes } from './colors.js';
import { encodeRgbPng, pngDataUrl, upscaleNearest } from './png.js';
import { resolveClim, rgbRaster, scalarRaster, type Clim, type Raster } from './raster.js';
import { optionalText, positiveInteger, positiveNumber } from './options.js';
import { topLevel } from './spec.js';
import type { ArrayInput, ColorLike, FigureOptions, VegaLiteSpec, ViewSpec } from './types.js';

/** How pixels are drawn between their centres: matplotlib's `nearest`, or smoothed (its `bilinear`/`bicubic`). */
export type Interpolation = 'nearest' | 'smooth' | 'bilinear' | 'bicubic';

/** `png`: one image mark (any size); `rect`: a rect per pixel with a value tooltip (small images only); `auto`: rect up to 1024 pixels. */
export type RasterRender = 'auto' | 'png' | 'rect';

export interface RasterOptions extends FigureOptions {
  /** Colour map for scalar images (default `gray`, as showit's draw_image). Ignored for RGB input. */
  cmap?: string;
  /** Values mapped to the ends of the colour map (default: finite min and max); values outside are clipped. */
  clim?: readonly [number, number];
  interpolation?: Interpolation;
  /** Draw pixel-coordinate axes (default true). */
  axes?: boolean;
  render?: RasterRender;
  /** Colour of NaN/±Infinity pixels (default {@link NO_DATA_COLOR}). */
  noDataColor?: ColorLike;
  /** Opacity of the pixels in [0, 1] (matplotlib's `alpha`; default 1). */
  opacity?: number;
}

export interface ImageOptions extends RasterOptions {
  /** Draw a colour bar beside a scalar image (default true; never for RGB). */
  colorbar?: boolean;
}

const RECT_LIMIT = 1024;
const MAX_PNG_SIDE = 4096;

interface Layout {
  width: number;
  height: number;
  smooth: boolean;
  axes: boolean;
  mode: 'png' | 'rect';
  opacity: number;
}

function layout(rows: number, cols: number, opts: RasterOptions, fn: string, defaultWidth: number): Layout {
  const interpolation = opts.interpolation ?? 'nearest';
  if (!['nearest', 'smooth', 'bilinear', 'bicubic'].includes(interpolation)) {
    throw new InvalidArgumentError(`${fn}(options.interpolation)`, '"nearest", "smooth", "bilinear" or "bicubic"', interpolation);
  }
  const smooth = interpolation !== 'nearest';
  // Equal aspect, as the notebook's imshow(aspect='equal'): one dimension follows the other.
  let width = positiveNumber(opts.width, `${fn}(options.width)`);
  let height = positiveNumber(opts.height, `${fn}(options.height)`);
  if (width === undefined && height === undefined) width = Math.max(defaultWidth, Math.min(cols, 800));
  if (width === undefined) width = (height! * cols) / rows;
  if (height === undefined) height = (width * rows) / cols;
  const render = opts.render ?? 'auto';
  if (!['auto', 'png', 'rect'].includes(render)) throw new InvalidArgumentError(`${fn}(options.render)`, '"auto", "png" or "rect"', render);
  if (render === 'rect' && smooth) throw new InvalidArgumentError(`${fn}(options.render)`, '"png" or "auto" when interpolation is smooth', render);
  const mode = render === 'rect' || (render === 'auto' && !smooth && rows * cols <= RECT_LIMIT) ? 'rect' : 'png';
  const opacity = opts.opacity ?? 1;
  if (!(typeof opacity === 'number' && opacity >= 0 && opacity <= 1)) throw new InvalidArgumentError(`${fn}(options.opacity)`, 'a number in [0, 1]', opacity);
  return { width: Math.round(width), height: Math.round(height), smooth, axes: opts.axes ?? true, mode, opacity };
}

function axisScale(n: number, reverse: boolean) {
  // Integer ticks at pixel centres, like matplotlib's default extent.
  return { domain: [-0.5, n - 0.5], nice: false, zero: false, ...(reverse ? { reverse: true } : {}) };
}

/** One raster as a view: a PNG image mark, or a rect per pixel. */
export function rasterView(raster: Raster, lay: Layout, title: string | undefined): ViewSpec {
  const { rows, cols } = raster;
  const axis = lay.axes ? { title: null, grid: false, tickMinStep: 1, format: 'd' } : null;
  const titled = title === undefined ? {} : { title };
  if (lay.mode === 'rect') {
    const values = [];
    for (let r = 0, i = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, i++) {
        const v = raster.values ? raster.values[i]! : null;
        values.push({
          row: r,
          col: c,
          value: v === null || Number.isFinite(v) ? v : String(v),
          color: bytesToHex(raster.rgb[3 * i]!, raster.rgb[3 * i + 1]!, raster.rgb[3 * i + 2]!),
        });
      }
    }
    const tooltip = [
      { field: 'row', type: 'quantitative' as const },
      { field: 'col', type: 'quantitative' as const },
      raster.values ? { field: 'value', type: 'nominal' as const } : { field: 'color', type: 'nominal' as const },
    ];
    return {
      ...titled,
      width: lay.width,
      height: lay.height,
      data: { values },
      transform: [
        { calculate: 'datum.col - 0.5', as: 'x0' },
        { calculate: 'datum.col + 0.5', as: 'x1' },
        { calculate: 'datum.row - 0.5', as: 'y0' },
        { calculate: 'datum.row + 0.5', as: 'y1' },
      ],
      mark: { type: 'rect', opacity: lay.opacity },
      encoding: {
        x: { field: 'x0', type: 'quantitative', scale: axisScale(cols, false), axis },
        x2: { field: 'x1' },
        y: { field: 'y0', type: 'quantitative', scale: axisScale(rows, true), axis },
        y2: { field: 'y1' },
        color: { field: 'color', type: 'nominal', scale: null },
        tooltip,
      },
    };
  }
  const factor = lay.smooth ? 1 : Math.max(1, Math.min(Math.ceil(Math.max(lay.width / cols, lay.height / rows)), Math.floor(MAX_PNG_SIDE / Math.max(rows, cols))));
  const png = encodeRgbPng(upscaleNearest(raster.rgb, rows, cols, factor), cols * factor, rows * factor);
  return {
    ...titled,
    width: lay.width,
    height: lay.height,
    data: { values: [{ url: pngDataUrl(png) }] },
    mark: { type: 'image', width: lay.width, height: lay.height, aspect: false, smooth: lay.smooth, align: 'left', baseline: 'top', aria: false, opacity: lay.opacity },
    encoding: {
      x: { datum: -0.5, type: 'quantitative', scale: axisScale(cols, false), axis },
      y: { datum: -0.5, type: 'quantitative', scale: axisScale(rows, true), axis },
      url: { field: 'url', type: 'nominal' },
    },
  };
}

function noDataBytes(opts: RasterOptions, fn: string): [number, number, number] {
  return toBytes(opts.noDataColor ?? NO_DATA_COLOR, `${fn}(options.noDataColor)`);
}

function shapeOf(dense: Dense): string {
  return `shape [${dense.shape.join(', ')}]`;
}

function requireNonEmpty(dense: Dense, arg: string, what: string): void {
  if (dense.shape.some((d) => d === 0)) throw new InvalidArgumentError(arg, `${what} with no empty axis`, shapeOf(dense));
}

/**
 * An image, as matplotlib's `imshow` / showit's `draw_image`.
 *
 * Shape contract: `a` is `[rows, cols]` (scalar, coloured through `cmap`
 * between `clim`) or `[rows, cols, 3]` (RGB components in [0, 1], clipped).
 * NaN and ±Infinity pixels are drawn in the no-data colour (magenta by
 * default) and, for scalar images, the colour bar gains a "no data" swatch.
 *
 * @throws InvalidArgumentError naming the argument: any other shape, an empty
 *   axis, an unknown colour map, a bad `clim` or option.
 */
export function image(a: ArrayInput, opts: ImageOptions = {}): VegaLiteSpec {
  const fn = 'image';
  const dense = toDense(a, `${fn}(a)`);
  const rgb = dense.shape.length === 3 && dense.shape[2] === 3;
  if (dense.shape.length !== 2 && !rgb) {
    throw new InvalidArgumentError(`${fn}(a)`, 'a 2-D array [rows, cols] or an RGB array [rows, cols, 3]', shapeOf(dense));
  }
  requireNonEmpty(dense, `${fn}(a)`, 'an image');
  const [rows, cols] = dense.shape as [number, number];
  const title = optionalText(opts.title, `${fn}(options.title)`);
  const lay = layout(rows, cols, opts, fn, 400);
  const noData = noDataBytes(opts, fn);
  if (rgb) return topLevel(rasterView(rgbRaster(dense.data, rows, cols, noData), lay, undefined), title);

  const cmap = colormapName(opts.cmap ?? 'gray', `${fn}(options.cmap)`);
  const clim = resolveClim(dense.data, opts.clim, `${fn}(options.clim)`);
  const raster = scalarRaster(dense.data, rows, cols, cmap, clim, noData);
  const view = rasterView(raster, lay, undefined);
  if (opts.colorbar === false) return topLevel(view, title);
  return topLevel({ hconcat: [view, colorbarView(cmap, clim, lay.height, raster.noData > 0 ? bytesToHex(...noData) : undefined)] }, title);
}

export interface TileOptions extends RasterOptions {
  /** Planes per row of the grid (default: ceil(sqrt(planes))). */
  columns?: number;
  /** One title per plane (default `plane 0`, `plane 1`, …). */
  titles?: readonly string[];
  /** Draw one colour bar for all planes (default true). */
  colorbar?: boolean;
}

function scalarGrid(
  planes: readonly { data: ArrayLike<number>; title: string }[],
  rows: number,
  cols: number,
  opts: RasterOptions & { columns?: number; colorbar?: boolean },
  fn: string,
  forced?: { cmap: ColormapName; clim: Clim },
): VegaLiteSpec {
  const columns = positiveInteger(opts.columns, `${fn}(options.columns)`, Math.ceil(Math.sqrt(planes.length)));
  const lay = layout(rows, cols, opts, fn, 240);
  const noData = noDataBytes(opts, fn);
  const cmap = forced?.cmap ?? colormapName(opts.cmap ?? 'gray', `${fn}(options.cmap)`);
  // One colour scale for every plane, so planes can be compared by eye.
  let clim = forced?.clim;
  if (clim === undefined) {
    const all = new Float64Array(planes.length * rows * cols);
    planes.forEach((p, i) => all.set(p.data, i * rows * cols));
    clim = resolveClim(all, opts.clim, `${fn}(options.clim)`);
  }
  let missing = 0;
  const views = planes.map((p) => {
    const raster = scalarRaster(p.data, rows, cols, cmap, clim, noData);
    missing += raster.noData;
    return rasterView(raster, lay, p.title);
  });
  const grid: ViewSpec = { concat: views, columns };
  const title = optionalText(opts.title, `${fn}(options.title)`);
  if (opts.colorbar === false) return topLevel(grid, title);
  return topLevel({ hconcat: [grid, colorbarView(cmap, clim, lay.height, missing > 0 ? bytesToHex(...noData) : undefined)] }, title);
}

/**
 * Every plane of a volume in a grid, as showit's `draw_tile`.
 *
 * Shape contract: `volume` is `[planes, rows, cols]`; all planes share one
 * colour scale (`clim`, default the finite min and max over the volume).
 *
 * @throws InvalidArgumentError naming the argument: another shape, an empty
 *   axis, titles of the wrong length, or a bad option.
 */
export function tile(volume: ArrayInput, opts: TileOptions = {}): VegaLiteSpec {
  const fn = 'tile';
  const dense = toDense(volume, `${fn}(volume)`);
  if (dense.shape.length !== 3) throw new InvalidArgumentError(`${fn}(volume)`, 'a 3-D array [planes, rows, cols]', shapeOf(dense));
  requireNonEmpty(dense, `${fn}(volume)`, 'a volume');
  const [n, rows, cols] = dense.shape as [number, number, number];
  if (opts.titles !== undefined && (!Array.isArray(opts.titles) || opts.titles.length !== n)) {
    throw new InvalidArgumentError(`${fn}(options.titles)`, `${n} titles, one per plane`, opts.titles);
  }
  const planes = [];
  for (let i = 0; i < n; i++) {
    const data = dense.data.subarray(i * rows * cols, (i + 1) * rows * cols);
    planes.push({ data, title: optionalText(opts.titles?.[i], `${fn}(options.titles[${i}])`) ?? `plane ${i}` });
  }
  return scalarGrid(planes, rows, cols, opts, fn);
}

/** Masks are always black (false) and white (true): no colour map or limits to choose. */
export interface MasksOptions extends Omit<RasterOptions, 'cmap' | 'clim'> {
  /** Images per row (default: ceil(sqrt(thresholds))). */
  columns?: number;
  /** Digits after the point in the titles (default 3, as the notebook's `%.3f`). */
  digits?: number;
}

/**
 * One binary image per threshold, `std > t` drawn white on black and titled
 * with the threshold and how many pixels pass (the notebook's Q16).
 *
 * Shape contract: `std` is `[rows, cols]`; `thresholds` is a non-empty list of
 * finite numbers. Non-finite `std` pixels are drawn as no data.
 *
 * @throws InvalidArgumentError naming the argument for another shape, an
 *   empty or non-finite threshold list, or a bad option.
 */
export function masks(std: ArrayInput, thresholds: readonly number[], opts: MasksOptions = {}): VegaLiteSpec {
  const fn = 'masks';
  const dense = toDense(std, `${fn}(std)`);
  if (dense.shape.length !== 2) throw new InvalidArgumentError(`${fn}(std)`, 'a 2-D array [rows, cols]', shapeOf(dense));
  requireNonEmpty(dense, `${fn}(std)`, 'an image');
  if (!Array.isArray(thresholds) || thresholds.length === 0 || !thresholds.every((t) => typeof t === 'number' && Number.isFinite(t))) {
    throw new InvalidArgumentError(`${fn}(thresholds)`, 'a non-empty array of finite numbers', thresholds);
  }
  const digits = opts.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new InvalidArgumentError(`${fn}(options.digits)`, 'an integer in [0, 20]', digits);
  const [rows, cols] = dense.shape as [number, number];
  const planes = thresholds.map((t) => {
    const data = new Float64Array(rows * cols);
    let kept = 0;
    for (let i = 0; i < data.length; i++) {
      const v = dense.data[i]!;
      data[i] = Number.isFinite(v) ? (v > t ? 1 : 0) : NaN;
      if (data[i] === 1) kept++;
    }
    return { data, title: `std > ${t.toFixed(digits)} (${kept} of ${rows * cols} kept)` };
  });
  return scalarGrid(planes, rows, cols, { ...opts, colorbar: false }, fn, { cmap: 'gray', clim: { lo: 0, hi: 1 } });
}
