/**
 * Issue 11, items 3, 4 and 6 for Images and its loaders/writers: each case is a probe that
 * failed (silently wrong, or the wrong error) before the fix, on the engine under test.
 */
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFormatError, InvalidArgumentError } from '../../../src/common/errors.js';
import { images, NDArray, series, type EngineOptions } from '../../../src/thunder/index.js';
import { toBytes } from '../../../src/thunder/io/binary.js';
import { fixtures, tempDir, type MakeEngine } from '../cases/helpers.js';
import { arange, expectAllClose, sums } from './helpers.js';

const tifDir = join(fixtures, 'singlelayer_tif');
const DOT_SUMS = [1233881, 1212169, 1191300];

export function imagesProbeCases(makeEngine: MakeEngine): void {
  describe('issue 11 probes: Images and image files', () => {
    let eng: EngineOptions;
    beforeAll(async () => {
      eng = await makeEngine();
    });

    it("fromTif({ ext: 'tif' }) also reads .tiff files, as Thunder", async () => {
      const dir = await tempDir();
      const names = ['dot1_grey_lzw', 'dot2_grey_lzw', 'dot3_grey_lzw'];
      for (const [i, n] of names.entries()) await writeFile(join(dir, `${n}.${i === 1 ? 'tiff' : 'tif'}`), await readFile(join(tifDir, `${n}.tif`)));
      for (const ext of ['tif', 'tiff']) {
        const data = await images.fromTif(dir, { ...eng, ext });
        expect(sums(await data.toArray())).toEqual(DOT_SUMS);
      }
    });

    it('a list of twelve 1-d arrays has Thunder’s shape on this engine; a 2-d array is one image on both', async () => {
      const rows = Array.from({ length: 12 }, (_, i) => new NDArray(Float64Array.from({ length: 5 }, (_, j) => 5 * i + j), [5]));
      const data = await images.fromArray(rows, eng);
      // Thunder's fromlist: locally stacked by fromarray into one image, on Spark one record per item
      expect(data.shape).toEqual(eng.engine === undefined ? [1, 12, 5] : [12, 5]);
      expectAllClose(await data.toArray(), Array.from({ length: 60 }, (_, k) => k));
      expectAllClose(await data.first(), eng.engine === undefined ? Array.from({ length: 60 }, (_, k) => k) : [0, 1, 2, 3, 4]);
      const stacked = await images.fromArray(arange(60, [12, 5]), eng);
      expect(stacked.shape).toEqual([1, 12, 5]);
    });

    it('symlinked image files are followed by fromTif and fromBinary', async () => {
      const dir = await tempDir();
      const links = join(dir, 'links');
      await mkdir(links);
      for (const n of ['dot1_grey_lzw', 'dot2_grey_lzw', 'dot3_grey_lzw']) await symlink(join(tifDir, `${n}.tif`), join(links, `${n}.tif`));
      const tifs = await images.fromTif(links, eng);
      expect(tifs.shape).toEqual([3, 70, 75]);
      expect(sums(await tifs.toArray())).toEqual(DOT_SUMS);

      const bins = join(dir, 'bins');
      const binLinks = join(dir, 'bin-links');
      await mkdir(bins);
      await mkdir(binLinks);
      for (let i = 0; i < 3; i++) {
        await writeFile(join(bins, `im${i}.bin`), toBytes(arange(4 * i, 4 * i + 4, [2, 2], 'int16').data));
        await symlink(join(bins, `im${i}.bin`), join(binLinks, `im${i}.bin`));
      }
      const loaded = await images.fromBinary(binLinks, { ...eng, shape: [2, 2], dtype: 'int16' });
      expect(loaded.shape).toEqual([3, 2, 2]);
      expectAllClose(await loaded.toArray(), Array.from({ length: 12 }, (_, k) => k));
    });

    it('an empty start/stop range is named as such (the files exist)', async () => {
      const err = await images.fromTif(tifDir, { ...eng, start: 5, stop: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect(String(err)).toMatch(/start\/stop.*3 files.*empty range start 5, stop 2/);
    });

    it('every loader option is validated: unknown names and wrong types name the option', async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'a.bin'), toBytes(arange(4, [2, 2], 'int16').data));
      const probes: [() => Promise<unknown>, RegExp][] = [
        [() => images.fromTif(tifDir, { ...eng, nplane: 1 } as never), /fromTif\(nplane\)/],
        [() => images.fromTif(tifDir, { ...eng, discardExtra: 'yes' } as never), /discardExtra/],
        [() => images.fromTif(tifDir, { ...eng, start: 1.5 } as never), /start/],
        [() => images.fromTif(tifDir, { ...eng, recursive: 1 } as never), /recursive/],
        [() => images.fromPng(tifDir, { ...eng, ext: 3 } as never), /ext/],
        [() => images.fromBinary(dir, { ...eng, shape: [2, 2], nplanes: 0 }), /nplanes/],
        [() => images.fromBinary(dir, { ...eng, shape: [2, 2], nplanes: 3 }), /nplanes/],
        [() => images.fromBinary(dir, { ...eng, shape: [2, 2], skip: 1 } as never), /fromBinary\(skip\)/],
        [() => images.fromBinary(dir, { ...eng, shape: [2, 2], dtype: 'uint32' } as never), /fromBinary\(dtype\)/],
        [() => images.fromArray([[1, 2], [3, 4]], { ...eng, labels: 'ab' } as never), /labels/],
        [() => images.fromArray([[1, 2], [3, 4]], { ...eng, labels: [1, 2] }), /labels/],
        [() => images.fromArray([[1, 2], [3, 4]], { ...eng, label: [1] } as never), /fromArray\(label\)/],
        [() => images.fromRandom([2, 3, 3], 1.5, eng), /seed/],
        [() => images.fromExample('fish', { ...eng, stop: 2 } as never), /fromExample\(stop\)/],
      ];
      for (const [p, re] of probes) {
        const err = await p().catch((e: unknown) => e);
        expect(err, String(re)).toBeInstanceOf(InvalidArgumentError);
        expect(String(err)).toMatch(re);
      }
    });

    it('every Images argument is validated at run time', async () => {
      const data = await images.fromArray(arange(24, [2, 3, 4]), eng);
      const calls: [() => unknown, RegExp][] = [
        [() => data.astype('uint32' as never), /astype\(dtype\)/],
        [() => data.astype('complex64' as never), /astype\(dtype\)/],
        [() => data.map((x) => x, { dtype: 'uint32' } as never), /map\(dtype\)/],
        [() => data.map((x) => x, { valueshape: [24] } as never), /map\(valueshape\)/],
        [() => data.map(3 as never), /map\(fn\)/],
        [() => data.slice(0.5), /slice\(start\)/],
        [() => data.clip(5, 2), /clip/],
        [() => data.clip('1' as never), /clip\(min\)/],
        [() => data.repartition(0), /repartition/],
        [() => data.subtract(null as never), /subtract\(value\)/],
        [() => data.getItem(null, 3), /getItem\(keys\[1\]\)/],
        [() => data.getItem(null, { start: 2, stop: 1 }), /getItem\(keys\[1\]\)/],
        [() => data.getItem(null, { from: 1 } as never), /getItem\(keys\[1\]\)/],
        [() => data.toBlocks([2, 5]), /toBlocks\(size\)\[1\]/],
        [() => data.toBlocks('abc'), /toBlocks\(size\)/],
        [() => data.toBlocks([1, 1], -1), /toBlocks\(padding\)/],
        [() => data.mapAsSeries((v) => v, { chunkSize: [1, 1] } as never), /mapAsSeries\(chunkSize\)/],
        [() => data.mapAsSeries((v) => v, { valueSize: 3 }), /mapAsSeries\(valueSize\)/],
      ];
      for (const [call, re] of calls) {
        let err: unknown;
        try {
          call();
        } catch (e) {
          err = e;
        }
        expect(err, String(re)).toBeInstanceOf(InvalidArgumentError);
        expect(String(err)).toMatch(re);
      }
      const out = join(await tempDir(), 'x');
      for (const [p, re] of [
        [() => data.sample(1, 0.5), /sample\(seed\)/],
        [() => data.toTif(out, { overwite: true } as never), /toTif\(overwite\)/],
        [() => data.toBinary(out, { prefix: 'a/b' }), /toBinary\(prefix\)/],
        [() => data.toPng(out, { overwrite: 'yes' } as never), /toPng\(overwrite\)/],
      ] as const) {
        const err = await p().catch((e: unknown) => e);
        expect(err, String(re)).toBeInstanceOf(InvalidArgumentError);
        expect(String(err)).toMatch(re);
      }
    });

    it('Blocks.map applies the function per block with padding and puts the cores back', async () => {
      const a = arange(30, [5, 6]);
      const data = await images.fromArray([a, a], eng);
      const doubled = data.toBlocks([2, 3], [1, 1]).map((x) => x.mul(2).add(1));
      expectAllClose(await doubled.toArray(), Array.from({ length: 60 }, (_, k) => 2 * (k % 30) + 1));
      // a function of the whole block: each pixel minus the maximum of its padded block
      const a2 = arange(8, [2, 4]);
      const blocks = (await images.fromArray([a2], eng)).toBlocks([1, 2], 1).map((x) => x.sub(x.max()));
      // padded blocks of [[0..3], [4..7]] with 1 pixel: rows 0-1 x cols 0-2 (max 6) and 1-3 (max 7), same for row 1
      expectAllClose(await blocks.toArray(), [0 - 6, 1 - 6, 2 - 7, 3 - 7, 4 - 6, 5 - 6, 6 - 7, 7 - 7]);
    });

    it('astype to a dtype we do not store is refused at the call on Images and Series', async () => {
      const data = await images.fromArray(arange(8, [2, 2, 2]), eng);
      for (const dt of ['uint32', 'int8', 'complex64']) {
        expect(() => data.astype(dt as never)).toThrow(InvalidArgumentError);
        expect(() => data.toSeries().astype(dt as never)).toThrow(InvalidArgumentError);
      }
    });

    // The bytes numpy writes for these values, by hand: <i8 two's complement little-endian; <f2
    // sign | (exponent + 15) << 10 | significand bits: -3.69921875 = -(1894/512) → 0xC366, 2.5 →
    // 0x4100, Inf → 0x7C00, 0.333251953125 → 0x3555.
    it('(not in Thunder) int64 and float16 images: toBinary writes numpy <i8 / <f2, fromBinary reads them back, toTif refuses them', async () => {
      const data = await images.fromArray(new NDArray(Float64Array.from([-3.7, 2.5, 70000, 1 / 3]), [1, 2, 2]), eng);
      const cases = [
        { dtype: 'int64', values: [-3, 2, 70000, 0], bytes: [0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0x70, 0x11, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
        { dtype: 'float16', values: [-1894 / 512, 2.5, Infinity, 0.333251953125], bytes: [0x66, 0xc3, 0x00, 0x41, 0x00, 0x7c, 0x55, 0x35] },
      ] as const;
      for (const c of cases) {
        const typed = data.astype(c.dtype);
        expect(typed.dtype).toBe(c.dtype);
        const dir = join(await tempDir(), c.dtype);
        await typed.toBinary(dir);
        const bins = (await readdir(dir)).filter((f) => f.endsWith('.bin'));
        expect(bins).toHaveLength(1);
        expect(Array.from(await readFile(join(dir, bins[0]!)))).toEqual(c.bytes);
        expect(JSON.parse(await readFile(join(dir, 'conf.json'), 'utf8'))).toEqual({ shape: [2, 2], dtype: c.dtype });
        const back = await images.fromBinary(dir, eng);
        expect(back.dtype).toBe(c.dtype);
        const arr = await back.toArray();
        expect(arr.dtype).toBe(c.dtype);
        expect(Array.from(arr.data)).toEqual(c.values);
        await expect(typed.toTif(join(await tempDir(), 't'))).rejects.toThrow(InvalidArgumentError);
      }
      // An int64 file value a number cannot hold (2^53 = 00 00 00 00 00 00 20 00) fails the read
      // with a DataFormatError (at the load locally, at the first action on Spark), never rounded.
      const big = await tempDir();
      await writeFile(join(big, 'a.bin'), Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0]));
      await expect((async () => (await images.fromBinary(big, { ...eng, shape: [2], dtype: 'int64' })).toArray())()).rejects.toThrow(DataFormatError);
      // map with an int64 result, and a max that keeps the dtype.
      const doubled = data.astype('int64').map((x) => x.mul(2), { dtype: 'int64' });
      expect(Array.from((await doubled.toArray()).data)).toEqual([-6, 4, 140000, 0]);
      expect((await data.astype('float16').max().toArray()).dtype).toBe('float16');
    });

    it('an unsupported dtype option is an InvalidArgumentError on images and series loaders; between(5, 2) names between', async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'a.bin'), toBytes(arange(4, [2, 2], 'int16').data));
      await expect(images.fromBinary(dir, { ...eng, shape: [2, 2], dtype: 'complex64' } as never)).rejects.toThrow(InvalidArgumentError);
      await expect(series.fromBinary(dir, { ...eng, shape: [2, 2], dtype: 'complex64' } as never)).rejects.toThrow(InvalidArgumentError);
      const ser = await series.fromArray(arange(8, [2, 4]), eng);
      expect(() => ser.between(5, 2)).toThrow(/between\(left, right\)/);
    });

    it('writers into a parent that cannot hold the target throw a DataFormatError naming the target', async () => {
      const dir = await tempDir();
      const file = join(dir, 'not-a-dir');
      await writeFile(file, 'x');
      const data = await images.fromArray(arange(8, [2, 2, 2], 'uint8'), eng);
      for (const write of [
        (p: string) => data.toTif(p),
        (p: string) => data.toBinary(p),
        (p: string) => data.toPng(p),
        (p: string) => data.toSeries().toBinary(p),
      ]) {
        const target = join(file, 'out');
        const err = await write(target).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DataFormatError);
        expect((err as DataFormatError).path).toBe(target);
      }
      // a parent without write permission (ineffective for root, which may write anyway)
      const locked = join(dir, 'locked');
      await mkdir(locked);
      await chmod(locked, 0o555);
      const canWrite = await writeFile(join(locked, 'probe'), '').then(() => true, () => false);
      if (!canWrite) {
        const err = await data.toTif(join(locked, 'out')).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DataFormatError);
        expect((err as DataFormatError).path).toBe(join(locked, 'out'));
      }
      await chmod(locked, 0o755);
    });

    it('overwrite refuses a folder holding files the writer did not write, and replaces an earlier output', async () => {
      const dir = await tempDir();
      const target = join(dir, 'out');
      await mkdir(target);
      await writeFile(join(target, 'notes.txt'), 'my notes');
      const data = await images.fromArray(arange(8, [2, 2, 2], 'uint8'), eng);
      for (const write of [(p: string) => data.toTif(p, { overwrite: true }), (p: string) => data.toBinary(p, { overwrite: true }), (p: string) => data.toSeries().toBinary(p, { overwrite: true })]) {
        const err = await write(target).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DataFormatError);
        expect(String(err)).toMatch(/notes\.txt/);
        expect(await readFile(join(target, 'notes.txt'), 'utf8')).toBe('my notes');
      }
      const earlier = join(dir, 'earlier');
      await data.toBinary(earlier);
      await data.toTif(earlier, { overwrite: true });
      expect((await readdir(earlier)).sort()).toEqual(['image-00000.tif', 'image-00001.tif']);
      expect((await stat(earlier)).isDirectory()).toBe(true);
    });
  });
}
