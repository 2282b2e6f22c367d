/**
 * Thunder 1.4's test/test_images_io.py, one case per test function, same inputs and expected
 * values. Cases without a counterpart here (bolt arrays, RDD keys, npartitions()) are listed in
 * docs/thunder-compat.md; the `*_keys` cases check what the RDD key says, that the first record is
 * image 0.
 */
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { images, type EngineOptions, type Images, type NDArray } from '../../../src/thunder/index.js';
import { toBytes } from '../../../src/thunder/io/binary.js';
import { fixtures, tempDir, type MakeEngine } from '../cases/helpers.js';
import { arange, concat, expectAllClose, sums } from './helpers.js';

const resources = fixtures.replace(/\/$/, '');

/** numpy's `a.tofile(path)`: raw little-endian values, C order. */
async function tofile(a: NDArray, path: string): Promise<void> {
  await writeFile(path, toBytes(a.data));
}

async function imageFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.startsWith('image')).sort();
}

export function thunderImagesIoCases(makeEngine: MakeEngine): void {
  describe('Thunder test_images_io.py', () => {
    let eng: EngineOptions;
    const fromList = (list: NDArray[]): Promise<Images> => images.fromArray(list, eng);
    beforeAll(async () => {
      eng = await makeEngine();
    });

    it('test_from_list', async () => {
      const a = arange(8, [2, 4]);
      const data = await fromList([a]);
      expect(data.shape).toEqual([1, 2, 4]);
      expect(data.valueShape).toEqual([2, 4]);
      expectAllClose(await data.toArray(), a.data);
    });

    it('test_from_array', async () => {
      const a = arange(8, [1, 2, 4]);
      const data = await images.fromArray(a, eng);
      expect(data.shape).toEqual([1, 2, 4]);
      expect(data.valueShape).toEqual([2, 4]);
      expectAllClose(await data.toArray(), a.data);
    });

    it('test_from_array_single', async () => {
      const a = arange(8, [2, 4]);
      const data = await images.fromArray(a, eng);
      expect(data.shape).toEqual([1, 2, 4]);
      expect(data.valueShape).toEqual([2, 4]);
      expectAllClose(await data.toArray(), a.data);
    });

    it('test_from_png', async () => {
      const data = await images.fromPng(join(resources, 'singlelayer_png', 'dot1_grey.png'), eng);
      expect(data.shape).toEqual([1, 70, 75]);
      const arr = await data.toArray();
      expect(arr.shape).toEqual([70, 75]);
      expect(Math.max(...arr.data)).toBe(239);
      expect(Math.min(...arr.data)).toBe(1);
    });

    it('test_from_png_keys', async () => {
      const data = await images.fromPng(join(resources, 'singlelayer_png', 'dot1_grey.png'), eng);
      expectAllClose(await data.first(), (await data.toArray()).data);
    });

    it('test_from_tif', async () => {
      const data = await images.fromTif(join(resources, 'singlelayer_tif', 'dot1_grey_lzw.tif'), eng);
      expect(data.shape).toEqual([1, 70, 75]);
      const arr = await data.toArray();
      expect(arr.shape).toEqual([70, 75]);
      expect(Math.max(...arr.data)).toBe(239);
      expect(Math.min(...arr.data)).toBe(1);
    });

    it('test_from_tif_keys', async () => {
      const data = await images.fromTif(join(resources, 'singlelayer_tif', 'dot1_grey_lzw.tif'), eng);
      expectAllClose(await data.first(), (await data.toArray()).data);
    });

    it('test_from_tif_many', async () => {
      const data = await images.fromTif(join(resources, 'singlelayer_tif', 'dot*_grey_lzw.tif'), eng);
      expect(data.shape).toEqual([3, 70, 75]);
      const arr = await data.toArray();
      expect(arr.shape).toEqual([3, 70, 75]);
      expect(sums(arr)).toEqual([1233881, 1212169, 1191300]);
    });

    for (const [name, file] of [['test_from_tif_multi_lzw', 'dotdotdot_lzw.tif'], ['test_from_tif_multi_float', 'dotdotdot_float32.tif']] as const) {
      it(name, async () => {
        const data = await images.fromTif(join(resources, 'multilayer_tif', file), eng);
        const val = await data.toArray();
        expect(data.shape).toEqual([1, 3, 70, 75]);
        expect(val.shape).toEqual([3, 70, 75]);
        expect(sums(val)).toEqual([1140006, 1119161, 1098917]);
      });
    }

    it('test_from_tif_multi_planes', async () => {
      const path = join(resources, 'multilayer_tif', 'dotdotdot_lzw.tif');
      expect((await images.fromTif(path, { ...eng, nplanes: 3 })).shape[0]).toBe(1);
      const data = await images.fromTif(path, { ...eng, nplanes: 1 });
      expect(data.shape[0]).toBe(3);
      const arr = await data.toArray();
      expect(arr.shape).toEqual([3, 70, 75]);
      expect(sums(arr)).toEqual([1140006, 1119161, 1098917]);
    });

    it('test_from_tif_multi_planes_discard_extra', async () => {
      const path = join(resources, 'multilayer_tif', 'dotdotdot_lzw.tif');
      const data = await images.fromTif(path, { ...eng, nplanes: 2, discardExtra: true });
      expect(data.shape[0]).toBe(1);
      expect(data.shape[1]).toBe(2);
      // Thunder raises when the data are read; here either at the call or at the first action.
      const attempt = async (): Promise<unknown> => (await images.fromTif(path, { ...eng, nplanes: 2, discardExtra: false })).toArray();
      await expect(attempt()).rejects.toThrow(/nplanes/);
    });

    it('test_from_tif_multi_planes_many', async () => {
      const path = join(resources, 'multilayer_tif', 'dotdotdot_lzw*.tif');
      let data = await images.fromTif(path, { ...eng, nplanes: 3 });
      expect(data.shape).toEqual([2, 3, 70, 75]);
      expect((await data.toArray()).shape).toEqual([2, 3, 70, 75]);
      data = await images.fromTif(path, { ...eng, nplanes: 1 });
      expect(data.shape).toEqual([6, 70, 75]);
      const arr = await data.toArray();
      expect(arr.shape).toEqual([6, 70, 75]);
      expect(sums(arr)).toEqual([1140006, 1119161, 1098917, 1140006, 1119161, 1098917]);
    });

    it('test_from_tif_multi_planes_variable', async () => {
      const path = join(resources, 'multilayer_tif', 'dotdot*_lzw*.tif');
      const data = await images.fromTif(path, { ...eng, nplanes: 1 });
      expect(data.shape).toEqual([8, 70, 75]);
      const arr = await data.toArray();
      expect(arr.shape).toEqual([8, 70, 75]);
      expect((await data.getItem(null, null, null).toArray()).shape).toEqual([8, 70, 75]);
      expect(sums(arr)).toEqual([1140006, 1119161, 1140006, 1119161, 1098917, 1140006, 1119161, 1098917]);
    });

    it('test_from_tif_signed', async () => {
      const data = await images.fromTif(join(resources, 'multilayer_tif', 'test_signed.tif'), { ...eng, nplanes: 1 });
      expect(data.dtype).toBe('int16');
      const arr = await data.toArray();
      expect(arr.shape).toEqual([2, 120, 120]);
      expect(sums(arr)).toEqual([1973201, 2254767]);
    });

    it('test_from_binary', async () => {
      const dir = await tempDir();
      const a = arange(8, [2, 4], 'int16');
      await tofile(a, join(dir, 'test.bin'));
      const data = await images.fromBinary(dir, { ...eng, shape: [2, 4], dtype: 'int16' });
      expect(data.dtype).toBe('int16');
      expect(data.shape).toEqual([1, 2, 4]);
      expectAllClose(await data.toArray(), a.data);
    });

    it('test_from_binary_keys', async () => {
      const dir = await tempDir();
      await tofile(arange(8, [2, 4], 'int16'), join(dir, 'test.bin'));
      const data = await images.fromBinary(dir, { ...eng, shape: [2, 4], dtype: 'int16' });
      expectAllClose(await data.first(), (await data.toArray()).data);
    });

    it('test_from_binary_many', async () => {
      const dir = await tempDir();
      const a = [arange(8, [2, 4], 'int16'), arange(8, 16, [2, 4], 'int16')];
      await tofile(a[0]!, join(dir, 'test0.bin'));
      await tofile(a[1]!, join(dir, 'test1.bin'));
      const data = await images.fromBinary(dir, { ...eng, shape: [2, 4], dtype: 'int16' });
      expect(data.dtype).toBe('int16');
      expect(data.shape).toEqual([2, 2, 4]);
      expectAllClose(await data.toArray(), concat(...a));
    });

    it('test_from_binary_conf', async () => {
      const dir = await tempDir();
      const a = [arange(8, [2, 4], 'int32'), arange(8, 16, [2, 4], 'int32')];
      await tofile(a[0]!, join(dir, 'test0.bin'));
      await tofile(a[1]!, join(dir, 'test1.bin'));
      await writeFile(join(dir, 'conf.json'), JSON.stringify({ dims: [2, 4], dtype: 'int32' }));
      const data = await images.fromBinary(dir, eng);
      expect(data.dtype).toBe('int32');
      expect(data.shape).toEqual([2, 2, 4]);
      expectAllClose(await data.toArray(), concat(...a));
    });

    it('test_from_binary_multi', async () => {
      const dir = await tempDir();
      const a = arange(24, [2, 3, 4], 'int16');
      await tofile(a, join(dir, 'test.bin'));
      const data = await images.fromBinary(dir, { ...eng, shape: [2, 3, 4], dtype: 'int16' });
      expect(data.dtype).toBe('int16');
      expect(data.shape).toEqual([1, 2, 3, 4]);
      expectAllClose(await data.toArray(), a.data);
    });

    it('test_from_binary_multi_planes_many', async () => {
      const dir = await tempDir();
      await tofile(arange(16, [4, 2, 2], 'int16'), join(dir, 'test0.bin'));
      await tofile(arange(16, 32, [4, 2, 2], 'int16'), join(dir, 'test1.bin'));
      let data = await images.fromBinary(dir, { ...eng, shape: [4, 2, 2], dtype: 'int16', nplanes: 2 });
      expect(data.shape).toEqual([2, 4, 2, 2]);
      expect((await data.toArray()).shape).toEqual([2, 4, 2, 2]);
      data = await images.fromBinary(dir, { ...eng, shape: [4, 2, 2], dtype: 'int16', nplanes: 1 });
      expect(data.shape).toEqual([4, 4, 2]);
      const arr = await data.toArray();
      expect(arr.shape).toEqual([4, 4, 2]);
      // numpy: file f, plane p is a[f][..., p]; the first file's planes are the even and odd values
      expectAllClose(arr, [0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15, 16, 18, 20, 22, 24, 26, 28, 30, 17, 19, 21, 23, 25, 27, 29, 31]);
    });

    it('test_to_binary', async () => {
      const dir = await tempDir();
      const a = [arange(8, [4, 2], 'int16'), arange(8, 16, [4, 2], 'int16')];
      await (await fromList(a)).toBinary(join(dir, 'binary'), { prefix: 'image' });
      expect(await imageFiles(join(dir, 'binary'))).toEqual(['image-00000.bin', 'image-00001.bin']);
      const conf = JSON.parse(await readFile(join(dir, 'binary', 'conf.json'), 'utf8')) as Record<string, unknown>;
      expect(conf['shape']).toEqual([4, 2]);
      expect(conf['dtype']).toBe('int16');
    });

    for (const [name, a] of [
      ['test_to_binary_roundtrip', [arange(8, [4, 2]), arange(8, 16, [4, 2])]],
      ['test_to_binary_roundtrip_3d', [arange(24, [2, 3, 4]), arange(24, 48, [2, 3, 4])]],
    ] as const) {
      it(name, async () => {
        const dir = await tempDir();
        const data = await fromList([...a]);
        await data.toBinary(join(dir, 'images'));
        const loaded = await images.fromBinary(join(dir, 'images'), eng);
        expectAllClose(await data.toArray(), (await loaded.toArray()).data);
      });
    }

    it('test_to_png', async () => {
      const dir = await tempDir();
      const a = [arange(8, [4, 2], 'int16'), arange(8, 16, [4, 2], 'int16')];
      await (await fromList(a)).toPng(join(dir, 'images'), { prefix: 'image' });
      expect(await imageFiles(join(dir, 'images'))).toEqual(['image-00000.png', 'image-00001.png']);
      // scipy's bytescale per image: (x - min) * (255 / (max - min)) + 0.5, truncated to uint8
      const back = await images.fromPng(join(dir, 'images'));
      expect(back.dtype).toBe('uint8');
      expectAllClose(await back.toArray(), concat([0, 36, 73, 109, 146, 182, 219, 255], [0, 36, 73, 109, 146, 182, 219, 255]));
    });

    it('test_to_png_roundtrip', async () => {
      const dir = await tempDir();
      const data = await fromList([arange(8, [4, 2], 'uint8')]);
      await data.toPng(join(dir, 'images'), { prefix: 'image' });
      const loaded = await images.fromPng(join(dir, 'images'));
      expectAllClose(await data.toArray(), (await loaded.toArray()).data);
    });

    it('test_to_tif', async () => {
      const dir = await tempDir();
      const a = [arange(8, [4, 2], 'int16'), arange(8, 16, [4, 2], 'int16')];
      await (await fromList(a)).toTif(join(dir, 'images'), { prefix: 'image' });
      expect(await imageFiles(join(dir, 'images'))).toEqual(['image-00000.tif', 'image-00001.tif']);
    });

    it('test_to_tif_roundtrip_multipage', async () => {
      const dir = await tempDir();
      const data = await fromList([arange(24, [2, 3, 4], 'int16'), arange(24, [2, 3, 4], 'int16')]);
      await data.toTif(join(dir, 'images'), { prefix: 'image' });
      const loaded = await images.fromTif(join(dir, 'images'));
      expectAllClose(await data.toArray(), (await loaded.toArray()).data);
    });

    it('test_to_tiff_roundtrip_multipage', async () => {
      const dir = await tempDir();
      const data = await fromList([arange(24, [2, 3, 4], 'int16'), arange(24, [2, 3, 4], 'int16')]);
      await data.toTif(join(dir, 'images'), { prefix: 'image' });
      for (const f of await readdir(join(dir, 'images'))) {
        if (f.endsWith('.tif')) await rename(join(dir, 'images', f), join(dir, 'images', `${f.slice(0, -4)}.tiff`));
      }
      expect(await imageFiles(join(dir, 'images'))).toEqual(['image-00000.tiff', 'image-00001.tiff']);
      const loaded = await images.fromTif(join(dir, 'images'));
      expectAllClose(await data.toArray(), (await loaded.toArray()).data);
    });

    for (const [name, dtype] of [['test_to_tif_roundtrip_8bit', 'uint8'], ['test_to_tif_roundtrip_16bit', 'uint16']] as const) {
      it(name, async () => {
        const dir = await tempDir();
        const data = await fromList([arange(8, [4, 2], dtype)]);
        await data.toTif(join(dir, 'images'), { prefix: 'image' });
        const loaded = await images.fromTif(join(dir, 'images'));
        expectAllClose(await data.toArray(), (await loaded.toArray()).data);
      });
    }

    it('test_from_example (its body, which Thunder skips with an early return)', async () => {
      expect((await images.fromExample('fish', eng)).shape).toEqual([20, 2, 76, 87]);
      expect((await images.fromExample('mouse', eng)).shape).toEqual([20, 64, 64]);
    });
  });
}

