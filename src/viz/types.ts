/**
 * Input and output types shared by the figure builders. Inputs are plain
 * numbers (NDArray, typed arrays, nested arrays); outputs are Vega-Lite specs.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { NDArray } from '../common/ndarray.js';

/** A complete Vega-Lite specification, ready for `vegaEmbed` or `vl.compile`. */
export type VegaLiteSpec = TopLevelSpec;

type HConcatSpec = Extract<TopLevelSpec, { hconcat: unknown }>;
/** Any spec that may sit inside a composition (unit, layer, concat): what the builders assemble. */
export type ViewSpec = HConcatSpec['hconcat'][number];

/** Numbers nested to any depth: `number[]`, `Float32Array`, `number[][]`, `Float64Array[]`, … (rectangular). */
export type NestedNumbers = ArrayLike<number> | readonly NestedNumbers[];

/** Anything the builders accept as an n-dimensional array; nested arrays must be rectangular. */
export type ArrayInput = NDArray | NestedNumbers;

/** A colour as red, green, blue components in [0, 1] (what `optimizeColors` returns, matplotlib's convention). */
export type Rgb = readonly [number, number, number];

/** A colour given either as `#rrggbb` / `#rgb` or as an {@link Rgb} triple in [0, 1]. */
export type ColorLike = string | Rgb;

/** Options every figure builder understands. */
export interface FigureOptions {
  /** Figure title (plain text: it is drawn by Vega, never interpreted as HTML). */
  title?: string;
  /** Width of the plotting area in pixels. */
  width?: number;
  /** Height of the plotting area in pixels. */
  height?: number;
}
