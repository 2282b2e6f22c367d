import { describe, expect, it } from 'vitest';
import { NDArray } from '../../src/common/ndarray.js';
import { colorize, labelMap } from '../../src/viz/index.js';
import { checkSpec, expectInvalid, pixel, pngImages } from './helpers.js';

const RED = [1, 0, 0] as const;
const GREEN = [0, 1, 0] as const;
const BLUE = [0, 0, 1] as const;

describe('colorize (Thunder Colorize with a ListedColormap)', () => {
  it('normalizes labels min→0, max→1 and picks colour min(floor(v·N), N-1)', () => {
    // Labels 0..3 with N = 3: v = 0, 1/3, 2/3, 1 -> floor(v·3) = 0, 1, 2, 3 -> capped at 2.
    const out = colorize([[0, 1], [2, 3]], [RED, GREEN, BLUE]);
    expect(out.shape).toEqual([2, 2, 3]);
    expect(Array.from(out.data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
  });

  it('uses the labels’ own range, whatever it is', () => {
    // Labels 5..9 with 5 colours: v = (x-5)/4 -> floor(5v) = 0, 1, 2, 3, 5 -> capped at 4.
    const colors = ['#000000', '#111111', '#222222', '#333333', '#444444'];
    const out = colorize([[5, 6, 7, 8, 9]], colors);
    const firstChannel = [0, 1, 2, 3, 4].map((i) => Math.round(out.data[3 * i]! * 255));
    expect(firstChannel).toEqual([0x00, 0x11, 0x22, 0x33, 0x44]);
  });

  it('multiplies by the mask clipped at 0 and divided by its max', () => {
    // mask [1, 0.5, -1, 2] -> clip -> [1, 0.5, 0, 2] -> / 2 -> [0.5, 0.25, 0, 1].
    const out = colorize([[0, 1], [2, 3]], [RED, GREEN, BLUE], { mask: [[1, 0.5], [-1, 2]] });
    expect(Array.from(out.data)).toEqual([0.5, 0, 0, 0, 0.25, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('maps a constant label image to the first colour (Normalize gives 0)', () => {
    const out = colorize([[4, 4]], [GREEN, RED]);
    expect(Array.from(out.data)).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('gives NaN pixels for non-finite labels or mask values', () => {
    const out = colorize([[NaN, 1, 2]], [RED, BLUE], { mask: [[1, Infinity, 1]] });
    expect(Array.from(out.data.subarray(0, 6)).every(Number.isNaN)).toBe(true);
    expect(Array.from(out.data.subarray(6))).toEqual([0, 0, 1]);
  });

  it('rejects bad input naming the argument', () => {
    expectInvalid(() => colorize([1, 2], [RED]), 'colorize(labels)', /2-D/);
    expectInvalid(() => colorize([[1, 2]], []), 'colorize(colors)');
    expectInvalid(() => colorize([[1, 2]], ['nope']), 'colorize(colors[0])');
    expectInvalid(() => colorize([[1, 2]], [RED], { mask: [[1]] }), 'colorize(options.mask)', /shape/);
    expectInvalid(() => colorize([[1, 2]], [RED], { mask: [[0, -1]] }), 'colorize(options.mask)', /positive/);
  });
});

describe('labelMap', () => {
  it('draws the colorized labels with the mask as an RGB image', async () => {
    const labels = new NDArray(new Int32Array([0, 1, 2, 3]), [2, 2]);
    const spec = labelMap(labels, [RED, GREEN, BLUE], { mask: [[1, 0.5], [-1, 2]], render: 'png', width: 2, title: 'brain map' });
    const svg = await checkSpec(spec);
    expect(svg).toContain('brain map');
    const images = pngImages(spec);
    expect(images).toHaveLength(1);
    const img = images[0]!;
    // 0.5 -> round(127.5) = 128, 0.25 -> round(63.75) = 64.
    expect(pixel(img, 0, 0)).toEqual([128, 0, 0]);
    expect(pixel(img, 0, 1)).toEqual([0, 64, 0]);
    expect(pixel(img, 1, 0)).toEqual([0, 0, 0]);
    expect(pixel(img, 1, 1)).toEqual([0, 0, 255]);
  });

  it('draws unlabelled pixels in the no-data colour', async () => {
    const spec = labelMap([[NaN, 0], [1, 1]], [RED, BLUE], { render: 'png', width: 2 });
    await checkSpec(spec);
    const img = pngImages(spec)[0]!;
    expect(pixel(img, 0, 0)).toEqual([255, 0, 255]);
    expect(pixel(img, 0, 1)).toEqual([255, 0, 0]);
    expect(pixel(img, 1, 1)).toEqual([0, 0, 255]);
  });

  it('names its own arguments in errors', () => {
    expectInvalid(() => labelMap([[1, 2]], [RED], { mask: [[0, 0]] }), 'labelMap(options.mask)');
    expectInvalid(() => labelMap([], [RED]), 'labelMap(labels)');
  });
});
