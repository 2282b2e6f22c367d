/** Thunder's own Series tests (test/test_series.py), with their expected values. */
import { beforeAll, describe, expect, it } from 'vitest';
import { NDArray, series, type EngineOptions, type Series } from '../../../src/thunder/index.js';
import { expectClose, range, type MakeEngine } from './helpers.js';

export function seriesCases(makeEngine: MakeEngine): void {
  describe('Series (Thunder test_series.py)', () => {
    let opt: EngineOptions;
    const from = (rows: number[][], index?: (number | string)[]): Promise<Series> =>
      series.fromArray(rows, index ? { ...opt, index } : opt);
    beforeAll(async () => {
      opt = await makeEngine();
    });

    it('map, map to a scalar, filter, flatten', async () => {
      const data = await from([[1, 2], [3, 4]]);
      expect(Array.from((await data.map((x) => x.add(1)).toArray()).data)).toEqual([2, 3, 4, 5]);
      expect(data.map((x) => x.mul(1)).dtype).toBe('float64');
      expect((await from([[4, 5, 6, 7], [8, 9, 10, 11]])).map((x) => x.mean()).shape).toEqual([2, 1]);
      const f = data.filter((x) => x.sum().gt(3));
      expect(Array.from((await f.toArray()).data)).toEqual([3, 4]);
      const arr = await series.fromArray(new NDArray(Float64Array.from(range(20)), [2, 2, 5]), opt);
      expect(arr.flatten().shape).toEqual([4, 5]);
      expect(Array.from((await arr.flatten().toArray()).data)).toEqual(range(20));
    });

    it('sample draws without replacement and returns everything when n exceeds the count', async () => {
      const data = await from([[1, 5], [1, 10], [1, 15]]);
      expect((await data.sample(3)).shape).toEqual([3, 2]);
      expect((await data.sample(10)).shape).toEqual([3, 2]);
      const one = await data.filter((x) => x.max().gt(10)).sample(1);
      expect(Array.from((await one.toArray()).data)).toEqual([1, 15]);
    });

    it('between, first, select by labels', async () => {
      const data = await from([[4, 5, 6, 7], [8, 9, 10, 11]]);
      const b = data.between(0, 2);
      expect(b.index).toEqual([0, 1]);
      expect(Array.from((await b.toArray()).data)).toEqual([4, 5, 8, 9]);
      expect(Array.from((await data.first()).data)).toEqual([4, 5, 6, 7]);
      const labelled = await from([[4, 5, 6, 7], [8, 9, 10, 11]], ['label1', 'label2', 'label3', 'label4']);
      expect(labelled.select('label1').shape).toEqual([2, 1]);
      expect(Array.from((await labelled.select('label1').toArray()).data)).toEqual([4, 8]);
      expect(Array.from((await labelled.select(['label1', 'label2']).toArray()).data)).toEqual([4, 5, 8, 9]);
      expect(labelled.select(['label1']).index).toEqual(['label1']);
      expect(Array.from((await labelled.select(['label1', 'label3']).toArray()).data)).toEqual([4, 6, 8, 10]);
    });

    it('center, standardize, zscore within records', async () => {
      const data = await from([[1, 2, 3, 4, 5]]);
      expectClose((await data.center().toArray()).data, [-2, -1, 0, 1, 2], 3);
      expectClose((await data.standardize().toArray()).data, [0.7071, 1.41421, 2.12132, 2.82842, 3.53553], 3);
      expectClose((await data.zscore().toArray()).data, [-1.41421, -0.70711, 0, 0.70711, 1.41421], 4);
    });

    it('squelch and clip', async () => {
      const data = await from([[1, 2], [3, 4]]);
      expect(Array.from((await data.squelch(5).toArray()).data)).toEqual([0, 0, 0, 0]);
      expect(Array.from((await data.squelch(3).toArray()).data)).toEqual([0, 0, 3, 4]);
      expect(Array.from((await data.squelch(1).toArray()).data)).toEqual([1, 2, 3, 4]);
      const five = await from([[1, 2, 3, 4, 5]]);
      expect(Array.from((await five.clip(2).toArray()).data)).toEqual([2, 2, 3, 4, 5]);
      expect(Array.from((await five.clip(2, 3).toArray()).data)).toEqual([2, 2, 3, 3, 3]);
    });

    it('correlate with one and with two signals', async () => {
      const data = await from([[1, 2, 3, 4, 5]]);
      expectClose((await data.correlate([4, 5, 6, 7, 8]).toArray()).data, [1], 10);
      const two = data.correlate([[4, 5, 6, 7, 8], [8, 7, 6, 5, 4]]);
      expect(two.index).toEqual([0, 1]);
      expectClose((await two.toArray()).data, [1, -1], 10);
    });

    it('statistics across records have shape [1, T]', async () => {
      const data = await from([range(8), range(8)]);
      expect(data.mean().shape).toEqual([1, 8]);
      expectClose((await data.mean().toArray()).data, range(8), 12);
      expectClose((await data.sum().toArray()).data, range(8).map((x) => 2 * x), 12);
      expectClose((await data.var().toArray()).data, new Array(8).fill(0), 12);
      expectClose((await data.std().toArray()).data, new Array(8).fill(0), 12);
      expectClose((await data.max().toArray()).data, range(8), 12);
      expectClose((await data.min().toArray()).data, range(8), 12);
      const spread = await from([[1, 10], [3, 20]]);
      expectClose((await spread.std().toArray()).data, [1, 5], 12);
      expectClose((await spread.var().toArray()).data, [1, 25], 12);
    });

    it('aggregateByIndex and the statByIndex family', async () => {
      const data = await from([range(12)], [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
      const agg = data.aggregateByIndex((g) => g.sum());
      expect(agg.index).toEqual([0, 1, 2]);
      expectClose((await agg.toArray()).data, [6, 22, 38], 12);
      expectClose((await data.statByIndex('sum').toArray()).data, [6, 22, 38], 12);
      expectClose((await data.meanByIndex().toArray()).data, [1.5, 5.5, 9.5], 12);
      expectClose((await data.minByIndex().toArray()).data, [0, 4, 8], 12);
      expectClose((await data.maxByIndex().toArray()).data, [3, 7, 11], 12);
      expectClose((await data.countByIndex().toArray()).data, [4, 4, 4], 12);
      expectClose((await data.medianByIndex().toArray()).data, [1.5, 5.5, 9.5], 12);
      expectClose((await data.stdByIndex().toArray()).data, [Math.sqrt(1.25), Math.sqrt(1.25), Math.sqrt(1.25)], 12);
    });

    it('meanByWindow', async () => {
      const data = await from([range(7)]);
      expectClose((await data.meanByWindow([3, 5], 2).toArray()).data, [3, 4], 12);
      expectClose((await data.meanByWindow([3, 5], 3).toArray()).data, [3, 4, 5], 12);
      expectClose((await data.meanByWindow([3, 5], 4).toArray()).data, [2, 3, 4, 5], 12);
      expectClose((await data.meanByWindow([3], 4).toArray()).data, [1, 2, 3, 4], 12);
    });

    it('fourier coherence 0.578664 and phase 4.102501 at frequency 2', async () => {
      const data = await from([[1.0, 2.0, -4.0, 5.0, 8.0, 3.0, 4.1, 0.9, 2.3]]);
      const f = data.fourier(2);
      expect(f.index).toEqual(['coherence', 'phase']);
      expectClose((await f.select('coherence').toArray()).data, [0.578664], 5);
      expectClose((await f.select('phase').toArray()).data, [4.102501], 5);
    });

    it('convolve same, full, valid', async () => {
      const data = await from([[1, 2, 3, 4, 5]]);
      expectClose((await data.convolve([1, 2, 3], 'same').toArray()).data, [4, 10, 16, 22, 22], 12);
      // Hand-computed full convolution of 1..5 with 1,2,3.
      expectClose((await data.convolve([1, 2, 3]).toArray()).data, [1, 4, 10, 16, 22, 22, 15], 12);
      expectClose((await data.convolve([1, 2, 3], 'valid').toArray()).data, [10, 16, 22], 12);
    });

    // Thunder's expected values are rounded to 5 decimals (its test uses atol 1e-5).
    it('crosscorr at lag 0 and lag 2 (Thunder test signal)', async () => {
      const data = await from([[1.0, 2.0, -4.0, 5.0, 8.0, 3.0, 4.1, 0.9, 2.3]]);
      const sig = [1.5, 2.1, -4.2, 5.6, 8.1, 3.9, 4.2, 0.3, 2.1];
      expectClose((await data.crosscorr(sig, 0).toArray()).data, [0.99221], 4);
      const lagged = data.crosscorr(sig, 2);
      expect(lagged.index).toEqual([-2, -1, 0, 1, 2]);
      expectClose((await lagged.toArray()).data, [-0.18511, 0.03817, 0.99221, 0.06567, -0.2575], 4);
    });

    it('detrend removes a linear trend but keeps the intercept', async () => {
      const data = await from([[1, 2, 3, 4, 5]]);
      expectClose((await data.detrend('linear').toArray()).data, [1, 1, 1, 1, 1], 10);
      // y = 2 + t^2 on t = 0..5 detrended with a quadratic leaves the intercept 2.
      const quad = await from([[2, 3, 6, 11, 18, 27]]);
      expectClose((await quad.detrend('nonlinear', 2).toArray()).data, [2, 2, 2, 2, 2, 2], 8);
    });

    it('normalize: percentile, mean, window, window-exact', async () => {
      const data = await from([[1, 2, 3, 4, 5]]);
      const y = [1, 2, 3, 4, 5];
      const expected = (b: number[]): number[] => y.map((v, i) => (v - b[i]!) / (b[i]! + 0.1));
      const perc = await data.normalize('percentile', { perc: 20 }).toArray();
      expect(perc.dtype).toBe('float64');
      expectClose(perc.data, [-0.42105, 0.10526, 0.63157, 1.15789, 1.68421], 3);
      expectClose((await data.normalize('mean').toArray()).data, [-0.64516, -0.32258, 0, 0.32258, 0.64516], 4);
      expectClose((await data.normalize('window', { window: 2 }).toArray()).data, expected([1, 1, 2, 3, 4]), 6);
      expectClose((await data.normalize('window', { window: 5 }).toArray()).data, expected([1, 1, 2, 3, 4]), 6);
      expectClose((await data.normalize('window-exact', { window: 2 }).toArray()).data, expected([1.2, 1.4, 2.4, 3.4, 4.2]), 6);
      expectClose((await data.normalize('window-exact', { window: 6 }).toArray()).data, expected([1.6, 1.8, 1.8, 1.8, 2.6]), 6);
    });

    it('downsample and subsample', async () => {
      expectClose((await (await from([range(8)])).downsample(2).toArray()).data, [0.5, 2.5, 4.5, 6.5], 12);
      expectClose((await (await from([range(8)])).downsample(4).toArray()).data, [1.5, 5.5], 12);
      expectClose((await (await from([range(9)])).downsample(2).toArray()).data, [0.5, 2.5, 4.5, 6.5], 12);
      const sub = (await from([range(9)])).subsample(2);
      expect(sub.index).toEqual([0, 2, 4, 6, 8]);
      expect(Array.from((await sub.toArray()).data)).toEqual([0, 2, 4, 6, 8]);
    });

    it('toImages inverts toSeries', async () => {
      const data = await series.fromArray(new NDArray(Float64Array.from(range(24)), [2, 3, 4]), opt);
      const imgs = data.toImages();
      expect(imgs.shape).toEqual([4, 2, 3]);
      const back = await imgs.toSeries().toArray();
      expect(back.shape).toEqual([2, 3, 4]);
      expect(Array.from(back.data)).toEqual(range(24));
    });
  });
}
