/**
 * Thunder 1.4.2's test/test_series.py, ported case by case with the same inputs and expected
 * values (Thunder's literals, or its numpy expressions written out), on both engines of Thunder's
 * `eng` fixture: local and Spark. Cases with no JavaScript counterpart are listed in
 * docs/thunder-compat.md.
 */
import { expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { NDArray, images, series, type Series } from '../../../src/thunder/index.js';
import { allclose, arange, arangeArray, dot, eachEngine, pearson, thrown } from './series-helpers.js';

eachEngine((eng) => {
  /** Thunder's `fromlist(rows, **kw)`. */
  const fromlist = (rows: readonly (readonly number[])[] | NDArray, options: Record<string, unknown> = {}): Promise<Series> =>
    series.fromArray(rows instanceof NDArray ? rows : rows.map((r) => [...r]), { ...eng(), ...options });

  it('test_map', async () => {
    const data = await fromlist([[1, 2], [3, 4]]);
    allclose(await data.map((x) => x.add(1)).toArray(), [[2, 3], [4, 5]]);
    expect(data.map((x) => x.mul(1.0), { dtype: 'float64' }).dtype).toBe('float64');
    expect(data.map((x) => x.mul(1.0)).dtype).toBe('float64');
  });

  it('test_map_singletons', async () => {
    const data = await fromlist([[4, 5, 6, 7], [8, 9, 10, 11]]);
    expect(data.map((x) => x.mean()).shape).toEqual([2, 1]);
  });

  it('test_filter', async () => {
    const data = await fromlist([[1, 2], [3, 4]]);
    allclose(await data.filter((x) => x.sum().gt(3)).toArray(), [3, 4]);
  });

  it('test_flatten', async () => {
    const arr = arangeArray([2, 2, 5]);
    const data = await series.fromArray(arr, eng());
    expect(data.flatten().shape).toEqual([4, 5]);
    allclose(await data.flatten().toArray(), arange(20));
  });

  it('test_sample', async () => {
    const data = await fromlist([[1, 5], [1, 10], [1, 15]]);
    allclose((await data.sample(3)).shape, [3, 2]);
    allclose(await (await data.filter((x) => x.max().gt(10)).sample(1)).toArray(), [1, 15]);
  });

  it('test_between', async () => {
    const data = await fromlist([[4, 5, 6, 7], [8, 9, 10, 11]]);
    const val = data.between(0, 2);
    allclose(val.index as number[], [0, 1]);
    allclose(await val.toArray(), [[4, 5], [8, 9]]);
  });

  it('test_first', async () => {
    const data = await fromlist([[4, 5, 6, 7], [8, 9, 10, 11]]);
    allclose(await data.first(), [4, 5, 6, 7]);
  });

  it('test_select', async () => {
    const index = ['label1', 'label2', 'label3', 'label4'];
    const data = await fromlist([[4, 5, 6, 7], [8, 9, 10, 11]], { index });
    expect(data.select('label1').shape).toEqual([2, 1]);
    allclose(await data.select('label1').toArray(), [4, 8]);
    allclose(await data.select(['label1']).toArray(), [4, 8]);
    allclose(await data.select(['label1', 'label2']).toArray(), [[4, 5], [8, 9]]);
    expect(data.select('label1').index).toEqual(['label1']);
    expect(data.select(['label1']).index).toEqual(['label1']);
  });

  it('test_standardize_axis1', async () => {
    const data = await fromlist([[1, 2, 3, 4, 5]]);
    allclose(await data.center(1).toArray(), [-2, -1, 0, 1, 2], 1e-3);
    allclose(await data.standardize(1).toArray(), [0.7071, 1.41421, 2.12132, 2.82842, 3.53553], 1e-3);
    allclose(await data.zscore(1).toArray(), [-1.41421, -0.7071, 0, 0.7071, 1.41421], 1e-3);
  });

  it('test_standardize_axis0', async () => {
    const data = await fromlist([[1, 2], [3, 4]]);
    allclose(await data.center(0).toArray(), [[-1, -1], [1, 1]], 1e-3);
    allclose(await data.standardize(0).toArray(), [[1, 2], [3, 4]], 1e-3);
    allclose(await data.zscore(0).toArray(), [[-1, -1], [1, 1]], 1e-3);
  });

  it('test_squelch', async () => {
    const data = await fromlist([[1, 2], [3, 4]]);
    allclose(await data.squelch(5).toArray(), [[0, 0], [0, 0]]);
    allclose(await data.squelch(3).toArray(), [[0, 0], [3, 4]]);
    allclose(await data.squelch(1).toArray(), [[1, 2], [3, 4]]);
  });

  it('test_correlate', async () => {
    const data = await fromlist([[1, 2, 3, 4, 5]]);
    allclose(await data.correlate([4, 5, 6, 7, 8]).toArray(), 1);
    allclose(await data.correlate([[4, 5, 6, 7, 8], [8, 7, 6, 5, 4]]).toArray(), [1, -1]);
  });

  it('test_correlate_multiindex', async () => {
    // asarray([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]).T: one [level0, level1] row per position.
    const index = [[0, 5], [1, 6], [2, 7], [3, 8], [4, 9]];
    const data = await fromlist([[1, 2, 3, 4, 5]], { index });
    allclose(await data.correlate([4, 5, 6, 7, 8]).toArray(), 1);
    allclose(await data.correlate([[4, 5, 6, 7, 8], [8, 7, 6, 5, 4]]).toArray(), [1, -1]);
  });

  it('test_clip', async () => {
    const data = await fromlist([[1, 2, 3, 4, 5]]);
    allclose(await data.clip(2).toArray(), [2, 2, 3, 4, 5]);
    allclose(await data.clip(2, 3).toArray(), [2, 2, 3, 3, 3]);
  });

  // fromlist([arange(8), arange(8)]): integer data; expected = data.toarray().<stat>(axis=0) written out.
  const twoAranges = (): Promise<Series> => series.fromArray(new NDArray(Int32Array.from([...arange(8), ...arange(8)]), [2, 8]), eng());

  it('test_mean', async () => {
    const val = await (await twoAranges()).mean().toArray();
    allclose(val, arange(8));
    expect(val.dtype).toBe('float64');
  });

  it('test_sum', async () => {
    const val = await (await twoAranges()).sum().toArray();
    allclose(val, arange(8).map((x) => 2 * x));
    // Thunder: int64 (numpy's sum of int64 data); here int64 whenever every sum is exact (2 records
    // × 2^31 ≤ 2^53 − 1), checked element by element.
    expect(val.dtype).toBe('int64');
    expect(Array.from(val.data)).toEqual(arange(8).map((x) => 2 * x));
    const small = await series.fromArray(new NDArray(Int16Array.from([...arange(8), ...arange(8)]), [2, 8]), eng());
    const s16 = await small.sum().toArray();
    expect(Array.from(s16.data)).toEqual(arange(8).map((x) => 2 * x));
    expect(s16.dtype).toBe('int64');
    // The same dtype on every engine after a filter (the parent's record count bounds the sum).
    expect((await small.filter((v) => v.sum().gt(0)).sum().toArray()).dtype).toBe('int64');
    // Float data sum to float64; int64 data over 2 records could pass 2^53 − 1, so float64 too.
    expect((await small.astype('float16').sum().toArray()).dtype).toBe('float64');
    expect((await small.astype('int64').sum().toArray()).dtype).toBe('float64');
  });

  it('test_var', async () => {
    const val = await (await twoAranges()).var().toArray();
    allclose(val, new Array(8).fill(0));
    expect(val.dtype).toBe('float64');
  });

  it('test_std', async () => {
    const val = await (await twoAranges()).std().toArray();
    allclose(val, new Array(8).fill(0));
    expect(val.dtype).toBe('float64');
  });

  it('test_max', async () => {
    allclose(await (await twoAranges()).max().toArray(), arange(8));
  });

  it('test_min', async () => {
    allclose(await (await twoAranges()).min().toArray(), arange(8));
  });

  it('test_labels', async () => {
    const x = [[0, 1], [2, 3], [4, 5], [6, 7]];
    const data = await fromlist(x, { labels: [0, 1, 2, 3] });
    allclose((await data.filter((v) => v.at(0).gt(2)).labels())!, [2, 3]);
    allclose((await data.getItem({ start: 2 }).labels())!, [2, 3]);
    allclose((await data.getItem(1).labels())!, [1]);
    allclose((await data.getItem(1, null).labels())!, [1]);
    allclose((await data.getItem([0, 2]).labels())!, [0, 2]);
    allclose((await data.flatten().labels())!, [0, 1, 2, 3]);

    const imgs = await images.fromArray([[[0, 1], [2, 3]], [[4, 5], [6, 7]]], eng());
    const s = imgs.toSeries().withLabels([[0, 1], [2, 3]]);
    allclose((await s.filter((v) => v.at(0).gt(1)).labels())!, [2, 3]);
    const row = (await s.getItem(0).labels())!;
    expect(row.shape).toEqual([1, 2]);
    allclose(row, [[0, 1]]);
    const col = (await s.getItem(null, 0).labels())!;
    expect(col.shape).toEqual([2, 1]);
    allclose(col, [[0], [2]]);
    allclose((await s.flatten().labels())!, [0, 1, 2, 3]);
  });

  it('test_labels_setting', async () => {
    const data = await fromlist([[0, 1], [2, 3], [4, 5], [6, 7]]);
    expect(() => data.withLabels([0, 1, 2])).toThrow(InvalidArgumentError);
  });

  it('test_index_setting', async () => {
    const data = await fromlist([[1, 2, 3], [2, 2, 4], [4, 2, 1]]);
    allclose(data.index as number[], [0, 1, 2]);
    data.index = [3, 2, 1];
    allclose(data.index as number[], [3, 2, 1]);
    expect(() => {
      (data as unknown as { index: unknown }).index = 5;
    }).toThrow(InvalidArgumentError);
    expect(() => {
      data.index = [1, 2];
    }).toThrow(InvalidArgumentError);
  });

  const multiIndex = (): number[][] => {
    const levels = [
      [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
      [0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1],
      [0, 1, 0, 1, 2, 3, 0, 1, 0, 1, 2, 3],
    ];
    return arange(12).map((p) => levels.map((l) => l[p]!)); // array(index).T
  };

  it('test_select_by_index', async () => {
    const data = await fromlist([arange(12)], { index: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2] });
    let result = data.selectByIndex(1);
    allclose(await result.toArray(), [4, 5, 6, 7]);
    allclose(result.index as number[], [1, 1, 1, 1]);
    result = data.selectByIndex(1, { squeeze: true });
    allclose(result.index as number[], [0, 1, 2, 3]);
    data.index = multiIndex();
    const withMask = data.selectByIndex(0, { level: 2, returnMask: true });
    allclose(await withMask.series.toArray(), [0, 2, 6, 8]);
    allclose(withMask.series.index as number[][], [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 0]]);
    allclose(withMask.mask.map(Number), [1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0]);
    result = data.selectByIndex(0, { level: 2, squeeze: true });
    allclose(await result.toArray(), [0, 2, 6, 8]);
    allclose(result.index as number[][], [[0, 0], [0, 1], [1, 0], [1, 1]]);
    result = data.selectByIndex([1, 0], { level: [0, 1] });
    allclose(await result.toArray(), [6, 7]);
    allclose(result.index as number[][], [[1, 0, 0], [1, 0, 1]]);
    result = data.selectByIndex([0, [2, 3]], { level: [0, 2] });
    allclose(await result.toArray(), [4, 5]);
    allclose(result.index as number[][], [[0, 1, 2], [0, 1, 3]]);
    result = data.selectByIndex(1, { level: 1, filter: true });
    allclose(await result.toArray(), [0, 1, 6, 7]);
    allclose(result.index as number[][], [[0, 0, 0], [0, 0, 1], [1, 0, 0], [1, 0, 1]]);
  });

  it('test_aggregate_by_index', async () => {
    const data = await fromlist([arange(12)], { index: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2] });
    let result = data.aggregateByIndex((g) => g.sum());
    allclose(await result.toArray(), [6, 22, 38]);
    allclose(result.index as number[], [0, 1, 2]);
    data.index = multiIndex();
    result = data.aggregateByIndex((g) => g.sum(), [0, 1]);
    allclose(await result.toArray(), [1, 14, 13, 38]);
    allclose(result.index as number[][], [[0, 0], [0, 1], [1, 0], [1, 1]]);
  });

  it('test_stat_by_index', async () => {
    const data = await fromlist([arange(12)], { index: [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2] });
    allclose(await data.statByIndex('sum').toArray(), [6, 22, 38]);
    allclose(await data.statByIndex('mean').toArray(), [1.5, 5.5, 9.5]);
    allclose(await data.statByIndex('min').toArray(), [0, 4, 8]);
    allclose(await data.statByIndex('max').toArray(), [3, 7, 11]);
    allclose(await data.statByIndex('count').toArray(), [4, 4, 4]);
    allclose(await data.statByIndex('median').toArray(), [1.5, 5.5, 9.5]);
    allclose(await data.sumByIndex().toArray(), [6, 22, 38]);
    allclose(await data.meanByIndex().toArray(), [1.5, 5.5, 9.5]);
    allclose(await data.minByIndex().toArray(), [0, 4, 8]);
    allclose(await data.maxByIndex().toArray(), [3, 7, 11]);
    allclose(await data.countByIndex().toArray(), [4, 4, 4]);
    allclose(await data.medianByIndex().toArray(), [1.5, 5.5, 9.5]);
  });

  it('test_stat_by_index_multi', async () => {
    const data = await fromlist([arange(12)], { index: multiIndex() });
    let result = data.statByIndex('sum', [0, 1]);
    allclose(await result.toArray(), [1, 14, 13, 38]);
    allclose(result.index as number[][], [[0, 0], [0, 1], [1, 0], [1, 1]]);
    result = data.sumByIndex([0, 1]);
    allclose(await result.toArray(), [1, 14, 13, 38]);
    allclose(result.index as number[][], [[0, 0], [0, 1], [1, 0], [1, 1]]);
  });

  it('test_mean_by_panel', async () => {
    const data = await fromlist([arange(8)]);
    const test1 = data.meanByPanel(4);
    allclose(test1.index as number[], [0, 1, 2, 3]);
    allclose(await test1.toArray(), [[2, 3, 4, 5]]);
    const test2 = data.meanByPanel(2);
    allclose(test2.index as number[], [0, 1]);
    allclose(await test2.toArray(), [[3, 4]]);
  });

  const mat1raw = [[1, 2, 3], [4, 5, 6]];

  it('test_times_array', async () => {
    const mat2 = [[7, 8], [9, 10], [11, 12]];
    const result = (await fromlist(mat1raw)).times(mat2);
    allclose(await result.toArray(), dot(mat1raw, mat2));
    allclose(result.index as number[], [0, 1]);
  });

  it('test_times_array_alt', async () => {
    const mat2 = [[7, 8, 7, 8], [9, 10, 9, 10], [11, 12, 11, 12]];
    const result = (await fromlist(mat1raw)).times(mat2);
    allclose(await result.toArray(), dot(mat1raw, mat2));
    allclose(result.index as number[], [0, 1, 2, 3]);
  });

  it('test_times_vector', async () => {
    const mat2 = [7, 8, 9];
    const result = (await fromlist(mat1raw)).times(mat2);
    allclose(await result.toArray(), dot(mat1raw, mat2.map((v) => [v])));
    allclose(result.index as number[], [0]);
  });

  it('test_times_scalar', async () => {
    const result = (await fromlist(mat1raw)).times(5);
    allclose(await result.toArray(), mat1raw.map((r) => r.map((v) => v * 5)));
    allclose(result.index as number[], [0, 1, 2]);
  });

  it('test_gramian', async () => {
    const result = await (await fromlist(mat1raw)).gramian();
    const transposed = [0, 1, 2].map((j) => mat1raw.map((r) => r[j]!));
    allclose(await result.toArray(), dot(transposed, mat1raw));
  });

  it('test_cov', async () => {
    const result = await (await fromlist(mat1raw)).cov();
    // numpy.cov(mat1raw.T): the 3 columns as variables over 2 observations, ddof 1.
    const cols = [0, 1, 2].map((j) => mat1raw.map((r) => r[j]!));
    const mean = cols.map((c) => c.reduce((a, b) => a + b, 0) / c.length);
    const truth = cols.map((a, i) => cols.map((b, j) => a.reduce((s, v, k) => s + (v - mean[i]!) * (b[k]! - mean[j]!), 0) / (a.length - 1)));
    allclose(await result.toArray(), truth);
  });

  it('test_fourier', async () => {
    const data = await fromlist([[1.0, 2.0, -4.0, 5.0, 8.0, 3.0, 4.1, 0.9, 2.3]]);
    const vals = data.fourier(2);
    allclose(await vals.select('coherence').toArray(), 0.578664);
    allclose(await vals.select('phase').toArray(), 4.102501);
  });

  it('test_convolve', async () => {
    const data = await fromlist([[1, 2, 3, 4, 5]]);
    allclose(await data.convolve([1, 2, 3], 'same').toArray(), [4, 10, 16, 22, 22]);
  });

  it('test_crosscorr', async () => {
    const local = [1.0, 2.0, -4.0, 5.0, 8.0, 3.0, 4.1, 0.9, 2.3];
    const data = await fromlist([local]);
    const sig = [1.5, 2.1, -4.2, 5.6, 8.1, 3.9, 4.2, 0.3, 2.1];
    allclose(await data.crosscorr(sig, 0).toArray(), pearson(local, sig));
    allclose(await data.crosscorr(sig, 2).toArray(), [-0.18511, 0.03817, 0.99221, 0.06567, -0.2575], 1e-5);
  });

  it('test_detrend', async () => {
    const data = await fromlist([[1, 2, 3, 4, 5]]);
    allclose(await data.detrend('linear').toArray(), [1, 1, 1, 1, 1]);
  });

  it('test_normalize_percentile', async () => {
    const data = await fromlist([[1, 2, 3, 4, 5]]);
    const vals = await data.normalize('percentile', { perc: 20 }).toArray();
    expect(vals.dtype).toBe('float64');
    allclose(vals, [-0.42105, 0.10526, 0.63157, 1.15789, 1.68421], 1e-3);
  });

  const baselined = (y: number[], b: number[]): number[] => y.map((v, i) => (v - b[i]!) / (b[i]! + 0.1));

  it('test_normalize_window', async () => {
    const y = [1, 2, 3, 4, 5];
    const data = await fromlist([y]);
    allclose(await data.normalize('window', { window: 2 }).toArray(), baselined(y, [1, 1, 2, 3, 4]), 1e-3);
    allclose(await data.normalize('window', { window: 5 }).toArray(), baselined(y, [1, 1, 2, 3, 4]), 1e-3);
  });

  it('test_normalize_window_exact', async () => {
    const y = [1, 2, 3, 4, 5];
    const data = await fromlist([y]);
    allclose(await data.normalize('window-exact', { window: 2 }).toArray(), baselined(y, [1.2, 1.4, 2.4, 3.4, 4.2]), 1e-3);
    allclose(await data.normalize('window-exact', { window: 6 }).toArray(), baselined(y, [1.6, 1.8, 1.8, 1.8, 2.6]), 1e-3);
  });

  it('test_normalize_mean', async () => {
    const data = await fromlist([[1, 2, 3, 4, 5]]);
    allclose(await data.normalize('mean').toArray(), [-0.64516, -0.32258, 0.0, 0.32258, 0.64516], 1e-3);
  });

  it('test_mean_by_window', async () => {
    const data = await fromlist([[0, 1, 2, 3, 4, 5, 6]]);
    allclose(await data.meanByWindow([3, 5], 2).toArray(), [3, 4]);
    allclose(await data.meanByWindow([3, 5], 3).toArray(), [3, 4, 5]);
    allclose(await data.meanByWindow([3, 5], 4).toArray(), [2, 3, 4, 5]);
    allclose(await data.meanByWindow([3], 4).toArray(), [1, 2, 3, 4]);
  });

  it('test_reshape', async () => {
    const original = await series.fromArray(arangeArray([6, 6, 2]), eng());
    // arr.reshape(...) keeps the C-order values 0..71; only the shape changes.
    for (const shape of [[12, 3, 2], [36, 2], [4, 3, 3, 2]]) {
      const r = await original.reshape(...shape).toArray();
      expect(r.shape).toEqual(shape);
      allclose(r, arange(72));
    }
    // must conserve the number of elements; cannot change the length of the series
    expect(() => original.reshape(6, 3, 2)).toThrow(InvalidArgumentError);
    expect(() => original.reshape(6, 3, 4)).toThrow(InvalidArgumentError);
  });

  it('test_downsample', async () => {
    const data = await fromlist([arange(8)]);
    allclose(await data.downsample(2).toArray(), [0.5, 2.5, 4.5, 6.5]);
    allclose(await data.downsample(4).toArray(), [1.5, 5.5]);
  });

  it('test_downsample_uneven', async () => {
    const data = await fromlist([arange(9)]);
    allclose(await data.downsample(2).toArray(), [0.5, 2.5, 4.5, 6.5]);
  });

  it('(not in Thunder) an unknown option or a wrong axis is an InvalidArgumentError', async () => {
    const data = await fromlist([[1, 2], [3, 4]]);
    expect((await thrown(() => data.center(2 as 0))).message).toContain('center(axis)');
    expect(await thrown(() => data.map((v) => v, { withkeys: true } as never))).toBeInstanceOf(InvalidArgumentError);
  });
});
