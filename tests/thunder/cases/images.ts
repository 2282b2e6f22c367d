/** Thunder's own Images tests (test/test_images.py) and hand-computed filter values. */
import { beforeAll, describe, expect, it } from 'vitest';
import { images, NDArray, type EngineOptions, type Images } from '../../../src/thunder/index.js';
import { expectClose, range, type MakeEngine } from './helpers.js';

const arange = (n: number, shape: number[], Ctor: Float64ArrayConstructor | Uint8ArrayConstructor = Float64Array): NDArray =>
  new NDArray(Ctor.from(range(n)), shape);

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

    it('uniform, median and gaussian filters (scipy reflect semantics, hand-computed)', async () => {
      const row = await from([new NDArray(Float64Array.from([1, 2, 3, 4]), [1, 4])]);
      expectClose((await row.uniformFilter([1, 3]).toArray()).data, [4 / 3, 2, 3, 11 / 3], 12);
      const spiky = await from([new NDArray(Float64Array.from([1, 100, 3, 4]), [1, 4])]);
      expect(Array.from((await spiky.medianFilter([1, 3]).toArray()).data)).toEqual([1, 3, 4, 4]);
      const flat = await from([new NDArray(new Float64Array(24).fill(5), [4, 6])]);
      expectClose((await flat.gaussianFilter(2).toArray()).data, new Array(24).fill(5), 12);
      const vol = await from([arange(24, [2, 3, 4])]);
      expect(vol.gaussianFilter([2, 2, 0]).shape).toEqual([1, 2, 3, 4]);
      expect(Array.from((await vol.medianFilter(2).toArray()).data)).toEqual(Array.from((await vol.medianFilter([2, 2, 2]).toArray()).data));
      // size 2 uses the window [i-1, i]: with reflection, [a, b, c] -> [a, (a+b)/2, (b+c)/2].
      const three = await from([new NDArray(Float64Array.from([0, 2, 6]), [1, 3])]);
      expectClose((await three.uniformFilter([1, 2]).toArray()).data, [0, 1, 4], 12);
    });

    it('localcorr: identical time courses correlate to 1, constant pixels give 0', async () => {
      const frames = [1, 3, 2, 5].map((v) => new NDArray(new Float64Array(9).fill(v), [3, 3]));
      const lc = await (await from(frames)).localcorr(3);
      expect(lc.shape).toEqual([3, 3]);
      expectClose(lc.data, new Array(9).fill(1), 10);
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
