/**
 * Line, histogram, scatter and elbow charts. Every number is computed here
 * (bins, densities, normalizations) and shipped as data: the specs carry no
 * Vega-side aggregation, so what the tests check is what is drawn.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { toDense, toMatrix, toPoints, toVector } from './arrays.js';
import { DEFAULT_CYCLE, paletteHex, toHex } from './colors.js';
import { optionalText, positiveInteger, positiveNumber } from './options.js';
import { topLevel } from './spec.js';
import { gaussianKde, histogramCounts } from './stats.js';
import type { ArrayInput, ColorLike, FigureOptions, VegaLiteSpec } from './types.js';

const WIDTH = 600;
const HEIGHT = 360;

/** JSON has no NaN or Infinity: such points become null, which Vega-Lite leaves out (lines break there). */
function jsonNumber(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function size(opts: FigureOptions, fn: string): { width: number; height: number } {
  return { width: positiveNumber(opts.width, `${fn}(options.width)`, WIDTH), height: positiveNumber(opts.height, `${fn}(options.height)`, HEIGHT) };
}

function label(value: string | undefined, fn: string, key: string): string | null {
  return optionalText(value, `${fn}(options.${key})`) ?? null;
}

function names(given: readonly string[] | undefined, n: number, arg: string): string[] {
  if (given === undefined) return Array.from({ length: n }, (_, i) => String(i));
  if (!Array.isArray(given) || given.length !== n || !given.every((s) => typeof s === 'string')) {
    throw new InvalidArgumentError(arg, `${n} strings, one per series`, given);
  }
  if (new Set(given).size !== n) throw new InvalidArgumentError(arg, 'distinct names', given);
  return [...given];
}

export interface LinesOptions extends FigureOptions {
  /** One colour per series, cycled when shorter (matplotlib's colour cycle; default tab10). */
  colors?: readonly ColorLike[];
  /** Series names for the legend (default `0`, `1`, …). */
  names?: readonly string[];
  /** Shared x values, one per column (default 0, 1, …). */
  x?: ArrayInput;
  xLabel?: string;
  yLabel?: string;
  /** Show a legend (default: when there are at most 10 series). */
  legend?: boolean;
  strokeWidth?: number;
}

/**
 * Many series on one plot, as `plt.plot(matrix.T)`: each row of `matrix` is a
 * series drawn against the column index (or `x`). NaN/±Infinity values leave
 * gaps in their line.
 *
 * Shape contract: `matrix` is `[series, points]`, non-empty; `x`, when given,
 * has `points` values; `names` has `series` values.
 *
 * @throws InvalidArgumentError naming the argument when a shape, colour or option is wrong.
 */
export function lines(matrix: ArrayInput, opts: LinesOptions = {}): VegaLiteSpec {
  const fn = 'lines';
  const m = toMatrix(matrix, `${fn}(matrix)`);
  const [n, t] = m.shape as [number, number];
  const x = opts.x === undefined ? Array.from({ length: t }, (_, i) => i) : Array.from(toVector(opts.x, `${fn}(options.x)`));
  if (x.length !== t) throw new InvalidArgumentError(`${fn}(options.x)`, `${t} values, one per column of matrix`, opts.x);
  const keys = names(opts.names, n, `${fn}(options.names)`);
  const palette = paletteHex(opts.colors, `${fn}(options.colors)`);
  const xs = x.map(jsonNumber);
  // One row per series with parallel x/y arrays (flattened by Vega): a third of the JSON of one object per point.
  const values = keys.map((s, r) => {
    const y = new Array<number | null>(t);
    for (let c = 0; c < t; c++) y[c] = jsonNumber(m.data[r * t + c]!);
    return { series: s, x: xs, y };
  });
  const { width, height } = size(opts, fn);
  const legend = opts.legend ?? n <= 10;
  return topLevel(
    {
      width,
      height,
      data: { values },
      transform: [{ flatten: ['x', 'y'] }],
      mark: { type: 'line', strokeWidth: positiveNumber(opts.strokeWidth, `${fn}(options.strokeWidth)`, 1.5), clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: label(opts.xLabel, fn, 'xLabel'), scale: { nice: false, zero: false } },
        y: { field: 'y', type: 'quantitative', title: label(opts.yLabel, fn, 'yLabel'), scale: { zero: false } },
        color: {
          field: 'series',
          type: 'nominal',
          scale: { domain: keys, range: keys.map((_, i) => palette[i % palette.length]!) },
          legend: legend ? { title: null } : null,
        },
      },
    },
    label(opts.title, fn, 'title') ?? undefined,
  );
}

export interface HistogramOptions extends FigureOptions {
  /** Number of equal-width bins (default 10, numpy's default). */
  bins?: number;
  /** Overlay a Gaussian KDE (Scott's bandwidth) scaled to counts (default false). */
  kde?: boolean;
  xLabel?: string;
  yLabel?: string;
  color?: ColorLike;
}

