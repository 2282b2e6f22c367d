/**
 * A colour bar drawn from our own lookup table, so it matches the image's
 * pixels exactly (a Vega colour scale would re-interpolate its own ramp). The
 * ramp is a one-pixel-wide PNG stretched by an image mark: rect marks per
 * step leave anti-aliased seams. Its axis shows the data values of the limits.
 */
import { LUT_SIZE, lookupTable, type ColormapName } from './colormaps.js';
import { encodeRgbPng, pngDataUrl } from './png.js';
import type { Clim } from './raster.js';
import type { ViewSpec } from './types.js';

const BAR_WIDTH = 14;

export function colorbarView(cmap: ColormapName, clim: Clim, height: number, noDataHex: string | undefined): ViewSpec {
  const lut = lookupTable(cmap);
  // Top row is the high end of the map.
  const ramp = new Uint8Array(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) ramp.set(lut.subarray(3 * i, 3 * i + 3), 3 * (LUT_SIZE - 1 - i));
  // A constant image has an empty value range; widen it so the axis can still be drawn.
  const lo = clim.hi > clim.lo ? clim.lo : clim.lo - 0.5;
  const hi = clim.hi > clim.lo ? clim.hi : clim.lo + 0.5;
  const bar: ViewSpec = {
    width: BAR_WIDTH,
    height,
    data: { values: [{ url: pngDataUrl(encodeRgbPng(ramp, 1, LUT_SIZE)) }] },
    mark: { type: 'image', width: BAR_WIDTH, height, aspect: false, smooth: true, align: 'left', baseline: 'top', aria: false },
    encoding: {
      x: { value: 0 },
      y: { datum: hi, type: 'quantitative', scale: { domain: [lo, hi], nice: false, zero: false }, axis: { orient: 'right', title: null, grid: false } },
      url: { field: 'url', type: 'nominal' },
    },
  };
  if (noDataHex === undefined) return bar;
  const swatch: ViewSpec = {
    width: BAR_WIDTH,
    height: BAR_WIDTH,
    data: { values: [{ label: 'no data' }] },
    layer: [
      { mark: { type: 'rect', color: noDataHex, aria: false }, encoding: { x: { value: 0 }, x2: { value: BAR_WIDTH }, y: { value: 0 }, y2: { value: BAR_WIDTH } } },
      { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4 }, encoding: { x: { value: BAR_WIDTH }, y: { value: BAR_WIDTH / 2 }, text: { field: 'label' } } },
    ],
  };
  return { vconcat: [bar, swatch], spacing: 8 };
}
