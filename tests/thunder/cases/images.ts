/** Thunder's own Images tests (test/test_images.py) and hand-computed filter values. */
import { beforeAll, describe, expect, it } from 'vitest';
import { images, NDArray, type EngineOptions, type Images } from '../../../src/thunder/index.js';
import * as ndimage from '../../helpers/ndimage-reference.js';
import { pearson } from '../../helpers/stats.js';
import { expectClose, range, type MakeEngine } from './helpers.js';
import { expectRelative } from '../../helpers/arrays.js';

const arange = (n: number, shape: number[], Ctor: Float64ArrayConstructor | Uint8ArrayConstructor = Float64Array): NDArray =>
  new NDArray(Ctor.from(range(n)), shape);

/** A 6x7 image without symmetry or constant stretches (image `k` of a stack). */
const image2d = (k: number): NDArray =>
  new NDArray(Float64Array.from({ length: 42 }, (_, i) => ((i * 37 + 11 * k) % 23) + 0.25 * Math.floor(i / 7) - 0.5 * (i % 7)), [6, 7]);
/** A 3x4x5 volume of the same kind. */
const image3d = (): NDArray => new NDArray(Float64Array.from({ length: 60 }, (_, i) => ((i * 29 + 7) % 31) - 0.125 * Math.floor(i / 20) * (i % 5)), [3, 4, 5]);

