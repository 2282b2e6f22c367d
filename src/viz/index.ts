/**
 * thunder-connect/viz: arrays in, Vega-Lite specs and offline HTML reports out.
 *
 * Knows nothing of Spark or Thunder. Builders are pure functions: they take
 * NDArrays, typed arrays or (rectangular) nested number arrays, check shapes
 * up front and throw `InvalidArgumentError` naming the offending argument
 * (e.g. `image(a)`, `histogram(options.bins)`) rather than producing a spec
 * that fails inside Vega. NaN and ±Infinity never throw: images draw them in
 * the no-data colour ({@link NO_DATA_COLOR}), charts leave them out.
 *
 * Every builder returns a complete Vega-Lite 6 spec (`$schema`, white
 * background) usable with `vegaEmbed`, `vl.compile`, or a {@link Report}.
 *
 * Figures of the zebrafish notebook and their builders:
 * - imshow / draw_image (Q1–Q3, Q19 similarity map): {@link image}
 * - draw_tile (all planes): {@link tile}
 * - plt.plot(series.T), centres (Q5, Q6, Q9, Q14, Q17): {@link lines}
 * - stddev histogram with KDE (Q8): {@link histogram}
 * - PCA of centres (Q14): {@link scatter2d}, {@link scatter3d}
 * - error vs k (Q13, Q18, Q20): {@link elbow}
 * - brain maps (Q15, Q19, Q20): {@link optimizeColors} + {@link labelMap} / {@link colorize}
 * - threshold masks (Q16): {@link masks}
 * - thousands of series at once (Q5): {@link seriesDensity}; variations side by side: {@link grid}
 */
export { DataFormatError, InvalidArgumentError } from '../common/errors.js';
export type { ArrayInput, ColorLike, FigureOptions, NestedNumbers, Rgb, VegaLiteSpec, ViewSpec } from './types.js';

export { COLORMAP_NAMES, NO_DATA_COLOR, type ColormapName } from './colormaps.js';
export { image, masks, tile, type ImageOptions, type Interpolation, type MasksOptions, type RasterOptions, type RasterRender, type TileOptions } from './image.js';
export {
  elbow,
  histogram,
  lines,
  scatter2d,
  type ElbowOptions,
  type ElbowSeries,
  type HistogramOptions,
  type LinesOptions,
  type ScatterOptions,
} from './charts.js';
export { scatter3d, type Scatter3dOptions } from './scatter3d.js';
export { grid, seriesDensity, type DensityOptions, type GridOptions } from './compose.js';
export { gaussianKde, histogramCounts, type HistogramCounts } from './stats.js';
export { colorize, labelMap, type ColorizeOptions, type LabelMapOptions } from './colorize.js';
export { optimizeColors, type OptimizeColorsOptions } from './optimize-colors.js';
export {
  Report,
  type FigureFiles,
  type ReportFigureOptions,
  type ReportFiles,
  type TableCell,
  type TableOptions,
  type TextOptions,
  type WriteOptions,
} from './report.js';
