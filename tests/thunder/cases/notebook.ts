/**
 * The notebook's printed numbers (sections 2.1, 2.2, 3.3 of the zebrafish notebook) on the fish
 * example, and the example data's documented shapes (data/README.md).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { images, series, type EngineOptions, type Images, type Series } from '../../../src/thunder/index.js';
import { expectClose, type MakeEngine } from './helpers.js';

const FIRST_SERIES = [26, 26, 26, 26, 26, 26, 26, 25, 26, 25, 25, 25, 26, 26, 26, 26, 26, 26, 26, 26];

export function notebookCases(makeEngine: MakeEngine): void {
  describe('notebook numbers on fromExample("fish")', () => {
    let opt: EngineOptions;
    let imgs: Images;
    let ser: Series;
    beforeAll(async () => {
      opt = await makeEngine();
      imgs = await images.fromExample('fish', opt);
      ser = imgs.toSeries();
    });

    it('loads 20 uint8 images of shape [2, 76, 87]', async () => {
      expect(await imgs.count()).toBe(20);
      expect(imgs.shape).toEqual([20, 2, 76, 87]);
      expect(imgs.dtype).toBe('uint8');
      expect((await imgs.first()).shape).toEqual([2, 76, 87]);
    });

    it('slices images like image_data[0:6] and keeps the record axis of std()', async () => {
      expect(imgs.slice(0, 6).shape).toEqual([6, 2, 76, 87]);
      expect(await imgs.slice(0, 6).count()).toBe(6);
      expect(imgs.at(0).shape).toEqual([1, 2, 76, 87]);
      expect(imgs.std().shape).toEqual([1, 2, 76, 87]);
      expect((await imgs.std().toArray()).shape).toEqual([2, 76, 87]);
    });

    it('subsamples (1, 5, 5) to [20, 2, 16, 18]', () => {
      expect(imgs.subsample([1, 5, 5]).shape).toEqual([20, 2, 16, 18]);
    });

    it('converts to series of shape [2, 76, 87, 20] whose first record is voxel (0, 0, 0)', async () => {
      expect(ser.shape).toEqual([2, 76, 87, 20]);
      expect(ser.index).toHaveLength(20);
      expect(ser.dtype).toBe('uint8');
      expect(Array.from((await ser.first()).data)).toEqual(FIRST_SERIES);
      const arr = await ser.toArray();
      expect(arr.get(0, 0, 0, 10)).toBe(25);
    });

    it('selects by index: between(0, 8) and select(i => i > 3 && i < 8)', async () => {
      expect(Array.from((await ser.between(0, 8).first()).data)).toEqual(FIRST_SERIES.slice(0, 8));
      const sel = ser.select((i) => (i as number) > 3 && (i as number) < 8);
      expect(sel.index).toEqual([4, 5, 6, 7]);
      expect(Array.from((await sel.first()).data)).toEqual([26, 26, 26, 25]);
    });

    it('finds the maximum per-series std 20.80931282', async () => {
      const m = await ser.map((x) => x.std()).max().toArray();
      expect(m.size).toBe(1);
      expect(m.data[0]).toBeCloseTo(20.80931282, 7);
    });

    it('summarises within records: means 25.8, 25.85, 25.7 ... and first std 0.4 over 13224 series', async () => {
      const means = await ser.map((x) => x.mean()).flatten().toArray();
      expect(means.shape).toEqual([13224]);
      expectClose(means.data.subarray(0, 3), [25.8, 25.85, 25.7], 10);
      const stds = await ser.map((x) => x.std()).flatten().toArray();
      expect(stds.data[0]).toBeCloseTo(0.4, 10);
      expect((await ser.map((x) => x.std()).toArray()).shape).toEqual([2, 76, 87]);
    });

    it('keeps 5898 normalized series with std > 0.01', async () => {
      const kept = ser.normalize().cache().filter((v) => v.std().gt(0.01));
      expect(await kept.count()).toBe(5898);
      expect(kept.shape).toEqual([5898, 20]);
    });

    it('correlates the first series with itself to 1', async () => {
      const first = await ser.first();
      const corr = await ser.correlate(first.data).first();
      expect(corr.data[0]).toBeCloseTo(1, 12);
    });

    it('keeps a normalized filtered record equal to the same voxel normalized', async () => {
      const normalized = ser.normalize();
      const kept = normalized.filter((v) => v.std().gt(0.01));
      const all = await normalized.flatten().toArray();
      const firstKept = await kept.first();
      // The first kept record is the first record (in key order) whose std exceeds 0.01.
      let k = 0;
      const row = (i: number): Float64Array => all.data.subarray(i * 20, (i + 1) * 20) as Float64Array;
      const sd = (r: Float64Array): number => {
        const m = r.reduce((a, b) => a + b, 0) / r.length;
        return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length);
      };
      while (!(sd(row(k)) > 0.01)) k++;
      expect(Array.from(firstKept.data)).toEqual(Array.from(row(k)));
    });
  });

  describe('example data shapes (data/README.md)', () => {
    let opt: EngineOptions;
    beforeAll(async () => {
      opt = await makeEngine();
    });

    it('series fish is [76, 87, 2, 20] uint8 and matches the images: series[x,y,z,t] == images[t,z,x,y]', async () => {
      const s = await series.fromExample('fish', opt);
      expect(s.shape).toEqual([76, 87, 2, 20]);
      expect(s.dtype).toBe('uint8');
      const sv = await s.toArray();
      const iv = await (await images.fromExample('fish', opt)).toArray();
      for (const [x, y, z, t] of [[0, 0, 0, 0], [75, 86, 1, 19], [30, 40, 1, 7], [10, 5, 0, 13]] as const) {
        expect(sv.get(x, y, z, t)).toBe(iv.get(t, z, x, y));
      }
    });

    it('mouse images are [20, 64, 64] int16, mouse series [64, 64, 20] int16 (one dataset, as Thunder 1.x), iris [150, 4]', async () => {
      const mi = await images.fromExample('mouse', opt);
      expect(mi.shape).toEqual([20, 64, 64]);
      expect(mi.dtype).toBe('int16');
      const ms = await series.fromExample('mouse', opt);
      expect(ms.shape).toEqual([64, 64, 20]);
      expect(ms.dtype).toBe('int16');
      // The keyed series and the Fortran-ordered images hold the same values (README).
      const sv = await ms.toArray();
      const iv = await mi.toArray();
      for (const [x, y, t] of [[0, 0, 0], [63, 63, 19], [12, 40, 5]] as const) expect(sv.get(x, y, t)).toBe(iv.get(t, x, y));
      const iris = await series.fromExample('iris', opt);
      expect(iris.shape).toEqual([150, 4]);
      expectClose((await iris.first()).data, [5.1, 3.5, 1.4, 0.2], 12);
    });
  });
}
