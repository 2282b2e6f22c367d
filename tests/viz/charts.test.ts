import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { NDArray } from '../../src/common/ndarray.js';
import { elbow, gaussianKde, histogram, histogramCounts, lines, scatter2d, scatter3d } from '../../src/viz/index.js';
import { checkSpec, dataBlocks, expectInvalid } from './helpers.js';

describe('the spec checks themselves', () => {
  it('reject a spec that is not Vega-Lite', async () => {
    await expect(checkSpec({ data: { values: [] }, mark: 'lin' })).rejects.toThrow();
  });
});

describe('lines', () => {
  it('puts every row on one plot against the column index, NaN as a gap', async () => {
    const spec = lines([[1, 2, 3], [4, NaN, 6]], { colors: [[1, 0, 0], '#00f'], xLabel: 'picture number', yLabel: 'value', title: 'series' });
    const svg = await checkSpec(spec);
    expect(svg).toContain('picture number');
    const rows = dataBlocks(spec)[0]!;
    expect(rows).toEqual([
      { series: '0', x: [0, 1, 2], y: [1, 2, 3] },
      { series: '1', x: [0, 1, 2], y: [4, null, 6] },
    ]);
    const color = (spec as { encoding: { color: { scale: { domain: string[]; range: string[] } } } }).encoding.color;
    expect(color.scale).toEqual({ domain: ['0', '1'], range: ['#ff0000', '#0000ff'] });
    // Two line paths drawn: red through its 3 points, blue as 2 separate points around the gap.
    const paths = [...svg.matchAll(/aria-roledescription="line mark" d="([^"]*)" stroke="([^"]*)"/g)].map((m) => ({ d: m[1]!, stroke: m[2]! }));
    expect(paths.map((p) => p.stroke)).toEqual(['#ff0000', '#0000ff']);
    const points = (d: string) => [...d.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(paths[0]!.d).toMatch(/^M[^ML]*L[^ML]*L[^ML]*$/); // one connected polyline
    expect(paths[1]!.d).not.toContain('L'); // no segment across the NaN
    // One linear y scale for both (values 1..6, larger values higher up) and x at 0, 1, 2.
    const [red, blue] = [points(paths[0]!.d), points(paths[1]!.d)];
    const y = (v: number) => red[0]![1]! + ((red[1]![1]! - red[0]![1]!) * (v - 1)) / (2 - 1);
    expect(red[1]![1]).toBeLessThan(red[0]![1]!);
    [red[2]![1], blue[0]![1], blue[1]![1]].forEach((got, i) => expect(got).toBeCloseTo(y([3, 4, 6][i]!), 6));
    expect([red[0]![0], red[1]![0], red[2]![0], blue[0]![0], blue[1]![0]]).toEqual([0, red[1]![0], 2 * red[1]![0]!, 0, 2 * red[1]![0]!]);
  });

  it('cycles colours, takes x values and names, and hides the legend for many series', async () => {
    const m = new NDArray(Float64Array.from({ length: 30 * 5 }, (_, i) => Math.sin(i)), [30, 5]);
    const spec = lines(m, { x: [10, 20, 30, 40, 50], colors: ['#111111', '#222222'] });
    await checkSpec(spec);
    const color = (spec as { encoding: { color: { scale: { range: string[] }; legend: unknown } } }).encoding.color;
    expect(color.scale.range.slice(0, 4)).toEqual(['#111111', '#222222', '#111111', '#222222']);
    expect(color.legend).toBeNull();
    expect(dataBlocks(spec)[0]![0]!.x).toEqual([10, 20, 30, 40, 50]);
    const named = lines([[1, 2], [3, 4]], { names: ['max', 'mean'] });
    await checkSpec(named);
    expect(dataBlocks(named)[0]!.map((r) => r.series)).toEqual(['max', 'mean']);
  });

  it('rejects bad input naming the argument', () => {
    expectInvalid(() => lines([1, 2, 3]), 'lines(matrix)', /2-D/);
    expectInvalid(() => lines([]), 'lines(matrix)');
    expectInvalid(() => lines([[1, 2]], { x: [1] }), 'lines(options.x)');
    expectInvalid(() => lines([[1, 2]], { names: ['a', 'b'] }), 'lines(options.names)');
    expectInvalid(() => lines([[1, 2]], { colors: ['red'] }), 'lines(options.colors)[0]');
    expectInvalid(() => lines([[1, 2]], { colors: [[2, 0, 0]] }), 'lines(options.colors)[0]');
    expectInvalid(() => lines([[1, 2]], { colors: [] }), 'lines(options.colors)');
  });
});

describe('histogram', () => {
  it('counts like numpy: equal-width edges from min to max, last bin closed', async () => {
    const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const spec = histogram(values, { bins: 5, xLabel: 'stddevs', title: 'Histogram of stddevs' });
    await checkSpec(spec);
    const bars = dataBlocks(spec)[0]!;
    expect(bars.map((b) => [b.lo, b.hi])).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 10]]);
    expect(bars.map((b) => b.count)).toEqual([2, 2, 2, 2, 3]);
  });

  it('places values by the edges themselves, as numpy does', () => {
    // linspace(0, 1, 11)[3] is 3 * 0.1 = 0.30000000000000004 > 0.3, so 0.3 falls in bin 2.
    const { edges, counts } = histogramCounts([0, 0.3, 1], 10);
    expect(edges[3]).toBe(3 * 0.1);
    expect(Array.from(counts)).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    // All values equal: numpy widens the range to [v - 0.5, v + 0.5].
    const same = histogramCounts([2, 2, 2], 2);
    expect(Array.from(same.edges)).toEqual([1.5, 2, 2.5]);
    expect(Array.from(same.counts)).toEqual([0, 3]);
  });

  it('leaves out non-finite values and says so', async () => {
    const spec = histogram([1, NaN, 2, Infinity, 3], { bins: 2 });
    await checkSpec(spec);
    expect(dataBlocks(spec)[0]!.map((b) => b.count)).toEqual([1, 2]);
    expect((spec as { description: string }).description).toContain('2 non-finite values left out');
  });

  it("overlays scipy's gaussian_kde (Scott's rule) scaled to counts", async () => {
    const values = [0, 1, 1, 2, 4];
    const spec = histogram(values, { bins: 4, kde: true });
    await checkSpec(spec);
    const curve = dataBlocks(spec)[1]!;
    expect(curve).toHaveLength(200);
    // By hand: mean 1.6, sample variance (ddof=1) = (2.56+0.36+0.36+0.16+5.76)/4 = 2.3,
    // Scott's factor n^(-1/5), h = sqrt(2.3) * 5^(-0.2); bin width 1.
    const h = Math.sqrt(2.3) * 5 ** -0.2;
    const density = (x: number) => values.reduce((s, v) => s + Math.exp(-0.5 * ((x - v) / h) ** 2), 0) / (values.length * h * Math.sqrt(2 * Math.PI));
    for (const i of [0, 57, 199]) {
      const p = curve[i]! as { x: number; expected: number };
      expect(p.expected).toBeCloseTo(density(p.x) * 5 * 1, 12);
    }
    expect(gaussianKde(values).bandwidth).toBeCloseTo(h, 14);
  });

  it('rejects bad input naming the argument', () => {
    expectInvalid(() => histogram([]), 'histogram(values)');
    expectInvalid(() => histogram([NaN, Infinity]), 'histogram(values)', /finite/);
    expectInvalid(() => histogram([[1, 2]]), 'histogram(values)', /1-D/);
    expectInvalid(() => histogram([1, 2], { bins: 0 }), 'histogram(options.bins)');
    expectInvalid(() => histogram([1, 2], { bins: 2.5 }), 'histogram(options.bins)');
    expectInvalid(() => histogram([3, 3, 3], { kde: true }), 'histogram(values)', /distinct/);
  });
});

