/** Thunder 1.4's test/test_blocks.py, one case per test function, same inputs and expected values. */
import { beforeAll, describe, expect, it } from 'vitest';
import { images, NDArray, type EngineOptions, type Images } from '../../../src/thunder/index.js';
import type { MakeEngine } from '../cases/helpers.js';
import { arange, concat, expectAllClose } from './helpers.js';

/** a[r0:r1, c0:c1] of a 2-d array, C order. */
function box(a: NDArray, r0: number, r1: number, c0: number, c1: number): number[] {
  const w = a.shape[1]!;
  const out: number[] = [];
  for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out.push(a.data[r * w + c]!);
  return out;
}

export function thunderBlocksCases(makeEngine: MakeEngine): void {
  describe('Thunder test_blocks.py', () => {
    let eng: EngineOptions;
    const fromList = (list: NDArray[]): Promise<Images> => images.fromArray(list, eng);
    beforeAll(async () => {
      eng = await makeEngine();
    });

    it('test_conversion', async () => {
      const a = arange(8, [4, 2]);
      const vals = await (await fromList([a, a])).toBlocks([2, 2]).collectBlocks();
      // truth = [array([a[0:2, 0:2], a[0:2, 0:2]]), array([a[2:4, 0:2], a[2:4, 0:2]])]
      expect(vals.map((v) => v.shape)).toEqual([[2, 2, 2], [2, 2, 2]]);
      expectAllClose(vals[0]!, concat(box(a, 0, 2, 0, 2), box(a, 0, 2, 0, 2)));
      expectAllClose(vals[1]!, concat(box(a, 2, 4, 0, 2), box(a, 2, 4, 0, 2)));
    });

    it('test_full', async () => {
      const a = arange(8, [4, 2]);
      const vals = await (await fromList([a, a])).toBlocks([4, 2]).collectBlocks();
      expect(vals).toHaveLength(1);
      expect(vals[0]!.shape).toEqual([2, 4, 2]);
      expectAllClose(vals[0]!, concat(a, a));
    });

    it('test_blocksize', async () => {
      const a = arange(100 * 100, [100, 100], 'int16');
      const data = await fromList(new Array(10).fill(a));
      expect(data.toBlocks([5, 5]).blockShape).toEqual([10, 5, 5]);
      // '1' kB per block of one image: 1000 bytes / (100 int16 per row * 2 bytes) = 5 rows
      expect(data.toBlocks('1').blockShape).toEqual([10, 5, 100]);
    });

    it('test_padding', async () => {
      const a = arange(30, [5, 6]);
      const data = await fromList([a, a]);
      const vals = await data.toBlocks([2, 3], [1, 1]).collectBlocks();
      expect(vals.map((v) => v.shape)).toEqual([[2, 3, 4], [2, 3, 4], [2, 4, 4], [2, 4, 4], [2, 2, 4], [2, 2, 4]]);
      const truth = (await data.toArray()).data;
      expectAllClose(await data.toBlocks([2, 3], 1).toArray(), truth);
      expectAllClose(await data.toBlocks([2, 3], [0, 1]).toArray(), truth);
      expectAllClose(await data.toBlocks([2, 3], [1, 1]).toArray(), truth);
    });

    it('test_count', async () => {
      const data = await fromList([arange(8, [2, 4])]);
      expect(await data.toBlocks([1, 1]).count()).toBe(8);
      expect(await data.toBlocks([1, 2]).count()).toBe(4);
      expect(await data.toBlocks([2, 2]).count()).toBe(2);
      expect(await data.toBlocks([2, 4]).count()).toBe(1);
    });

    it('test_conversion_series', async () => {
      const a = arange(8, [4, 2]);
      expectAllClose(await (await fromList([a])).toBlocks([1, 2]).toSeries().toArray(), a.data);
    });

    it('test_conversion_series_3d', async () => {
      const a = arange(24, [2, 3, 4]);
      expectAllClose(await (await fromList([a])).toBlocks([2, 3, 4]).toSeries().toArray(), a.data);
    });

    it('test_roundtrip', async () => {
      const a = arange(8, [4, 2]);
      const data = await fromList([a, a]);
      expectAllClose(await data.toBlocks([2, 2]).toImages().toArray(), (await data.toArray()).data);
    });

    it('test_series_roundtrip_simple', async () => {
      const a = arange(8, [4, 2]);
      const data = await fromList([a, a]);
      expectAllClose(await data.toSeries().toImages().toArray(), (await data.toArray()).data);
    });

    it('test_shape', async () => {
      const ones = new NDArray(new Float64Array(900).fill(1), [30, 30]);
      const blocks = (await fromList([ones, ones, ones])).toBlocks([10, 10]);
      const values = await blocks.collectBlocks();
      expect(blocks.blockShape).toEqual([3, 10, 10]);
      expect(values.every((v) => v.shape.join() === '3,10,10')).toBe(true);
    });

    it('test_map', async () => {
      const a = arange(8, [4, 2]);
      const data = await fromList([a, a]);
      const map1 = data.toBlocks([4, 2]).map((x) => x.mul(1.0), { dtype: 'float64' }).toImages();
      const map2 = data.toBlocks([4, 2]).map((x) => x.mul(1.0)).toImages();
      expect(map1.dtype).toBe('float64');
      expect(map2.dtype).toBe('float64');
    });

    it('test_map_generic', async () => {
      const a = arange(3 * 4, [3, 4]);
      const data = await fromList([a, a]);
      const b = await data.toBlocks([2, 2]).mapGeneric(() => [0, 1]);
      // an object array of shape (2, 2) (the block grid) whose every entry is [0, 1]
      expect(b).toHaveLength(2);
      expect(b.every((row) => Array.isArray(row) && row.length === 2)).toBe(true);
      expect((b as unknown[][]).flat()).toEqual([[0, 1], [0, 1], [0, 1], [0, 1]]);
    });
  });
}
