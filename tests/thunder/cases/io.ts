/** Loaders on Thunder's test resources (page sums from data/README.md) and writer round trips. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { images, NDArray, series, type EngineOptions, type Images } from '../../../src/thunder/index.js';
import { expectSame, fixtures, tempDir, type MakeEngine } from './helpers.js';

async function pageSums(imgs: Images): Promise<number[]> {
  const arr = await imgs.toArray();
  const shape = (await imgs.impl.toArray()).shape;
  const plane = shape[shape.length - 1]! * shape[shape.length - 2]!;
  const sums: number[] = [];
  for (let p = 0; p < arr.size / plane; p++) {
    let s = 0;
    for (let i = p * plane; i < (p + 1) * plane; i++) s += arr.data[i]!;
    sums.push(s);
  }
  return sums;
}

export function ioCases(makeEngine: MakeEngine): void {
  describe('loaders on Thunder test resources', () => {
    let opt: EngineOptions;
    beforeAll(async () => {
      opt = await makeEngine();
    });

    it('reads single-page LZW TIFFs with the documented sums', async () => {
      const imgs = await images.fromTif(join(fixtures, 'singlelayer_tif'), opt);
      expect(imgs.shape).toEqual([3, 70, 75]);
      expect(imgs.dtype).toBe('uint8');
      expect(await pageSums(imgs)).toEqual([1233881, 1212169, 1191300]);
      const first = await imgs.first();
      expect(Math.max(...first.data)).toBe(239);
      expect(Math.min(...first.data)).toBe(1);
    });

    it('reads multi-page TIFFs (uint8 LZW, float32, int16) as 3-d images', async () => {
      for (const name of ['dotdotdot_lzw.tif', 'dotdotdot_lzw2.tif', 'dotdotdot_float32.tif']) {
        const imgs = await images.fromTif(join(fixtures, 'multilayer_tif', name), opt);
        expect(imgs.shape).toEqual([1, 3, 70, 75]);
        expect(await pageSums(imgs)).toEqual([1140006, 1119161, 1098917]);
      }
      expect((await images.fromTif(join(fixtures, 'multilayer_tif', 'dotdotdot_float32.tif'), opt)).dtype).toBe('float32');
      const signed = await images.fromTif(join(fixtures, 'multilayer_tif', 'test_signed.tif'), opt);
      expect(signed.shape).toEqual([1, 2, 120, 120]);
      expect(signed.dtype).toBe('int16');
      expect(await pageSums(signed)).toEqual([1973201, 2254767]);
    });

    it('splits pages with nplanes, and drops extra pages with discardExtra', async () => {
      const split = await images.fromTif(join(fixtures, 'multilayer_tif', 'dotdotdot_lzw.tif'), { ...opt, nplanes: 1 });
      expect(split.shape).toEqual([3, 70, 75]);
      const pairs = await images.fromTif(join(fixtures, 'multilayer_tif', 'dotdotdot_lzw.tif'), { ...opt, nplanes: 2, discardExtra: true });
      expect(pairs.shape).toEqual([1, 2, 70, 75]);
      expect(await pageSums(pairs)).toEqual([1140006, 1119161]);
    });

    it('selects files with a glob and start/stop', async () => {
      const some = await images.fromTif(join(fixtures, 'singlelayer_tif', 'dot*_grey_lzw.tif'), { ...opt, start: 1, stop: 3 });
      expect(await pageSums(some)).toEqual([1212169, 1191300]);
    });

    it('reads PNGs with the same pixels as the TIFFs', async () => {
      const png = await images.fromPng(join(fixtures, 'singlelayer_png'), opt);
      expect(png.shape).toEqual([3, 70, 75]);
      expect(await pageSums(png)).toEqual([1233881, 1212169, 1191300]);
    });
  });

  describe('round trips', () => {
    let opt: EngineOptions;
    let fish: Images;
    beforeAll(async () => {
      opt = await makeEngine();
      fish = await images.fromExample('fish', opt);
    });

    it('toSeries().toImages() reproduces the images bit for bit', async () => {
      const back = fish.toSeries().toImages();
      expect(back.shape).toEqual(fish.shape);
      expect(back.dtype).toBe('uint8');
      expectSame((await back.toArray()).data, (await fish.toArray()).data);
    });

    it('images toBinary -> fromBinary (uint8 and float64) with conf.json', async () => {
      const dir = join(await tempDir(), 'bin');
      await fish.toBinary(dir);
      const files = (await readdir(dir)).sort();
      expect(files).toContain('conf.json');
      expect(files).toContain('SUCCESS');
      expect(files).toContain('image-00019.bin');
      expect(JSON.parse(await readFile(join(dir, 'conf.json'), 'utf8'))).toEqual({ shape: [2, 76, 87], dtype: 'uint8' });
      const back = await images.fromBinary(dir, opt);
      expect(back.shape).toEqual([20, 2, 76, 87]);
      expectSame((await back.toArray()).data, (await fish.toArray()).data);
      const rnd = await images.fromRandom([3, 4, 5], 7, opt);
      const dir2 = join(await tempDir(), 'bin');
      await rnd.toBinary(dir2);
      expectSame((await (await images.fromBinary(dir2, opt)).toArray()).data, (await rnd.toArray()).data);
    });

    it('toTif -> fromTif reproduces uint8 stacks, int16 and float32/float64 images bit for bit', async () => {
      const dir = join(await tempDir(), 'tif');
      await fish.toTif(dir);
      expect((await readdir(dir)).sort()[0]).toBe('image-00000.tif');
      const back = await images.fromTif(dir, opt);
      expect(back.shape).toEqual([20, 2, 76, 87]);
      expectSame((await back.toArray()).data, (await fish.toArray()).data);
      const signed = await images.fromTif(join(fixtures, 'multilayer_tif', 'test_signed.tif'), opt);
      const rnd = await images.fromRandom([2, 5, 7], 3, opt);
      for (const im of [signed, rnd, rnd.astype('float32')]) {
        const d = join(await tempDir(), 'tif');
        await im.toTif(d);
        const again = await images.fromTif(d, opt);
        expect(again.dtype).toBe(im.dtype);
        expect(again.shape).toEqual(im.shape);
        expectSame((await again.toArray()).data, (await im.toArray()).data);
      }
    });

    it('toPng -> fromPng reproduces 2-d uint8 images', async () => {
      const planes = fish.maxProjection(0);
      expect(planes.shape).toEqual([20, 76, 87]);
      const dir = join(await tempDir(), 'png');
      await planes.toPng(dir);
      const back = await images.fromPng(dir, opt);
      expectSame((await back.toArray()).data, (await planes.toArray()).data);
    });

    it('series toBinary -> fromBinary reproduces values (uint8 and float64)', async () => {
      const ser = fish.toSeries();
      const dir = join(await tempDir(), 'series');
      await ser.toBinary(dir);
      const back = await series.fromBinary(dir, opt);
      expect(back.shape).toEqual([2, 76, 87, 20]);
      expect(back.dtype).toBe('uint8');
      expectSame((await back.toArray()).data, (await ser.toArray()).data);
      const norm = ser.normalize();
      const dir2 = join(await tempDir(), 'series');
      await norm.toBinary(dir2);
      expectSame((await (await series.fromBinary(dir2, opt)).toArray()).data, (await norm.toArray()).data);
    });

    it('series from text skips key columns', async () => {
      const dir = await tempDir();
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(dir, 'a.txt'), '0 1 2 3\n1 4 5 6\n');
      const s = await series.fromText(dir, { ...opt, skip: 1 });
      expect(s.shape).toEqual([2, 3]);
      expect(Array.from((await s.toArray()).data)).toEqual([1, 2, 3, 4, 5, 6]);
      const iris = await series.fromText(join(fixtures, '..', '..', '..', 'data', 'iris'), { ...opt, skip: 1 });
      expect(iris.shape).toEqual([150, 4]);
      expect(Array.from((await iris.first()).data)).toEqual([5.1, 3.5, 1.4, 0.2]);
    });

    it('fromArray keeps NDArray dtypes and fromRandom is deterministic per seed', async () => {
      const a = await images.fromArray(new NDArray(Uint16Array.from([1, 2, 3, 4]), [2, 2]), opt);
      expect(a.shape).toEqual([1, 2, 2]);
      expect(a.dtype).toBe('uint16');
      const r1 = await (await series.fromRandom([4, 6], 11, opt)).toArray();
      const r2 = await (await series.fromRandom([4, 6], 11, opt)).toArray();
      expectSame(r1.data, r2.data);
    });
  });
}