/**
 * A histogram, as `plt.hist(values, bins)`, with numpy's edges (equal width
 * from the min to the max, last bin closed) and, optionally, scipy's
 * `gaussian_kde` drawn as a line scaled to expected counts (density × n ×
 * bin width). Non-finite values are left out and counted in the spec's
 * `description`.
 *
 * @throws InvalidArgumentError naming the argument: `values` not 1-D or with no
 *   finite value, `bins` not a positive integer, or `kde` on fewer than two
 *   distinct values.
 */
export function histogram(values: ArrayInput, opts: HistogramOptions = {}): VegaLiteSpec {
  const fn = 'histogram';
  const v = toVector(values, `${fn}(values)`);
  const bins = positiveInteger(opts.bins, `${fn}(options.bins)`, 10);
  const { edges, counts, n, dropped } = histogramCounts(v, bins, `${fn}(values)`);
  const bars = Array.from(counts, (count, i) => ({ lo: edges[i]!, hi: edges[i + 1]!, count }));
  const { width, height } = size(opts, fn);
  const domain = [edges[0]!, edges[bins]!];
  const xTitle = label(opts.xLabel, fn, 'xLabel');
  const color = toHex(opts.color ?? DEFAULT_CYCLE[0]!, `${fn}(options.color)`);
  const barLayer = {
    data: { values: bars },
    mark: { type: 'rect' as const, color, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'lo', type: 'quantitative' as const, title: xTitle, scale: { domain, nice: false, zero: false } },
      x2: { field: 'hi' },
      y: { field: 'count', type: 'quantitative' as const, title: label(opts.yLabel, fn, 'yLabel') ?? 'count' },
      tooltip: [
        { field: 'lo', type: 'quantitative' as const },
        { field: 'hi', type: 'quantitative' as const },
        { field: 'count', type: 'quantitative' as const },
      ],
    },
  };
  const description = `${n} values in ${bins} bins${dropped > 0 ? `; ${dropped} non-finite values left out` : ''}`;
  const title = label(opts.title, fn, 'title') ?? undefined;
  if (!opts.kde) return topLevel({ width, height, description, layer: [barLayer] }, title);

  const { density } = gaussianKde(v, `${fn}(values)`);
  const points = 200;
  const binWidth = (edges[bins]! - edges[0]!) / bins;
  const curve = Array.from({ length: points }, (_, i) => {
    const x = edges[0]! + ((edges[bins]! - edges[0]!) * i) / (points - 1);
    return { x, expected: density(x) * n * binWidth };
  });
  const kdeLayer = {
    data: { values: curve },
    mark: { type: 'line' as const, color: 'black', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative' as const, title: xTitle, scale: { domain, nice: false, zero: false } },
      y: { field: 'expected', type: 'quantitative' as const },
    },
  };
  return topLevel({ width, height, description: `${description}; Gaussian KDE (Scott) scaled to counts`, layer: [barLayer, kdeLayer] }, title);
}

export interface ScatterOptions extends FigureOptions {
  /** A group per point (e.g. a cluster id), coloured by group. */
  labels?: ArrayLike<number | string>;
  /** Colours for the groups in first-seen order, or the single colour without labels (default tab10). */
  colors?: readonly ColorLike[];
  xLabel?: string;
  yLabel?: string;
  /** Point area in square pixels (default 40). */
  size?: number;
}

export function pointLabels(labels: ArrayLike<number | string> | undefined, n: number, arg: string): string[] | undefined {
  if (labels === undefined) return undefined;
  if (labels.length !== n) throw new InvalidArgumentError(arg, `${n} labels, one per point`, labels);
  return Array.from({ length: n }, (_, i) => {
    const v = labels[i];
    if (typeof v !== 'number' && typeof v !== 'string') throw new InvalidArgumentError(`${arg}[${i}]`, 'a number or string', v);
    return String(v);
  });
}

/** Legend domain in first-seen order, so colour i goes to the i-th group as the caller listed it. */
export function groupScale(groups: readonly string[], palette: readonly string[]): { domain: string[]; range: string[] } {
  const domain = [...new Set(groups)];
  return { domain, range: domain.map((_, i) => palette[i % palette.length]!) };
}

/**
 * A 2-D scatter plot (e.g. cluster centres projected on two principal components).
 *
 * Shape contract: `points` is `[n, 2]`, non-empty; `labels`, when given, has n entries.
 *
 * @throws InvalidArgumentError naming the argument for another shape or a bad option.
 */
