/**
 * Thunder 1.4's test/test_images.py, one case per test function, same inputs and expected values
 * (numpy expressions written out). Python indexing `data[a, b]` is `data.getItem(a, b)`, a slice
 * `a:b` is `{ start: a, stop: b }`, `:` is null.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { images, Images, NDArray, Series, type EngineOptions } from '../../../src/thunder/index.js';
import type { Traced } from '../../../src/udf/trace.js';
import type { MakeEngine } from '../cases/helpers.js';
import { arange, concat, expectAllClose } from './helpers.js';

export function thunderImagesCases(makeEngine: MakeEngine): void {
  describe('Thunder test_images.py', () => {
    let eng: EngineOptions;
    const fromList = (list: NDArray[], extra: object = {}): Promise<Images> => images.fromArray(list, { ...eng, ...extra });
    beforeAll(async () => {
      eng = await makeEngine();
    });

    it('test_map', async () => {
      const data = await fromList([arange(6, [2, 3])]);
      expectAllClose(await data.map((x) => x.add(1)).toArray(), [1, 2, 3, 4, 5, 6]);
      expect(data.map((x) => x.mul(1.0), { dtype: 'float64' }).dtype).toBe('float64');
      expect(data.map((x) => x.mul(1.0)).dtype).toBe('float64');
    });

    it('test_map_singleton', async () => {
      const data = await fromList([arange(6, [2, 3]), arange(6, [2, 3])]);
      expect(data.map((x) => x.mean()).shape).toEqual([2, 1]);
    });

    it('test_filter', async () => {
      const a = arange(6, [2, 3]);
      const data = await fromList([a, new NDArray(a.data.map((v) => v * 2), [2, 3])]);
      expectAllClose(await data.filter((x) => x.sum().gt(21)).toArray(), [0, 2, 4, 6, 8, 10]);
    });

    it('test_sample', async () => {
      const data = await fromList([new NDArray(Float64Array.of(1, 5, 1, 5), [2, 2]), new NDArray(Float64Array.of(1, 10, 1, 10), [2, 2])]);
      expect((await data.sample(2)).shape).toEqual([2, 2, 2]);
      expect((await data.sample(1)).shape).toEqual([1, 2, 2]);
      expectAllClose(await (await data.filter((x) => x.max().gt(5)).sample(1)).toArray(), [1, 10, 1, 10]);
    });

    it('test_labels', async () => {
      const x = arange(10, [10, 1, 1]);
      const data = await images.fromArray(x, { ...eng, labels: Array.from({ length: 10 }, (_, i) => i) });
      // x[0, 0] % 2 == 0 written with the traced vocabulary: (-1)^v is 1 exactly for even integers v.
      const even = data.filter((im) => im.mul(0).sub(1).pow(im).at(0).eq(1));
      await even.count(); // on Spark the labels kept by a filter are known once counted
      expect(even.labels).toEqual([0, 2, 4, 6, 8]);
      expect(data.getItem({ start: 4, stop: 6 }).labels).toEqual([4, 5]);
      expect(data.getItem(5).labels).toEqual([5]);
      expect(data.getItem([0, 3, 8]).labels).toEqual([0, 3, 8]);
    });

    it('test_labels_setting', async () => {
      const x = arange(10, [10, 1, 1]);
      const data = await images.fromArray(x, eng);
      expect(() => {
        data.labels = Array.from({ length: 8 }, (_, i) => i);
      }).toThrow(InvalidArgumentError);
    });

    it('test_first', async () => {
      const data = await fromList([new NDArray(Float64Array.of(1, 5, 1, 5), [2, 2]), new NDArray(Float64Array.of(1, 10, 1, 10), [2, 2])]);
      expectAllClose(await data.first(), [1, 5, 1, 5]);
    });

    it('test_squeeze', async () => {
      const data = await fromList([new NDArray(Float64Array.of(1, 5, 1, 5), [2, 2]), new NDArray(Float64Array.of(1, 10, 1, 10), [2, 2])]);
      expect(data.shape).toEqual([2, 2, 2]);
      expect(data.getItem(null, null, 0).shape).toEqual([2, 2, 1]);
      expect(data.getItem(null, 0, 0).shape).toEqual([2, 1, 1]);
      expect(data.getItem(null, null, 0).squeeze().shape).toEqual([2, 2]);
      expect(data.getItem(null, 0, 0).squeeze().shape).toEqual([2, 1]);
    });

    it('test_toseries', async () => {
      const data = await fromList([arange(6, [2, 3])]);
      expect(data.toSeries()).toBeInstanceOf(Series);
      expectAllClose(await data.toSeries().toArray(), [0, 1, 2, 3, 4, 5]);
    });

    it('test_toseries_roundtrip', async () => {
      const data = await fromList([arange(6, [2, 3]), arange(6, [2, 3])]);
      expect(data.toSeries()).toBeInstanceOf(Series);
      expect(data.toSeries().toImages()).toBeInstanceOf(Images);
      expectAllClose(await data.toSeries().toImages().toArray(), (await data.toArray()).data);
    });

    it('test_toseries_pack_2d', async () => {
      const original = arange(6, [2, 3]);
      expectAllClose(await (await fromList([original])).toSeries().toArray(), original.data);
    });

    it('test_toseries_pack_3d', async () => {
      const original = arange(24, [2, 3, 4]);
      expectAllClose(await (await fromList([original])).toSeries().toArray(), original.data);
    });

    it('test_subsample', async () => {
      const data = await fromList([arange(24, [4, 6])]);
      expectAllClose(await data.subsample(2).toArray(), [0, 2, 4, 12, 14, 16]);
    });

    for (const name of ['median', 'gaussian', 'uniform'] as const) {
      const apply = (d: Images, size: number | number[]): Images =>
        name === 'median' ? d.medianFilter(size) : name === 'gaussian' ? d.gaussianFilter(size) : d.uniformFilter(size);

      it(`test_${name}_filter_2d`, async () => {
        const data = await fromList([arange(24, [4, 6])]);
        expect((await apply(data, 2).toArray()).shape).toEqual([4, 6]);
        expect((await apply(data, [2, 2]).toArray()).shape).toEqual([4, 6]);
        expectAllClose(await apply(data, 2).toArray(), (await apply(data, [2, 2]).toArray()).data);
      });

      it(`test_${name}_filter_3d`, async () => {
        const data = await fromList([arange(24, [2, 3, 4])]);
        expect((await apply(data, 2).toArray()).shape).toEqual([2, 3, 4]);
        expect((await apply(data, [2, 2, 2]).toArray()).shape).toEqual([2, 3, 4]);
        expect((await apply(data, [2, 2, 0]).toArray()).shape).toEqual([2, 3, 4]);
        expectAllClose(await apply(data, 2).toArray(), (await apply(data, [2, 2, 2]).toArray()).data);
      });
    }

    it('test_median_filter_3d_empty', async () => {
      const data = await fromList([arange(24, [2, 3, 4])]);
      const test1 = await data.medianFilter([2, 2, 0]).getItem(null, null, null, 0).squeeze().toArray();
      const test2 = await data.getItem(null, null, null, 0).squeeze().medianFilter([2, 2]).toArray();
      expect(test1.shape).toEqual([2, 3]);
      expect(test2.shape).toEqual([2, 3]);
      expectAllClose(test1, test2.data);
    });

    it('test_mean', async () => {
      const original = arange(24, [2, 3, 4]);
      const data = await fromList([original.at(0), original.at(1)]);
      expect(data.mean().shape).toEqual([1, 3, 4]);
      // original.mean(axis=0): (x + (x + 12)) / 2
      expectAllClose(await data.mean().toArray(), Array.from({ length: 12 }, (_, x) => x + 6));
    });

    it('test_sum', async () => {
      const original = arange(24, [2, 3, 4]);
      const data = await fromList([original.at(0), original.at(1)]);
      expect(data.sum().shape).toEqual([1, 3, 4]);
      expectAllClose(await data.sum().toArray(), Array.from({ length: 12 }, (_, x) => 2 * x + 12));
    });

    // Thunder's sum of integer images is numpy's int64; here too by Series.sum's rule (every sum of
    // 3 uint8 images is exact), on every engine and whether or not a filter's count is known yet.
    it('(not in Thunder) sum of integer images is int64 like Series.sum, also after a filter', async () => {
      const pixels = [[250, 1, 2, 3], [255, 4, 5, 6], [7, 8, 9, 10]];
      const data = await fromList(pixels.map((p) => new NDArray(Uint8Array.from(p), [2, 2])));
      const total = await data.sum().toArray();
      expect(total.dtype).toBe('int64');
      expectAllClose(total, [512, 13, 16, 19]); // 250+255+7, 1+4+8, 2+5+9, 3+6+10
      const kept = data.filter((x) => x.max().lt(200)); // only the third image
      const keptSum = await kept.sum().toArray();
      expect(keptSum.dtype).toBe('int64');
      expectAllClose(keptSum, [7, 8, 9, 10]);
      expect((await data.astype('float32').sum().toArray()).dtype).toBe('float64');
    });

    it('test_var', async () => {
      const original = arange(24, [2, 3, 4]);
      const data = await fromList([original.at(0), original.at(1)]);
      expect(data.var().shape).toEqual([1, 3, 4]);
      // two values 12 apart: population variance 6^2
      expectAllClose(await data.var().toArray(), new Array(12).fill(36));
    });

    it('test_subtract', async () => {
      const original = arange(24, [4, 6]);
      const data = await fromList([original]);
      expectAllClose(await data.subtract(1).toArray(), Array.from({ length: 24 }, (_, x) => x - 1));
      const sub = arange(24, [4, 6]);
      expectAllClose(await data.subtract(sub).toArray(), new Array(24).fill(0));
    });

    it('test_map_as_series', async () => {
      const original = arange(16, [4, 4]);
      const data = await fromList(new Array(5).fill(original));
      const size = [2, 2];
      // f(x) = x - mean(x) along the image axis: five equal images give zeros, shape (5, 4, 4)
      const centred = new Array(80).fill(0);
      const f = (x: Traced): Traced => x.sub(x.mean());
      expectAllClose(await data.mapAsSeries(f, { blockSize: size }).toArray(), centred);
      expectAllClose(await data.mapAsSeries(f, { blockSize: size, valueSize: 5 }).toArray(), centred);
      // f(x) = x[:-1]: the first four images
      const firstFour = concat(original, original, original, original);
      const g = (x: Traced): Traced => x.slice(0, -1);
      const r1 = await data.mapAsSeries(g, { blockSize: size }).toArray();
      expect(r1.shape).toEqual([4, 4, 4]);
      expectAllClose(r1, firstFour);
      expectAllClose(await data.mapAsSeries(g, { blockSize: size, valueSize: 4 }).toArray(), firstFour);
    });

    it('test_reshape_values', async () => {
      const original = await images.fromArray(arange(72, [2, 6, 6]), eng);
      const arr = await original.toArray();
      const r1 = await original.reshape(2, 12, 3).toArray();
      expect(r1.shape).toEqual([2, 12, 3]);
      expectAllClose(r1, arr.data);
      const r2 = await original.reshape(2, 4, 3, 3).toArray();
      expect(r2.shape).toEqual([2, 4, 3, 3]);
      expectAllClose(r2, arr.data);
      // must conserve the number of elements
      expect(() => original.reshape(2, 3, 6)).toThrow(InvalidArgumentError);
      // cannot change the number of images
      expect(() => original.reshape(4, 3, 6)).toThrow(InvalidArgumentError);
      // cannot create images with less than 2 dimensions
      expect(() => original.reshape(2, 36)).toThrow(InvalidArgumentError);
      // cannot create images with more than 3 dimensions
      expect(() => original.reshape(2, 2, 2, 3, 3)).toThrow(InvalidArgumentError);
    });
  });
}