describe('elbow', () => {
  it('divides each series by its sum, one line each', async () => {
    const spec = elbow([5, 10, 15], {
      series: [
        { name: 'train error 1', values: [2, 1, 1] },
        { name: 'test error 1', values: new Float64Array([1, 1, 2]), dashed: true, color: '#d62728' },
      ],
      title: 'error vs k',
    });
    const svg = await checkSpec(spec);
    expect(svg).toContain('train error 1');
    const rows = dataBlocks(spec)[0]!;
    expect(rows).toEqual([
      { k: 5, error: 0.5, series: 'train error 1' },
      { k: 10, error: 0.25, series: 'train error 1' },
      { k: 15, error: 0.25, series: 'train error 1' },
      { k: 5, error: 0.25, series: 'test error 1' },
      { k: 10, error: 0.25, series: 'test error 1' },
      { k: 15, error: 0.5, series: 'test error 1' },
    ]);
  });

  it('rejects bad input naming the argument', () => {
    expectInvalid(() => elbow([], { series: [{ name: 'a', values: [] }] }), 'elbow(ks)');
    expectInvalid(() => elbow([1, 2], { series: [] }), 'elbow(options.series)');
    expectInvalid(() => elbow([1, 2], { series: [{ name: 'a', values: [1] }] }), 'elbow(options.series[0].values)');
    expectInvalid(() => elbow([1, 2], { series: [{ name: 'a', values: [1, -1] }] }), 'elbow(options.series[0].values)', /non-zero sum/);
    expectInvalid(() => elbow([1, 2], { series: [{ name: 'a', values: [1, NaN] }] }), 'elbow(options.series[0].values)');
    expectInvalid(
      () =>
        elbow([1, 2], {
          series: [
            { name: 'a', values: [1, 2] },
            { name: 'a', values: [1, 2] },
          ],
        }),
      'elbow(options.series[].name)',
    );
  });
});