export function imagesCases(makeEngine: MakeEngine): void {
  describe('Images (Thunder test_images.py)', () => {
    let opt: EngineOptions;
    const from = (data: NDArray | NDArray[]): Promise<Images> => images.fromArray(data, opt);
    beforeAll(async () => {
      opt = await makeEngine();
    });

    it('map, map to a scalar, filter, first', async () => {
      const data = await from([arange(6, [2, 3])]);
      expect(Array.from((await data.map((x) => x.add(1)).toArray()).data)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(data.map((x) => x.mul(2)).dtype).toBe('float64');
      const two = await from([arange(6, [2, 3]), arange(6, [2, 3])]);
      expect(two.map((x) => x.mean()).shape).toEqual([2, 1]);
      const pair = await from([arange(6, [2, 3]), new NDArray(Float64Array.from(range(6).map((x) => 2 * x)), [2, 3])]);
      const kept = pair.filter((x) => x.sum().gt(21));
      expect(Array.from((await kept.toArray()).data)).toEqual([0, 2, 4, 6, 8, 10]);
      expect(Array.from((await pair.first()).data)).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('sample returns the requested number of images', async () => {
      const data = await from([new NDArray(Float64Array.from([1, 5, 1, 5]), [2, 2]), new NDArray(Float64Array.from([1, 10, 1, 10]), [2, 2])]);
      expect((await data.sample(2)).shape).toEqual([2, 2, 2]);
      expect((await data.sample(1)).shape).toEqual([1, 2, 2]);
      const big = await data.filter((x) => x.max().gt(5)).sample(1);
      expect(Array.from((await big.toArray()).data)).toEqual([1, 10, 1, 10]);
    });

    it('toSeries packs 2-d and 3-d images and round-trips', async () => {
      const flat = await from([arange(6, [2, 3])]);
      expect(flat.toSeries().shape).toEqual([2, 3, 1]);
      expect(Array.from((await flat.toSeries().toArray()).data)).toEqual(range(6));
      const vol = await from([arange(24, [2, 3, 4])]);
      expect(Array.from((await vol.toSeries().toArray()).data)).toEqual(range(24));
      const two = await from([arange(6, [2, 3]), arange(6, [2, 3])]);
      expect(Array.from((await two.toSeries().toImages().toArray()).data)).toEqual(Array.from((await two.toArray()).data));
    });

    it('subsample(2) of 0..23 as 4x6 is [[0, 2, 4], [12, 14, 16]]', async () => {
      const data = await from([arange(24, [4, 6])]);
      const sub = data.subsample(2);
      expect(sub.shape).toEqual([1, 2, 3]);
      expect((await sub.toArray()).toNested()).toEqual([[0, 2, 4], [12, 14, 16]]);
    });

    it('statistics across images: mean, sum, var, std, max, min with shape [1, ...]', async () => {
      const data = await from([arange(12, [3, 4]), new NDArray(Float64Array.from(range(12).map((x) => x + 12)), [3, 4])]);
      expect(data.mean().shape).toEqual([1, 3, 4]);
      expectClose((await data.mean().toArray()).data, range(12).map((x) => x + 6), 12);
      expectClose((await data.sum().toArray()).data, range(12).map((x) => 2 * x + 12), 12);
      expectClose((await data.var().toArray()).data, new Array(12).fill(36), 12);
      expectClose((await data.std().toArray()).data, new Array(12).fill(6), 12);
      expectClose((await data.max().toArray()).data, range(12).map((x) => x + 12), 12);
      expectClose((await data.min().toArray()).data, range(12), 12);
    });

    it('reduce folds images pairwise', async () => {
      const data = await from([arange(4, [2, 2]), arange(4, [2, 2]), arange(4, [2, 2])]);
      expectClose((await data.reduce((a, b) => a.add(b))).data, [0, 3, 6, 9], 12);
    });

    it('max and max-min projections', async () => {
      const data = await from([arange(24, [2, 3, 4])]);
      const mp = data.maxProjection(2);
      expect(mp.shape).toEqual([1, 2, 3]);
      expect(Array.from((await mp.toArray()).data)).toEqual([3, 7, 11, 15, 19, 23]);
      expect(Array.from((await data.maxProjection(0).toArray()).data)).toEqual(range(12).map((x) => x + 12));
      expect(Array.from((await data.maxMinProjection(1).toArray()).data)).toEqual([8, 10, 12, 14, 32, 34, 36, 38]);
      const u8 = await from([arange(24, [2, 3, 4], Uint8Array)]);
      expect(u8.maxProjection().dtype).toBe('uint8');
    });

    it('uniform and median filters on a line (scipy reflect semantics, hand-computed)', async () => {
      const row = await from([new NDArray(Float64Array.from([1, 2, 3, 4]), [1, 4])]);
      expectClose((await row.uniformFilter([1, 3]).toArray()).data, [4 / 3, 2, 3, 11 / 3], 12);
      const spiky = await from([new NDArray(Float64Array.from([1, 100, 3, 4]), [1, 4])]);
      expect(Array.from((await spiky.medianFilter([1, 3]).toArray()).data)).toEqual([1, 3, 4, 4]);
      // size 2 uses the window [i-1, i]: with reflection, [a, b, c] -> [a, (a+b)/2, (b+c)/2].
      const three = await from([new NDArray(Float64Array.from([0, 2, 6]), [1, 3])]);
      expectClose((await three.uniformFilter([1, 2]).toArray()).data, [0, 1, 4], 12);
    });

    // Thunder calls scipy.ndimage with its defaults (mode 'reflect', truncate 4.0) on each image.
    // Expected values: scipy's formulas written out (tests/helpers/ndimage-reference.ts), and a few
    // values printed by scipy 1.x itself for these exact images (tests/fixtures/scipy-anchors/) as anchors.
    it('gaussianFilter equals scipy.ndimage.gaussian_filter on non-constant 2-d and 3-d images', async () => {
      const a = image2d(0);
      const b = image2d(1);
      const pair = await from([a, b]);
      const g1 = await pair.gaussianFilter(1).toArray();
      expectRelative(g1.data.subarray(0, 42), ndimage.gaussianFilter(a.data, [6, 7], [1, 1]));
      expectRelative(g1.data.subarray(42), ndimage.gaussianFilter(b.data, [6, 7], [1, 1]));
      expectRelative([g1.data[0]!, g1.data[2 * 7 + 3]!, g1.data[41]!], [6.503469159599882, 10.069696550539408, 13.746530840400121]);
      // Anisotropic: radius int(4 * 1.5 + 0.5) = 6 rows on a 6-row image, so the reflection wraps.
      const g2 = await pair.gaussianFilter([1.5, 0.7]).toArray();
      expectRelative(g2.data.subarray(42), ndimage.gaussianFilter(b.data, [6, 7], [1.5, 0.7]));
      expectRelative([g2.data[42]!, g2.data[42 + 3 * 7 + 1]!, g2.data[83]!], [10.260312000419201, 10.96605396406386, 9.06142794623287]);
      // 3-d, sigma 0 on the middle axis: that axis is not filtered.
      const v = image3d();
      const g3 = await (await from([v])).gaussianFilter([1, 0, 0.8]).toArray();
      expect(g3.shape).toEqual([3, 4, 5]); // toArray drops the axis of a single image, as Thunder's toarray
      expectRelative(g3.data, ndimage.gaussianFilter(v.data, [3, 4, 5], [1, 0, 0.8]));
      expectRelative([g3.data[0]!, g3.data[20 + 2 * 5 + 3]!, g3.data[59]!], [13.724853311349282, 11.849312093034833, 14.707974080121431]);
    });

    it('medianFilter equals scipy.ndimage.median_filter on a 3-d image (odd and even sizes)', async () => {
      const v = image3d();
      const vol = await from([v]);
      const m3 = await vol.medianFilter(3).toArray();
      expect(Array.from(m3.data)).toEqual(Array.from(ndimage.medianFilter(v.data, [3, 4, 5], [3, 3, 3])));
      expect([m3.data[0], m3.data[20 + 2 * 5 + 3], m3.data[59]]).toEqual([19, 12.625, 14.25]);
      // Even sizes: the window along an axis of size 2 is [i-1, i]; 12 values, the upper median.
      const m232 = await vol.medianFilter([2, 3, 2]).toArray();
      expect(Array.from(m232.data)).toEqual(Array.from(ndimage.medianFilter(v.data, [3, 4, 5], [2, 3, 2])));
      expect([m232.data[0], m232.data[20 + 2 * 5 + 3], m232.data[59]]).toEqual([7, 14, 21.5]);
    });

    it('localcorr: each pixel against the uniform-filtered mean of its neighbourhood (numpy.corrcoef)', async () => {
      const T = 6;
      const frames = Array.from({ length: T }, (_, t) =>
        new NDArray(Float64Array.from({ length: 20 }, (_, i) => Math.sin(0.9 * t + Math.floor(i / 5)) * ((i % 5) + 1) + Math.cos(1.7 * t * (Math.floor(i / 5) + 1) + (i % 5))), [4, 5]),
      );
      const lc = await (await from(frames)).localcorr(3);
      expect(lc.shape).toEqual([4, 5]);
      const blurred = frames.map((f) => ndimage.uniformFilter(f.data, [4, 5], [3, 3]));
      const expected = Array.from({ length: 20 }, (_, p) => pearson(frames.map((f) => f.data[p]!), blurred.map((b) => b[p]!)));
      expectRelative(lc.data, expected, 1e-10);
      expectRelative([lc.data[0]!, lc.data[1 * 5 + 2]!, lc.data[19]!], [0.8656754154718596, 0.9641194827896142, 0.9513851355595561], 1e-10);
    });

    it('localcorr: identical time courses correlate to 1, constant pixels give 0', async () => {
      const frames = [1, 3, 2, 5].map((v) => new NDArray(new Float64Array(9).fill(v), [3, 3]));
      const lc = await (await from(frames)).localcorr(3);
      expect(lc.shape).toEqual([3, 3]);
      expectClose(lc.data, new Array(9).fill(1), 10);
      // numpy.corrcoef gives NaN here (Thunder's result); this project defines it as 0.
      const constant = await from([arange(4, [2, 2]), arange(4, [2, 2])]);
      expectClose((await constant.localcorr(2)).data, [0, 0, 0, 0], 12);
    });

    it('subtract a value or an image, clip, astype', async () => {
      const data = await from([arange(24, [4, 6])]);
      expect(Array.from((await data.subtract(1).toArray()).data)).toEqual(range(24).map((x) => x - 1));
      expect(Array.from((await data.subtract(arange(24, [4, 6])).toArray()).data)).toEqual(new Array(24).fill(0));
      const clipped = await data.clip(2, 5).toArray();
      expect(Array.from(clipped.data.subarray(0, 8))).toEqual([2, 2, 2, 3, 4, 5, 5, 5]);
      const wrapped = await (await from([new NDArray(Float64Array.from([300.7, -1, 2.7, Number.NaN]), [2, 2])])).astype('uint8').toArray();
      expect(wrapped.dtype).toBe('uint8');
      expect(Array.from(wrapped.data)).toEqual([44, 255, 2, 0]);
      const i16 = await (await from([new NDArray(Float64Array.from([40000, -40000.5, 32767, Infinity]), [2, 2])])).astype('int16').toArray();
      expect(Array.from(i16.data)).toEqual([-25536, 25536, 32767, 0]);
    });
  });
}
