/**
 * 3-D scatter plots. Vega-Lite has no 3-D marks, so the points are projected
 * orthographically inside the spec, with the view angles as two slider
 * parameters (azimuth about z, elevation above the x-y plane). One rotatable
 * view keeps all three coordinates in a single picture the way matplotlib's
 * Axes3D does, where three 2-D projections would make the reader rebuild the
 * cloud in their head; the defaults (azimuth -60°, elevation 30°) are
 * matplotlib's, so a static render (SVG, PNG) shows its familiar view.
 */
import { InvalidArgumentError } from '../common/errors.js';
import { toPoints } from './arrays.js';
import { paletteHex } from './colors.js';
import { groupScale, pointLabels, type ScatterOptions } from './charts.js';
import { optionalText, positiveNumber } from './options.js';
import { topLevelProps } from './spec.js';
import type { ArrayInput, VegaLiteSpec } from './types.js';

export interface Scatter3dOptions extends ScatterOptions {
  zLabel?: string;
  /** Initial azimuth in degrees (default -60). */
  azimuth?: number;
  /** Initial elevation in degrees (default 30). */
  elevation?: number;
}

const RAD = 'PI / 180';

/**
 * Shape contract: `points` is `[n, 3]`, non-empty, with finite coordinates.
 * The cloud is centred on its bounding-box centre and scaled by one factor
 * for all axes (so angles and relative spreads stay true) to fit the unit
 * ball; tooltips show the original coordinates. Nearer points are drawn on
 * top and more opaque.
 *
 * @throws InvalidArgumentError naming the argument for another shape,
 *   non-finite coordinates or a bad option.
 */
export function scatter3d(points: ArrayInput, opts: Scatter3dOptions = {}): VegaLiteSpec {
  const fn = 'scatter3d';
  const p = toPoints(points, 3, `${fn}(points)`);
  const n = p.shape[0]!;
  for (let i = 0; i < p.data.length; i++) {
    if (!Number.isFinite(p.data[i]!)) throw new InvalidArgumentError(`${fn}(points)`, 'finite coordinates', p.data[i]);
  }
  const groups = pointLabels(opts.labels, n, `${fn}(options.labels)`);
  const palette = paletteHex(opts.colors, `${fn}(options.colors)`);
  const angle = (v: number | undefined, key: string, fallback: number, limit: number): number => {
    if (v === undefined) return fallback;
    if (!(typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= limit)) {
      throw new InvalidArgumentError(`${fn}(options.${key})`, `degrees in [-${limit}, ${limit}]`, v);
    }
    return v;
  };
  const azimuth = angle(opts.azimuth, 'azimuth', -60, 180);
  const elevation = angle(opts.elevation, 'elevation', 30, 90);

  const centre = [0, 1, 2].map((d) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = p.data[3 * i + d]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return (lo + hi) / 2;
  });
  let radius = 0;
  for (let i = 0; i < n; i++) {
    radius = Math.max(radius, Math.hypot(p.data[3 * i]! - centre[0]!, p.data[3 * i + 1]! - centre[1]!, p.data[3 * i + 2]! - centre[2]!));
  }
  const scale = radius > 0 ? 1 / radius : 1;
  const values: Record<string, number | string>[] = [];
  for (let i = 0; i < n; i++) {
    const [x, y, z] = [p.data[3 * i]!, p.data[3 * i + 1]!, p.data[3 * i + 2]!];
    values.push({
      kind: 'point',
      x: (x - centre[0]!) * scale,
      y: (y - centre[1]!) * scale,
      z: (z - centre[2]!) * scale,
      ox: x,
      oy: y,
      oz: z,
      ...(groups ? { group: groups[i]! } : {}),
    });
  }
  const axisNames = [
    optionalText(opts.xLabel, `${fn}(options.xLabel)`) ?? 'x',
    optionalText(opts.yLabel, `${fn}(options.yLabel)`) ?? 'y',
    optionalText(opts.zLabel, `${fn}(options.zLabel)`) ?? 'z',
  ];
  axisNames.forEach((name, d) => {
    for (const end of [0, 1]) {
      const tip = end === 1 ? 1.1 : 0;
      values.push({ kind: 'axis', axis: name, end, x: d === 0 ? tip : 0, y: d === 1 ? tip : 0, z: d === 2 ? tip : 0 });
    }
  });
  // Square, so that rotation never distorts: width wins over height.
  const side = positiveNumber(opts.width, `${fn}(options.width)`, positiveNumber(opts.height, `${fn}(options.height)`, 480));
  const pointSize = positiveNumber(opts.size, `${fn}(options.size)`, 40);
  // Projected coordinates have no meaning of their own: fixed domains (the unit ball never clips) and no axes.
  const screen = (field: string) => ({ field, type: 'quantitative' as const, scale: { domain: [-1.15, 1.15] }, axis: null });
  const x = screen('sx');
  const y = screen('sy');
  const spec: VegaLiteSpec = {
    ...topLevelProps(optionalText(opts.title, `${fn}(options.title)`)),
    width: side,
    height: side,
    params: [
      { name: 'azimuth', value: azimuth, bind: { input: 'range', min: -180, max: 180, step: 1, name: 'azimuth (°) ' } },
      { name: 'elevation', value: elevation, bind: { input: 'range', min: -90, max: 90, step: 1, name: 'elevation (°) ' } },
    ],
    data: { values },
    transform: [
      { calculate: `-datum.x * sin(azimuth * ${RAD}) + datum.y * cos(azimuth * ${RAD})`, as: 'sx' },
      { calculate: `datum.x * cos(azimuth * ${RAD}) + datum.y * sin(azimuth * ${RAD})`, as: 'w' },
      { calculate: `datum.z * cos(elevation * ${RAD}) - datum.w * sin(elevation * ${RAD})`, as: 'sy' },
      { calculate: `datum.w * cos(elevation * ${RAD}) + datum.z * sin(elevation * ${RAD})`, as: 'depth' },
    ],
    layer: [
      {
        transform: [{ filter: "datum.kind === 'axis'" }],
        mark: { type: 'line', color: '#888', strokeWidth: 1 },
        encoding: { x, y, detail: { field: 'axis', type: 'nominal' }, order: { field: 'end', type: 'quantitative' } },
      },
      {
        transform: [{ filter: "datum.kind === 'axis' && datum.end === 1" }],
        mark: { type: 'text', color: '#444', fontWeight: 'bold', dx: 6, dy: -6 },
        encoding: { x, y, text: { field: 'axis', type: 'nominal' } },
      },
      {
        transform: [{ filter: "datum.kind === 'point'" }],
        mark: { type: 'circle', size: pointSize, ...(groups ? {} : { color: palette[0]! }) },
        encoding: {
          x,
          y,
          order: { field: 'depth', type: 'quantitative' },
          opacity: { field: 'depth', type: 'quantitative', scale: { domain: [-1, 1], range: [0.35, 1] }, legend: null },
          ...(groups ? { color: { field: 'group', type: 'nominal' as const, scale: groupScale(groups, palette), legend: { title: null } } } : {}),
          tooltip: [
            { field: 'ox', type: 'quantitative', title: axisNames[0] },
            { field: 'oy', type: 'quantitative', title: axisNames[1] },
            { field: 'oz', type: 'quantitative', title: axisNames[2] },
          ],
        },
      },
    ],
  };
  return spec;
}
