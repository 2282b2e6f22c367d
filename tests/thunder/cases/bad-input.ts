/**
 * Bad input: every case throws a typed error naming the file or argument, writes nothing, and
 * leaves the engine usable. Also the documented NaN/±Inf behaviour of the statistics.
 */
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFormatError, InvalidArgumentError } from '../../../src/common/errors.js';
import { images, NDArray, series, type EngineOptions, type Images, type Series } from '../../../src/thunder/index.js';
import { fixtures, tempDir, type MakeEngine } from './helpers.js';
import { rejectsWith, throwsWith } from '../../helpers/errors.js';

export function badInputCases(makeEngine: MakeEngine): void {
  describe('bad input', () => {
    let opt: EngineOptions;
    let ser: Series;
    let fish: Images;
    beforeAll(async () => {
      opt = await makeEngine();
      fish = await images.fromExample('fish', opt);
      ser = fish.toSeries();
    });

    it('a path or glob with no files names the path', async () => {
      const dir = await tempDir();
      await rejectsWith(images.fromTif(join(dir, 'missing'), opt), DataFormatError, 'missing');
      await rejectsWith(images.fromTif(join(dir, '*.tif'), opt), DataFormatError, '.tif');
      await rejectsWith(images.fromPng(dir, opt), DataFormatError, dir);
      await rejectsWith(series.fromBinary(dir, { ...opt, shape: [2, 2], dtype: 'uint8' }), DataFormatError, dir);
    });

    it('a truncated or corrupt TIFF names the file', async () => {
      const dir = await tempDir();
      const bytes = await readFile(join(fixtures, 'multilayer_tif', 'dotdotdot_lzw.tif'));
      await writeFile(join(dir, 'truncated.tif'), bytes.subarray(0, 1000));
      await rejectsWith(images.fromTif(join(dir, 'truncated.tif'), opt), DataFormatError, 'truncated.tif');
      await writeFile(join(dir, 'garbage.tif'), Buffer.from('this is not a tiff at all, just text'));
      await rejectsWith(images.fromTif(join(dir, 'garbage.tif'), opt), DataFormatError, 'garbage.tif');
    });

    it('images of different shapes or dtypes in one stack name the odd file', async () => {
      const dir = await tempDir();
      await copyFile(join(fixtures, 'singlelayer_tif', 'dot1_grey_lzw.tif'), join(dir, 'a.tif'));
      await copyFile(join(fixtures, 'multilayer_tif', 'dotdotdot_lzw.tif'), join(dir, 'b.tif'));
      await rejectsWith(images.fromTif(dir, opt), DataFormatError, 'b.tif');
      const dir2 = await tempDir();
      await copyFile(join(fixtures, 'multilayer_tif', 'dotdotdot_lzw.tif'), join(dir2, 'a.tif'));
      await copyFile(join(fixtures, 'multilayer_tif', 'dotdotdot_float32.tif'), join(dir2, 'b.tif'));
      await rejectsWith(images.fromTif(dir2, opt), DataFormatError, 'float32');
      await rejectsWith(images.fromArray([new NDArray(new Uint8Array(4), [2, 2]), new NDArray(new Uint8Array(6), [2, 3])], opt), InvalidArgumentError, '[2, 3]');
    });

    it('nplanes not dividing the page count fails unless discardExtra', async () => {
      const file = join(fixtures, 'multilayer_tif', 'dotdotdot_lzw.tif');
      await rejectsWith(images.fromTif(file, { ...opt, nplanes: 2 }), DataFormatError, 'dotdotdot_lzw.tif');
      await rejectsWith(images.fromTif(file, { ...opt, nplanes: 0 }), InvalidArgumentError, 'nplanes');
    });

    it('a conf.json that disagrees with the file size names the file', async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'image-00000.bin'), new Uint8Array(10));
      await writeFile(join(dir, 'conf.json'), JSON.stringify({ shape: [3, 3], dtype: 'uint8' }));
      await rejectsWith(images.fromBinary(dir, opt), DataFormatError, 'image-00000.bin');
      const sdir = await tempDir();
      await writeFile(join(sdir, 'series-00000.bin'), new Uint8Array(10));
      await writeFile(join(sdir, 'conf.json'), JSON.stringify({ shape: [3, 4], dtype: 'uint8' }));
      await rejectsWith(series.fromBinary(sdir, opt), DataFormatError, 'series-00000.bin');
      const kdir = await tempDir();
      await writeFile(join(kdir, 'keys.bin'), new Uint8Array(11));
      await writeFile(join(kdir, 'conf.json'), JSON.stringify({ nkeys: 1, keytype: 'int16', valuetype: 'uint8', nvalues: 2 }));
      await rejectsWith(series.fromBinary(kdir, opt), DataFormatError, 'keys.bin');
    });

    it('an unsupported dtype is refused by name', async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'image-00000.bin'), new Uint8Array(32));
      await writeFile(join(dir, 'conf.json'), JSON.stringify({ shape: [2, 2], dtype: 'uint32' }));
      await rejectsWith(images.fromBinary(dir, opt), DataFormatError, 'uint32');
      // a dtype in a file is a DataFormatError naming the file; one given as an option an InvalidArgumentError
      await rejectsWith(series.fromText(dir, { ...opt, dtype: 'complex128' as never }), InvalidArgumentError, 'complex128');
    });

    it('a signal whose length differs from the series length names the argument', () => {
      throwsWith(() => ser.correlate([1, 2, 3]), 'correlate(signal)');
      throwsWith(() => ser.crosscorr([1, 2, 3], 1), 'crosscorr(signal)');
      throwsWith(() => ser.fourier(10), 'fourier(freq)');
      throwsWith(() => ser.meanByWindow([19], 4), 'meanByWindow');
    });

    it('select leaving no time points fails', () => {
      throwsWith(() => ser.select((i) => (i as number) > 100), 'select');
      throwsWith(() => ser.between(30, 40), 'between(left, right)');
    });

    it('sample(n) returns every record when n exceeds the count; n < 1 fails', async () => {
      const small = await series.fromArray([[1, 2], [3, 4]], opt);
      expect(await (await small.sample(5)).count()).toBe(2);
      await rejectsWith(small.sample(0), InvalidArgumentError, 'sample(n)');
    });

    it('a lambda outside the vocabulary fails at the call and lists what is supported', () => {
      throwsWith(() => ser.map((v) => (v as unknown as { median2(): never }).median2()), 'std()');
      throwsWith(() => ser.filter((v) => (v.std() as unknown as number) > 1 as never), 'gt(');
      throwsWith(() => ser.map(() => 3 as never), 'traced value');
      throwsWith(() => ser.filter((v) => v.std()), 'boolean');
      throwsWith(() => ser.map((v) => v.add([1, 2, 3])), 'length');
      throwsWith(() => fish.map((im) => (im as unknown as { fft(): never }).fft()), 'mean()');
    });

    it('writers refuse bad targets and leave nothing half-written', async () => {
      const root = await tempDir();
      const target = join(root, 'out');
      await rejectsWith(fish.toPng(target), InvalidArgumentError, 'toPng');
      expect(await readdir(root)).toEqual([]);
      await rejectsWith(fish.astype('float64').toPng(join(root, 'f')), InvalidArgumentError, 'toPng');
      expect(await readdir(root)).toEqual([]);
      await mkdir(target);
      await writeFile(join(target, 'keep.txt'), 'precious');
      await rejectsWith(fish.toTif(target), InvalidArgumentError, 'overwrite');
      expect(await readdir(target)).toEqual(['keep.txt']);
      // overwrite replaces only an earlier output: a folder holding other files is refused and kept
      await rejectsWith(fish.slice(0, 2).toTif(target, { overwrite: true }), DataFormatError, 'keep.txt');
      expect(await readdir(target)).toEqual(['keep.txt']);
      await rm(join(target, 'keep.txt'));
      await fish.slice(0, 2).toTif(target, { overwrite: true });
      expect((await readdir(target)).sort()).toEqual(['image-00000.tif', 'image-00001.tif']);
    });

    it('the engine stays usable after errors', async () => {
      await images.fromTif('/nonexistent/dir', opt).catch(() => undefined);
      expect(await (await images.fromExample('fish', opt)).count()).toBe(20);
    });
  });

  describe('NaN and ±Inf (documented behaviour)', () => {
    let opt: EngineOptions;
    let data: Series;
    beforeAll(async () => {
      opt = await makeEngine();
      data = await series.fromArray([[1, Number.NaN, 3], [1, 2, 3], [Infinity, 1, 2], [4, 4, 4]], opt);
    });

    const per = async (s: Series): Promise<number[]> => Array.from((await s.flatten().toArray()).data);

    it('within-record statistics propagate NaN; Inf gives Inf sums and NaN spreads', async () => {
      const [m0, m1, m2] = await per(data.map((v) => v.mean()));
      expect(m0).toBeNaN();
      expect(m1).toBe(2);
      expect(m2).toBe(Infinity);
      const sd = await per(data.map((v) => v.std()));
      expect(sd[0]).toBeNaN();
      expect(sd[2]).toBeNaN();
      expect(sd[3]).toBe(0);
      const mx = await per(data.map((v) => v.max()));
      expect(mx[0]).toBeNaN();
      expect(mx[2]).toBe(Infinity);
      const mn = await per(data.map((v) => v.min()));
      expect(mn[0]).toBeNaN();
      expect((await per(data.map((v) => v.percentile(50))))[0]).toBeNaN();
      expect((await per(data.map((v) => v.sum())))[2]).toBe(Infinity);
    });

    it('comparisons with NaN are false, so filters drop NaN records', async () => {
      expect(await data.filter((v) => v.std().ge(0)).count()).toBe(2);
      expect(await data.filter((v) => v.std().lt(0).not()).count()).toBe(4);
    });

    it('statistics across records propagate NaN per position', async () => {
      const m = Array.from((await data.mean().toArray()).data);
      expect(m[1]).toBeNaN();
      expect(m[0]).toBe(Infinity);
      const mx = Array.from((await data.max().toArray()).data);
      expect(mx[1]).toBeNaN();
      expect(mx[0]).toBe(Infinity);
      expect(Array.from((await data.min().toArray()).data)[2]).toBe(2);
    });

    it('correlation of a constant record is 0, division by a zero std gives ±Inf/NaN', async () => {
      expect((await per(data.correlate([1, 2, 4])))[3]).toBe(0);
      const z = Array.from((await (await series.fromArray([[4, 4, 4]], opt)).zscore().toArray()).data);
      z.forEach((x) => expect(x).toBeNaN());
      const s = Array.from((await (await series.fromArray([[4, 4, 4]], opt)).standardize().toArray()).data);
      expect(s).toEqual([Infinity, Infinity, Infinity]);
    });

    it('max() and min() of no records are an InvalidArgumentError (numpy and Thunder raise); sum is 0, mean NaN', async () => {
      // int32 data (no value of an integer dtype could stand for the max of nothing) and float64.
      const ints = await series.fromArray(new NDArray(Int32Array.from([1, 2, 3, 4]), [2, 2]), opt);
      const floats = await series.fromArray([[1.5, 2.5]], opt);
      const imgs = await images.fromArray([[[1, 2], [3, 4]]], opt);
      for (const data of [ints, floats]) {
        const none = data.filter((v) => v.max().gt(100));
        for (const stat of ['max', 'min'] as const) {
          const err = await rejectsWith((async () => none[stat]().toArray())(), InvalidArgumentError, `${stat}()`);
          expect(err.message).toContain('no records');
        }
        expect(Array.from((await none.sum().toArray()).data)).toEqual([0, 0]);
        expect(Array.from((await none.mean().toArray()).data)).toEqual([NaN, NaN]);
      }
      await rejectsWith((async () => imgs.filter((im) => im.max().gt(100)).max().toArray())(), InvalidArgumentError, 'max()');
      // The engine stays usable.
      expect(Array.from((await ints.max().toArray()).data)).toEqual([3, 4]);
    });
  });
}
