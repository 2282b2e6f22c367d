/** The job's driver-side helpers, against hand-computed values. */
import { describe, expect, it } from 'vitest';
import { NDArray } from '../../src/common/ndarray.js';
import { centredRows, colorPlanes, crop, histogramThreshold, maxOf, mean, minOf, scaledLabels } from '../../src/fish/arrays.js';
import { splitTimes } from '../../src/fish/validation.js';

describe('crop', () => {
  it('takes rows and columns like numpy slices', () => {
    // [[0 1 2 3], [4 5 6 7], [8 9 10 11]]
    const a = new NDArray(Float64Array.from({ length: 12 }, (_, i) => i), [3, 4]);
    const c = crop(a, 1, 3, 1, 3);
    expect(c.shape).toEqual([2, 2]);
    expect(Array.from(c.data)).toEqual([5, 6, 9, 10]);
    // Past the edge stops at the edge, as a[62:75] does on 76 rows.
    expect(crop(a, 2, 10, 0, 2).shape).toEqual([1, 2]);
  });
});

describe('histogramThreshold (the notebook’s Q8 rule)', () => {
  it('returns the left edge of the bin before the first one whose preceding bins hold the fraction', () => {
    const edges = [0, 1, 2, 3, 4];
    const counts = [50, 30, 15, 5];
    // Preceding sums: i=0: 0, i=1: 50, i=2: 80, i=3: 95. 95 >= 0.95 * 100 first at i = 3, so edges[2].
    expect(histogramThreshold(edges, counts, 0.95)).toBe(2);
    // 50 >= 0.5 * 100 at i = 1, so edges[0].
    expect(histogramThreshold(edges, counts, 0.5)).toBe(0);
    // Never reached within the bins (Python would fail on None): undefined.
    expect(histogramThreshold(edges, counts, 0.999)).toBeUndefined();
  });
});

describe('small statistics', () => {
  it('mean, min and max', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(minOf([3, -1, 2])).toBe(-1);
    expect(maxOf(new Float64Array([3, -1, 2]))).toBe(3);
  });

  it('centres the rows on their mean row', () => {
    // Column means 2 and 20.
    const c = centredRows(new NDArray(new Float64Array([1, 10, 3, 30]), [2, 2]));
    expect(Array.from(c.data)).toEqual([-1, -10, 1, 10]);
  });

  it('scales labels by K − 1', () => {
    expect(Array.from(scaledLabels(new NDArray(new Int32Array([0, 2, 4]), [3]), 5).data)).toEqual([0, 0.5, 1]);
  });
});

describe('colorPlanes', () => {
  it('colours every plane on the labels of the whole volume', () => {
    // Plane 0 holds labels 0 and 1 only, plane 1 holds 2: a plane coloured on its own range would give label 1 colour 2.
    const labels = new NDArray(new Int32Array([0, 1, 2, 2]), [2, 1, 2]);
    const colors: [number, number, number][] = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const [p0, p1] = colorPlanes(labels, colors);
    expect(p0!.shape).toEqual([1, 2, 3]);
    expect(Array.from(p0!.data)).toEqual([1, 0, 0, 0, 1, 0]);
    expect(Array.from(p1!.data)).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('dims each pixel by the mask over the volume’s largest value', () => {
    const labels = new NDArray(new Int32Array([0, 1]), [2, 1, 1]);
    const mask = new NDArray(new Float64Array([0.5, 1]), [2, 1, 1]);
    const [p0, p1] = colorPlanes(labels, [[1, 1, 1], [0, 1, 0]], mask);
    expect(Array.from(p0!.data)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(p1!.data)).toEqual([0, 1, 0]);
  });
});

describe('splitTimes', () => {
  it('cuts a seeded permutation into two sorted halves', () => {
    const { train, test } = splitTimes(20, 42);
    expect(train).toHaveLength(10);
    expect(test).toHaveLength(10);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(splitTimes(20, 42)).toEqual({ train, test });
    expect(splitTimes(20, 43).train).not.toEqual(train);
  });
});