export function scatter2d(points: ArrayInput, opts: ScatterOptions = {}): VegaLiteSpec {
  const fn = 'scatter2d';
  const p = toPoints(points, 2, `${fn}(points)`);
  const n = p.shape[0]!;
  const groups = pointLabels(opts.labels, n, `${fn}(options.labels)`);
  const palette = paletteHex(opts.colors, `${fn}(options.colors)`);
  const values = Array.from({ length: n }, (_, i) => ({
    x: jsonNumber(p.data[2 * i]!),
    y: jsonNumber(p.data[2 * i + 1]!),
    ...(groups ? { group: groups[i]! } : {}),
  }));
  const { width, height } = size(opts, fn);
  const pointSize = positiveNumber(opts.size, `${fn}(options.size)`, 40);
  return topLevel(
    {
      width,
      height,
      data: { values },
      mark: { type: 'point', filled: true, size: pointSize, ...(groups ? {} : { color: palette[0]! }) },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: label(opts.xLabel, fn, 'xLabel'), scale: { zero: false } },
        y: { field: 'y', type: 'quantitative', title: label(opts.yLabel, fn, 'yLabel'), scale: { zero: false } },
        ...(groups ? { color: { field: 'group', type: 'nominal' as const, scale: groupScale(groups, palette), legend: { title: null } } } : {}),
      },
    },
    label(opts.title, fn, 'title') ?? undefined,
  );
}

/** One error curve of an elbow plot. */
export interface ElbowSeries {
  name: string;
  /** One error per k. */
  values: ArrayInput;
  color?: ColorLike;
  /** Dotted line (the notebook's `:` style, e.g. for test errors). */
  dashed?: boolean;
}

export interface ElbowOptions extends FigureOptions {
  series: readonly ElbowSeries[];
  xLabel?: string;
  yLabel?: string;
}

/**
 * Error against k for several metrics, each divided by its own sum as the
 * notebook does (`errors / errors.sum()`), so metrics of different scales
 * share one axis. One line with point markers per series.
 *
 * Shape contract: `ks` and every `series[i].values` have the same non-zero
 * length; values are finite with a non-zero sum; names are distinct.
 *
 * @throws InvalidArgumentError naming the argument otherwise.
 */
export function elbow(ks: ArrayInput, opts: ElbowOptions): VegaLiteSpec {
  const fn = 'elbow';
  const k = toVector(ks, `${fn}(ks)`);
  if (!Array.from(k).every(Number.isFinite)) throw new InvalidArgumentError(`${fn}(ks)`, 'finite numbers', ks);
  if (!opts || !Array.isArray(opts.series) || opts.series.length === 0) {
    throw new InvalidArgumentError(`${fn}(options.series)`, 'a non-empty array of { name, values }', opts?.series);
  }
  const seriesNames = names(
    opts.series.map((s) => s.name),
    opts.series.length,
    `${fn}(options.series[].name)`,
  );
  const values: { k: number; error: number; series: string }[] = [];
  const colors: string[] = [];
  const dashes: number[][] = [];
  opts.series.forEach((s, j) => {
    const arg = `${fn}(options.series[${j}].values)`;
    const v = toDense(s.values, arg);
    if (v.shape.length !== 1 || v.shape[0] !== k.length) throw new InvalidArgumentError(arg, `${k.length} values, one per k`, `shape [${v.shape.join(', ')}]`);
    let sum = 0;
    for (let i = 0; i < k.length; i++) {
      if (!Number.isFinite(v.data[i]!)) throw new InvalidArgumentError(arg, 'finite numbers', v.data[i]);
      sum += v.data[i]!;
    }
    if (sum === 0) throw new InvalidArgumentError(arg, 'values with a non-zero sum (each series is divided by its sum)', 0);
    for (let i = 0; i < k.length; i++) values.push({ k: k[i]!, error: v.data[i]! / sum, series: seriesNames[j]! });
    colors.push(toHex(s.color ?? DEFAULT_CYCLE[j % DEFAULT_CYCLE.length]!, `${fn}(options.series[${j}].color)`));
    dashes.push(s.dashed ? [2, 3] : [1, 0]);
  });
  const { width, height } = size(opts, fn);
  return topLevel(
    {
      width,
      height,
      data: { values },
      mark: { type: 'line', point: true, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'k', type: 'quantitative', title: label(opts.xLabel, fn, 'xLabel') ?? 'k', scale: { zero: false } },
        y: { field: 'error', type: 'quantitative', title: label(opts.yLabel, fn, 'yLabel') ?? 'error / sum of errors' },
        // Identical legend definitions make Vega-Lite merge them into one legend of line styles.
        color: { field: 'series', type: 'nominal', scale: { domain: seriesNames, range: colors }, legend: { title: null, symbolType: 'stroke', symbolStrokeWidth: 2 } },
        strokeDash: {
          field: 'series',
          type: 'nominal',
          scale: { domain: seriesNames, range: dashes },
          legend: { title: null, symbolType: 'stroke', symbolStrokeWidth: 2 },
        },
      },
    },
    label(opts.title, fn, 'title') ?? undefined,
  );
}
