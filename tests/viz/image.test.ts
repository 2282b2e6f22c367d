import { describe, expect, it } from 'vitest';
import { NDArray } from '../../src/common/ndarray.js';
import { image, masks, tile } from '../../src/viz/index.js';
import { checkSpec, dataBlocks, expectInvalid, pixel, pngImages } from './helpers.js';

const MAGENTA = [255, 0, 255];

describe('image', () => {
  it('encodes a known array through the gray map into a PNG that decodes to the expected bytes', async () => {
    // clim = [0, 4]; v = x / 4 -> LUT entry floor(v * 256) capped at 255; gray entry i is byte i.
    const spec = image([[0, 1, 2], [3, 4, NaN]], { cmap: 'gray', render: 'png', width: 3 });
    await checkSpec(spec);
    const [img, bar] = pngImages(spec);
    expect(img!.width).toBe(3);
    expect(img!.height).toBe(2);
    expect(pixel(img!, 0, 0)).toEqual([0, 0, 0]);
    expect(pixel(img!, 0, 1)).toEqual([64, 64, 64]);
    expect(pixel(img!, 0, 2)).toEqual([128, 128, 128]);
    expect(pixel(img!, 1, 0)).toEqual([192, 192, 192]);
    expect(pixel(img!, 1, 1)).toEqual([255, 255, 255]);
    expect(pixel(img!, 1, 2)).toEqual(MAGENTA);
    // The colour bar is a 1 × 256 ramp, high end on top.
    expect(bar!.width).toBe(1);
    expect(bar!.height).toBe(256);
    expect(pixel(bar!, 0, 0)).toEqual([255, 255, 255]);
    expect(pixel(bar!, 255, 0)).toEqual([0, 0, 0]);
  });

  it('follows matplotlib for hot, greys and viridis', () => {
    const at = (cmap: string, v: number) => pixel(pngImages(image([[v]], { cmap, clim: [0, 1], render: 'png', width: 1 }))[0]!, 0, 0);
    // hot: red 0.0416 at 0; at v = 0.5 (entry 128, x = 128/255) red is saturated and
    // green = (x - 0.365079) / (0.746032 - 0.365079) = 0.35931 -> 91.6.
    expect(at('hot', 0)).toEqual([11, 0, 0]);
    expect(at('hot', 0.5)).toEqual([255, 92, 0]);
    expect(at('hot', 1)).toEqual([255, 255, 255]);
    // Greys runs white to black; entry 128 lies 1/64 of the way from #969696 (150) to #737373 (115).
    expect(at('Greys', 0)).toEqual([255, 255, 255]);
    expect(at('greys', 0.5)).toEqual([149, 149, 149]);
    expect(at('greys', 1)).toEqual([0, 0, 0]);
    // viridis ends are #440154 and #fde725; matplotlib's entry 128 is (0.127568, 0.566949, 0.550556).
    expect(at('viridis', 0)).toEqual([68, 1, 84]);
    expect(at('viridis', 1)).toEqual([253, 231, 37]);
    const mid = at('viridis', 0.5);
    [0.127568, 0.566949, 0.550556].forEach((c, i) => expect(Math.abs(mid[i]! - c * 255)).toBeLessThanOrEqual(2));
  });

  it('clips values outside clim and treats a constant image as all-low', () => {
    const img = pngImages(image([[-5, 0.5, 99]], { clim: [0, 1], render: 'png', width: 3 }))[0]!;
    expect([pixel(img, 0, 0)[0], pixel(img, 0, 1)[0], pixel(img, 0, 2)[0]]).toEqual([0, 128, 255]);
    const flat = pngImages(image([[7, 7], [7, 7]], { render: 'png', width: 2 }))[0]!;
    expect(pixel(flat, 1, 1)).toEqual([0, 0, 0]);
  });

  it('bakes nearest-neighbour interpolation into the pixels and leaves smooth images at native size', async () => {
    const nearest = image([[0, 1], [1, 0]], { render: 'png', width: 8 });
    await checkSpec(nearest);
    const big = pngImages(nearest)[0]!;
    expect([big.width, big.height]).toEqual([8, 8]);
    for (const [r, c, v] of [[0, 0, 0], [3, 3, 0], [0, 4, 255], [3, 7, 255], [4, 0, 255], [7, 3, 255], [4, 4, 0], [7, 7, 0]] as const) {
      expect(pixel(big, r, c)).toEqual([v, v, v]);
    }
    const smooth = image([[0, 1], [1, 0]], { width: 8, interpolation: 'bicubic' });
    await checkSpec(smooth);
    expect(pngImages(smooth)[0]!.width).toBe(2);
    expect(JSON.stringify(smooth)).toContain('"smooth":true');
  });

  it("draws with matplotlib's alpha as the mark opacity", async () => {
    const spec = image([[0, 1], [1, 0]], { opacity: 0.5, render: 'png' });
    await checkSpec(spec);
    expect(JSON.stringify(spec)).toContain('"opacity":0.5');
    expectInvalid(() => image([[0, 1]], { opacity: 2 }), 'image(options.opacity)');
  });

  it('keeps the equal aspect of the array', () => {
    const spec = image(new NDArray(new Float32Array(76 * 87), [76, 87]), { width: 435 }) as { hconcat: { width: number; height: number }[] };
    expect(spec.hconcat[0]!.width).toBe(435);
    expect(spec.hconcat[0]!.height).toBe(380);
  });

  it('draws small images as one rect per pixel with colours and values', async () => {
    const spec = image([[1, 2], [3, Infinity]], { cmap: 'gray', title: 'small' });
    await checkSpec(spec);
    const cells = dataBlocks(spec)[0]!;
    expect(cells).toHaveLength(4);
    // clim = [1, 3] over finite values: 1 -> 0, 2 -> entry 128, 3 -> 255.
    expect(cells.map((c) => c.color)).toEqual(['#000000', '#808080', '#ffffff', '#ff00ff']);
    expect(cells.map((c) => c.value)).toEqual([1, 2, 3, 'Infinity']);
  });

  it('draws NaN and ±Infinity in the no-data colour, with a legend swatch, and never throws', async () => {
    const spec = image([[NaN, Infinity], [-Infinity, 1]], { render: 'png', width: 2 });
    const svg = await checkSpec(spec);
    const img = pngImages(spec)[0]!;
    expect(pixel(img, 0, 0)).toEqual(MAGENTA);
    expect(pixel(img, 0, 1)).toEqual(MAGENTA);
    expect(pixel(img, 1, 0)).toEqual(MAGENTA);
    expect(svg).toContain('no data');
    const allNaN = image([[NaN, NaN]], { render: 'png', width: 2 });
    await checkSpec(allNaN);
    expect(pixel(pngImages(allNaN)[0]!, 0, 1)).toEqual(MAGENTA);
    const custom = image([[NaN, 1]], { render: 'png', width: 2, noDataColor: '#00ff00' });
    expect(pixel(pngImages(custom)[0]!, 0, 0)).toEqual([0, 255, 0]);
    expect(JSON.stringify(image([[1, 2]]))).not.toContain('no data');
  });

  it('draws RGB arrays [rows, cols, 3] in [0, 1], clipped, without a colour bar', async () => {
    const rgb = new NDArray(new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 2, -1, NaN, 0, 0, 0.2, 0.4, 0.6]), [2, 3, 3]);
    const spec = image(rgb, { render: 'png', width: 3, title: 'rgb' });
    await checkSpec(spec);
    const images = pngImages(spec);
    expect(images).toHaveLength(1);
    const img = images[0]!;
    expect(pixel(img, 0, 0)).toEqual([255, 0, 0]);
    expect(pixel(img, 0, 1)).toEqual([0, 255, 0]);
    expect(pixel(img, 0, 2)).toEqual([0, 0, 255]);
    expect(pixel(img, 1, 0)).toEqual([128, 255, 0]);
    expect(pixel(img, 1, 1)).toEqual(MAGENTA);
    expect(pixel(img, 1, 2)).toEqual([51, 102, 153]);
  });

  it('renders a large image as one compact image mark', async () => {
    const n = 300;
    const data = new Float64Array(n * n).map((_, i) => Math.sin(i / 97));
    const spec = image(new NDArray(data, [n, n]), { cmap: 'viridis', colorbar: true, title: 'big' });
    const svg = await checkSpec(spec);
    expect(svg.match(/<image /g)).toHaveLength(2);
    expect(JSON.stringify(spec).length).toBeLessThan(1_000_000);
  });

  it('rejects bad input with a typed error naming the argument', () => {
    expectInvalid(() => image(new NDArray(new Float64Array(24), [2, 3, 4])), 'image(a)', /2-D array/);
    expectInvalid(() => image([1, 2, 3]), 'image(a)', /shape \[3\]/);
    expectInvalid(() => image([]), 'image(a)');
    expectInvalid(() => image([[]]), 'image(a)', /empty/);
    expectInvalid(() => image([[1, 2], [3]]), 'image(a)[1]', /rectangular/);
    expectInvalid(() => image([[1, 'x' as unknown as number]]), 'image(a)[0][1]', /number/);
    expectInvalid(() => image([[1, 2]], { cmap: 'jet' }), 'image(options.cmap)', /gray, greys, viridis, hot.*"jet"/);
    expectInvalid(() => image([[1, 2]], { clim: [1, 0] }), 'image(options.clim)');
    expectInvalid(() => image([[1, 2]], { clim: [0, NaN] }), 'image(options.clim)');
    expectInvalid(() => image([[1, 2]], { width: -1 }), 'image(options.width)');
    expectInvalid(() => image([[1, 2]], { interpolation: 'lanczos' as 'nearest' }), 'image(options.interpolation)');
    expectInvalid(() => image([[1, 2]], { render: 'rect', interpolation: 'smooth' }), 'image(options.render)');
    expectInvalid(() => image([[NaN, 1]], { noDataColor: 'pink' }), 'image(options.noDataColor)');
    expectInvalid(() => image(42 as unknown as number[]), 'image(a)');
  });
});

