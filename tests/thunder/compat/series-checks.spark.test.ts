/**
 * Issue 11 items 4 and 5 for Series, on both engines: every positional argument and option object
 * is checked at the call (an InvalidArgumentError naming the argument), and traced lambdas whose
 * JavaScript operators drop a condition are refused while tracing.
 */
import { expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { series, type Series } from '../../../src/thunder/index.js';
import { allclose, eachEngine, thrown } from './series-helpers.js';

eachEngine((eng) => {
  const data = (): Promise<Series> => series.fromArray([[1, 2, 3, 4], [-5, -6, -7, -8], [0, 0, 0, 0]], eng());

  it('filter(v => a && b) is refused while tracing (it kept records failing a); .and() gives the answer', async () => {
    const s = await data();
    const err = await thrown(() => s.filter((v) => v.std().gt(0.01) && v.mean().gt(0)));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err.message).toContain('.and(');
    // Only the first record has std > 0.01 and mean > 0.
    allclose(await s.filter((v) => v.std().gt(0.01).and(v.mean().gt(0))).toArray(), [1, 2, 3, 4]);
  });

  it('||, ?? and ?: in traced lambdas are refused; .or() and where() give the answers', async () => {
    const s = await data();
    for (const fn of [
      (v: Parameters<Parameters<Series['filter']>[0]>[0]) => v.mean().gt(0) || v.mean().lt(-6),
      (v: Parameters<Parameters<Series['filter']>[0]>[0]) => v.mean().gt(0) ?? v.mean().lt(-6),
    ]) {
      expect(await thrown(() => s.filter(fn))).toBeInstanceOf(InvalidArgumentError);
    }
    expect(await thrown(() => s.map((v) => (v.mean().gt(0) ? v : v.neg())))).toBeInstanceOf(InvalidArgumentError);
    // means 2.5, -6.5, 0: gt(0) or lt(-6) keeps the first two
    allclose(await s.filter((v) => v.mean().gt(0).or(v.mean().lt(-6))).toArray(), [[1, 2, 3, 4], [-5, -6, -7, -8]]);
    allclose(await s.map((v) => v.mean().gt(0).where(v, v.neg())).toArray(), [[1, 2, 3, 4], [5, 6, 7, 8], [0, 0, 0, 0]]);
  });

  it('positional arguments of the wrong type or out of range name the argument', async () => {
    const s = await data();
    const cases: [() => unknown, string][] = [
      [() => s.center(0.5 as 0), 'center(axis)'],
      [() => s.standardize('0' as unknown as 0), 'standardize(axis)'],
      [() => s.zscore(2 as 0), 'zscore(axis)'],
      [() => s.squelch('3' as unknown as number), 'squelch(threshold)'],
      [() => s.clip(3, 1), 'clip(min, max)'],
      [() => s.clip(Number.NaN), 'clip(min)'],
      [() => s.normalize('median' as never), 'normalize(method)'],
      [() => s.normalize('percentile', { percentile: 10 } as never), 'normalize(percentile)'],
      [() => s.normalize('percentile', { perc: 120 }), 'normalize(perc)'],
      [() => s.normalize('window', { window: 0 }), 'normalize(window)'],
      [() => s.between(3, 1), 'between(left, right)'],
      [() => s.between(10, 20), 'between(left, right)'],
      [() => s.fourier(1.5), 'fourier(freq)'],
      [() => s.crosscorr([1, 2, 3, 4], -1), 'crosscorr(lag)'],
      [() => s.convolve([1, Number.NaN]), 'convolve(signal)'],
      [() => s.convolve([1, 2], 'circular' as never), 'convolve(mode)'],
      [() => s.detrend('quadratic' as never), 'detrend(method)'],
      [() => s.map(3 as never), 'map(fn)'],
      [() => s.map((v) => v, { dtype: 'uint32' as never }), 'map(dtype)'],
      [() => s.map((v) => v, { withkeys: true } as never), 'map(withkeys)'],
      [() => s.filter('v > 0' as never), 'filter(fn)'],
      [() => s.astype('int8' as never), 'astype(dtype)'],
      [() => s.repartition(0), 'repartition(npartitions)'],
      [() => s.sample(0), 'sample(n)'],
      [() => s.sample(1, 0.5), 'sample(seed)'],
      [() => s.meanByPanel(3), 'meanByPanel(length)'],
      [() => s.meanByPanel(4), 'meanByPanel(length)'],
      [() => s.times([1, 2]), 'times(other)'],
      [() => s.reshape(4, 3), 'reshape(shape)'],
      [() => s.reshape(3, 2, 2), 'reshape(shape)'],
      [() => s.reshape(3, 1.5, 4), 'reshape(shape[1])'],
      [() => s.selectByIndex(9), 'selectByIndex(val)'],
      [() => s.selectByIndex(1, { level: 1 }), 'selectByIndex(level)'],
      [() => s.selectByIndex(1, { squeze: true } as never), 'selectByIndex(squeze)'],
      [() => s.aggregateByIndex((g) => g.sum(), 2), 'aggregateByIndex(level)'],
      [() => s.statByIndex('mode' as never), 'statByIndex(stat)'],
      [() => s.getItem(3), 'getItem[axis 0]'],
      [() => s.getItem(null, { start: 1, stap: 2 } as never), 'getItem[axis 1].stap'],
      [() => s.withLabels([1, 2]), 'labels'],
      [() => s.elementWise('2' as never, (a, b) => a.add(b)), 'elementWise(other)'],
      [() => s.reduce((a) => a.sum()), 'reduce(fn)'],
      [() => {
        s.index = [0, 1, 2];
      }, 'index'],
      [() => {
        s.index = [[0, 1], [1], [0, 1], [1, 1]];
      }, 'index[1]'],
    ];
    for (const [call, argument] of cases) {
      const err = await thrown(call);
      expect(err, argument).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).argument, err.message).toBe(argument);
    }
  });

  it('getItem, map withKeys and labels after a filter (sparse keys) follow the surviving records', async () => {
    const s = (await data()).withLabels([10, 20, 30]);
    const f = s.filter((v) => v.std().gt(0)); // records 0 and 1 survive
    await f.count();
    allclose(await f.getItem([1, 0]).toArray(), [[-5, -6, -7, -8], [1, 2, 3, 4]]);
    allclose((await f.getItem([1, 0]).labels())!, [20, 10]);
    allclose(await f.map((v, k) => v.mul(0).add(k.at(0)), { withKeys: true }).toArray(), [[0, 0, 0, 0], [1, 1, 1, 1]]);
    allclose(await f.getItem(null, { start: 1, step: 2 }).toArray(), [[2, 4], [-6, -8]]);
  });

  it('elementWise of series of different shapes is refused', async () => {
    const s = await data();
    const other = await series.fromArray([[1, 2, 3, 4]], eng());
    expect((await thrown(() => s.plus(other))) as InvalidArgumentError).toMatchObject({ argument: 'elementWise(other)' });
  });
});
