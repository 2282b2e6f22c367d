/**
 * Figures made of many parts: several builder outputs side by side as one
 * figure (the notebook's variations of one picture read best next to each
 * other), and thousands of series at once as a density (Q5).
 */
import { InvalidArgumentError } from '../common/errors.js';
import { toMatrix } from './arrays.js';
import type { ArrayInput, VegaLiteSpec, ViewSpec } from './types.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * One figure holding `specs` in a grid of `columns`. Each part keeps its own
 * title and colour bar; only top-level-only properties are dropped, so parts
 * must not carry parameters (scatter3d's slider) or config.
 */
export function grid(specs: readonly VegaLiteSpec[], options: GridOptions = {}): VegaLiteSpec {
  if (!Array.isArray(specs) || specs.length === 0) throw new InvalidArgumentError('grid(specs)', 'a non-empty array of Vega-Lite specs', specs);
  const columns = options.columns ?? specs.length;
  if (!Number.isInteger(columns) || columns < 1) throw new InvalidArgumentError('grid(options.columns)', 'a positive integer', columns);
  const parts = specs.map((s, i) => {
    if (typeof s !== 'object' || s === null) throw new InvalidArgumentError(`grid(specs[${i}])`, 'a Vega-Lite spec', s);
    const { $schema: _schema, background: _background, ...view } = s as unknown as Record<string, unknown>;
    if ('params' in view || 'config' in view) throw new InvalidArgumentError(`grid(specs[${i}])`, 'a spec without params or config (those cannot be nested)', Object.keys(view).join(', '));
    // A part with a colour bar is itself a concat whose title would sit at its left edge.
    if (typeof view['title'] === 'string') view['title'] = { text: view['title'], anchor: 'middle' };
    return view as unknown as ViewSpec;
  });
  // Rows of hconcat rather than a wrapped concat: parts differ in width (colour bars), and a
  // wrapped concat sizes every column by its widest part.
  const rowsOf: ViewSpec[] = [];
  for (let i = 0; i < parts.length; i += columns) rowsOf.push({ hconcat: parts.slice(i, i + columns), spacing: 24 } as unknown as ViewSpec);
  return {
    $schema: SCHEMA,
    background: 'white',
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(rowsOf.length === 1 ? (rowsOf[0] as object) : { vconcat: rowsOf, spacing: 24 }),
  } as VegaLiteSpec;
}

export interface GridOptions {
  /** Parts per row (default: all in one row). */
  readonly columns?: number;
  readonly title?: string;
}

export interface DensityOptions {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * Every row of `series` ([n, T]) at once, as a heat map of how many rows take
 * each (rounded) value at each position: what a plot of thousands of
 * overlapping lines shows, without drawing thousands of paths.
 */
export function seriesDensity(series: ArrayInput, options: DensityOptions = {}): VegaLiteSpec {
  const matrix = toMatrix(series, 'seriesDensity(series)');
  const [n, t] = matrix.shape as [number, number];
  const counts = new Map<string, { t: number; v: number; count: number }>();
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < t; c++) {
      const x = matrix.data[r * t + c]!;
      if (!Number.isFinite(x)) continue;
      const v = Math.round(x);
      const key = `${c}:${v}`;
      const cell = counts.get(key);
      if (cell) cell.count++;
      else counts.set(key, { t: c, v, count: 1 });
    }
  }
  const values = [...counts.values()].map((d) => ({ ...d, t0: d.t - 0.5, t1: d.t + 0.5, v0: d.v - 0.5, v1: d.v + 0.5 }));
  return {
    $schema: SCHEMA,
    background: 'white',
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width ?? 640,
    height: options.height ?? 360,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 't0', type: 'quantitative', title: options.xLabel ?? null, scale: { domain: [-0.5, t - 0.5], nice: false, zero: false }, axis: { tickMinStep: 1, format: 'd' } },
      x2: { field: 't1' },
      y: { field: 'v0', type: 'quantitative', title: options.yLabel ?? null, scale: { zero: false, nice: false } },
      y2: { field: 'v1' },
      color: { field: 'count', type: 'quantitative', title: 'voxels', scale: { type: 'log', scheme: 'viridis' } },
      tooltip: [
        { field: 't', type: 'quantitative', title: options.xLabel ?? 'position' },
        { field: 'v', type: 'quantitative', title: options.yLabel ?? 'value' },
        { field: 'count', type: 'quantitative', title: 'voxels' },
      ],
    },
  } as VegaLiteSpec;
}