describe('tile', () => {
  it('draws every plane with one shared colour scale', async () => {
    const volume = new NDArray(Float64Array.from({ length: 8 }, (_, i) => i), [2, 2, 2]);
    const spec = tile(volume, { render: 'png', width: 2 });
    const svg = await checkSpec(spec);
    expect(svg).toContain('plane 0');
    expect(svg).toContain('plane 1');
    const [first, second] = pngImages(spec);
    // Shared clim [0, 7]: entry floor(v / 7 * 256).
    expect([pixel(first!, 0, 0)[0], pixel(first!, 0, 1)[0], pixel(first!, 1, 0)[0], pixel(first!, 1, 1)[0]]).toEqual([0, 36, 73, 109]);
    expect([pixel(second!, 0, 0)[0], pixel(second!, 0, 1)[0], pixel(second!, 1, 0)[0], pixel(second!, 1, 1)[0]]).toEqual([146, 182, 219, 255]);
  });

  it('lays planes out in a grid with the given titles', async () => {
    const spec = tile(new NDArray(new Float32Array(5 * 4 * 6), [5, 4, 6]), { columns: 2, titles: ['a', 'b', 'c', 'd', 'e'], colorbar: false });
    await checkSpec(spec);
    const grid = spec as { concat: { title: string }[]; columns: number };
    expect(grid.columns).toBe(2);
    expect(grid.concat.map((v) => v.title)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('rejects what is not a volume', () => {
    expectInvalid(() => tile([[1, 2]]), 'tile(volume)', /3-D/);
    expectInvalid(() => tile(new NDArray(new Float64Array(0), [0, 2, 2])), 'tile(volume)', /empty/);
    expectInvalid(() => tile(new NDArray(new Float64Array(8), [2, 2, 2]), { titles: ['only one'] }), 'tile(options.titles)');
    expectInvalid(() => tile(new NDArray(new Float64Array(8), [2, 2, 2]), { columns: 0 }), 'tile(options.columns)');
  });
});

describe('masks', () => {
  it('draws std > t for each threshold, titled with the threshold', async () => {
    const std = [[0.005, 0.02], [0.012, NaN]];
    const spec = masks(std, [0.01, 0.015], { render: 'png', width: 2 });
    const svg = await checkSpec(spec);
    expect(svg).toContain('std &gt; 0.010 (2 of 4 kept)');
    expect(svg).toContain('std &gt; 0.015 (1 of 4 kept)');
    const [a, b] = pngImages(spec);
    expect([pixel(a!, 0, 0), pixel(a!, 0, 1), pixel(a!, 1, 0), pixel(a!, 1, 1)]).toEqual([[0, 0, 0], [255, 255, 255], [255, 255, 255], MAGENTA]);
    expect([pixel(b!, 0, 0), pixel(b!, 0, 1), pixel(b!, 1, 0)]).toEqual([[0, 0, 0], [255, 255, 255], [0, 0, 0]]);
  });

  it('rejects bad thresholds and shapes', () => {
    expectInvalid(() => masks([[1]], []), 'masks(thresholds)');
    expectInvalid(() => masks([[1]], [NaN]), 'masks(thresholds)');
    expectInvalid(() => masks([1, 2], [0.1]), 'masks(std)');
  });
});