describe('scatter2d', () => {
  it('plots points coloured by label', async () => {
    const spec = scatter2d([[0, 1], [2, 3], [4, 5]], { labels: [1, 0, 1], colors: ['#ff0000', '#00ff00'], xLabel: 'PC1', yLabel: 'PC2' });
    const svg = await checkSpec(spec);
    expect(svg).toContain('PC1');
    expect(dataBlocks(spec)[0]).toEqual([
      { x: 0, y: 1, group: '1' },
      { x: 2, y: 3, group: '0' },
      { x: 4, y: 5, group: '1' },
    ]);
    const scale = (spec as { encoding: { color: { scale: unknown } } }).encoding.color.scale;
    expect(scale).toEqual({ domain: ['1', '0'], range: ['#ff0000', '#00ff00'] });
    await checkSpec(scatter2d(new NDArray(new Float64Array([1, 2, 3, 4]), [2, 2])));
  });

  it('rejects bad input naming the argument', () => {
    expectInvalid(() => scatter2d([[1, 2, 3]]), 'scatter2d(points)', /\[n, 2\]/);
    expectInvalid(() => scatter2d([]), 'scatter2d(points)');
    expectInvalid(() => scatter2d([[1, 2]], { labels: [1, 2] }), 'scatter2d(options.labels)');
  });
});

describe('scatter3d', () => {
  /** The point tuples after the spec's own projection transforms, read back from a headless view. */
  async function projected(spec: unknown, signals: Record<string, number> = {}) {
    const compiled = compile(structuredClone(spec) as Parameters<typeof compile>[0]).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    await view.runAsync();
    const rows = (compiled.data ?? []).flatMap((d) => view.data(d.name) as Record<string, unknown>[]);
    view.finalize();
    return rows.filter((r) => r.kind === 'point' && 'sx' in r) as { ox: number; oy: number; oz: number; sx: number; sy: number; depth: number }[];
  }

  it('projects orthographically at matplotlib’s default view and rotates with the sliders', async () => {
    const spec = scatter3d([[1, 0, 0], [-1, 0, 0], [0, 0, 1], [0, 0, -1]], { xLabel: 'PC1', yLabel: 'PC2', zLabel: 'PC3', title: '3-D' });
    const svg = await checkSpec(spec);
    expect(svg).toContain('PC3');
    expect(JSON.stringify((spec as { params: unknown }).params)).toContain('"input":"range"');
    // Centre (0,0,0), radius 1. At azimuth -60°, elevation 30°, (1,0,0) goes to
    // sx = -sin(-60°) = 0.8660, sy = -cos(-60°)·sin(30°) = -0.25, depth = cos(-60°)·cos(30°) = 0.4330.
    const p = (await projected(spec)).find((r) => r.ox === 1)!;
    expect(p.sx).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(p.sy).toBeCloseTo(-0.25, 12);
    expect(p.depth).toBeCloseTo(Math.sqrt(3) / 4, 12);
    // Looking along +x (azimuth 0, elevation 0): (1,0,0) is at the centre, nearest to the viewer; (0,0,1) straight up.
    const rotated = await projected(spec, { azimuth: 0, elevation: 0 });
    const x = rotated.find((r) => r.ox === 1)!;
    expect([x.sx, x.sy, x.depth].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0, 0, 1]);
    const z = rotated.find((r) => r.oz === 1)!;
    expect(z.sy).toBeCloseTo(1, 12);
  });

  it('keeps one scale for all axes and shows original coordinates', async () => {
    const spec = scatter3d([[0, 0, 0], [10, 0, 0], [0, 2, 0]], { labels: ['a', 'b', 'a'] });
    await checkSpec(spec);
    const points = dataBlocks(spec)[0]!.filter((r) => r.kind === 'point');
    // Bounding-box centre (5, 1, 0); farthest point at distance sqrt(26) sets the one scale.
    const s = 1 / Math.sqrt(26);
    expect(points[1]!.x).toBeCloseTo(5 * s, 12);
    expect(points[2]!.y).toBeCloseTo(1 * s, 12);
    expect(points[1]!.ox).toBe(10);
  });

  it('rejects bad input naming the argument', () => {
    expectInvalid(() => scatter3d([[1, 2]]), 'scatter3d(points)', /\[n, 3\]/);
    expectInvalid(() => scatter3d([[1, 2, NaN]]), 'scatter3d(points)', /finite/);
    expectInvalid(() => scatter3d([[1, 2, 3]], { elevation: 120 }), 'scatter3d(options.elevation)');
  });
});
