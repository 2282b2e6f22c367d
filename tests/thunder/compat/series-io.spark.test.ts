/**
 * Thunder 1.4.2's test/test_series_io.py, ported case by case on both engines of Thunder's `eng`
 * fixture. Files are written as numpy would (`savetxt(fmt='%.02g')`, `ndarray.tofile`: raw
 * little-endian values). `test_from_array_bolt` has no counterpart (docs/thunder-compat.md).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DataFormatError, InvalidArgumentError } from '../../../src/common/errors.js';
import { NDArray, images, series } from '../../../src/thunder/index.js';
import { allclose, arange, arangeArray, eachEngine, thrown } from './series-helpers.js';

let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'thunder-series-io-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
/** A fresh directory per case (pytest's tmpdir). */
const tmp = async (): Promise<string> => {
  const dir = join(root, `case-${n++}`);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  return dir;
};
const int16File = (values: number[]): Buffer => Buffer.from(Int16Array.from(values).buffer);

eachEngine((eng) => {
  const a = (): NDArray => arangeArray([4, 2], 'int16');

  it('test_from_array', async () => {
    const data = await series.fromArray(a(), eng());
    expect(data.shape).toEqual([4, 2]);
    expect(data.dtype).toBe('int16');
    allclose(data.index as number[], [0, 1]);
    allclose(await data.toArray(), arange(8));
  });

  it('test_from_array_vector', async () => {
    const data = await series.fromArray(a(), eng());
    expect(data.shape).toEqual([4, 2]);
    expect(data.dtype).toBe('int16');
    allclose(data.index as number[], [0, 1]);
    allclose(await data.toArray(), arange(8));
  });

  it('test_from_array_index', async () => {
    const data = await series.fromArray(a(), { ...eng(), index: [2, 3] });
    allclose(data.index as number[], [2, 3]);
  });

  it('test_from_text', async () => {
    const f = join(await tmp(), 'data.txt');
    await writeFile(f, arange(10).map((i) => `0 ${i}`).join('\n') + '\n');
    const data = await series.fromText(f, eng());
    allclose(data.shape, [10, 2]);
    expect(data.dtype).toBe('float64');
    allclose(await data.toArray(), arange(10).map((i) => [0, i]));
  });

  // (not in Thunder) text as int64 truncates toward zero; as float16 rounds to halves (1.9 · 1024 =
  // 1945.6 → 1946/1024); a NaN cannot be an int64: a DataFormatError naming the file.
  it('(not in Thunder) fromText with dtype int64 / float16', async () => {
    const f = join(await tmp(), 'data.txt');
    await writeFile(f, '1.9 -2.5 3\n');
    const i64 = await (await series.fromText(f, { ...eng(), dtype: 'int64' })).toArray();
    expect(i64.dtype).toBe('int64');
    expect(Array.from(i64.data)).toEqual([1, -2, 3]);
    const f16 = await (await series.fromText(f, { ...eng(), dtype: 'float16' })).toArray();
    expect(f16.dtype).toBe('float16');
    expect(Array.from(f16.data)).toEqual([1946 / 1024, -2.5, 3]);
    const bad = join(await tmp(), 'nan.txt');
    await writeFile(bad, '1 nan\n');
    await expect((async () => (await series.fromText(bad, { ...eng(), dtype: 'int64' })).toArray())()).rejects.toThrow(DataFormatError);
  });

  it('test_from_text_skip', async () => {
    // Thunder runs this one locally only (no eng argument); here it runs on both engines.
    const f = join(await tmp(), 'data.txt');
    await writeFile(f, arange(10).map((i) => `${i} 0 ${i}`).join('\n') + '\n');
    const data = await series.fromText(f, { ...eng(), skip: 1 });
    allclose(data.shape, [10, 2]);
    expect(data.dtype).toBe('float64');
    allclose(await data.toArray(), arange(10).map((i) => [0, i]));
  });

  it('test_from_binary', async () => {
    const p = join(await tmp(), 'data.bin');
    await writeFile(p, int16File(arange(8)));
    const data = await series.fromBinary(p, { ...eng(), shape: [4, 2], dtype: 'int16' });
    allclose(data.shape, [4, 2]);
    allclose(data.index as number[], [0, 1]);
    allclose(await data.toArray(), arange(8));
  });

  it('test_from_binary_skip', async () => {
    const p = join(await tmp(), 'data.bin');
    await writeFile(p, int16File(arange(10).flatMap((i) => [i, 0, i])));
    const data = await series.fromBinary(p, { ...eng(), shape: [10, 2], dtype: 'int16', skip: 1 });
    allclose(data.shape, [10, 2]);
    allclose(data.index as number[], [0, 1]);
    allclose(await data.toArray(), arange(10).map((i) => [0, i]));
  });

  it('test_to_binary', async () => {
    const p = join(await tmp(), 'data');
    await (await series.fromArray(a(), { ...eng(), npartitions: 1 })).toBinary(p);
    expect((await readdir(p)).sort()).toEqual(['SUCCESS', 'conf.json', 'series-00000.bin']);
    const conf = JSON.parse(await readFile(join(p, 'conf.json'), 'utf8')) as { shape: number[]; dtype: string };
    expect(conf.shape).toEqual([4, 2]);
    expect(conf.dtype).toBe('int16');
  });

  it('test_to_binary_roundtrip', async () => {
    const p = join(await tmp(), 'data');
    const data = await series.fromArray(a(), { ...eng(), npartitions: 1 });
    await data.toBinary(p);
    const loaded = await series.fromBinary(p);
    allclose(await loaded.toArray(), arange(8));
    allclose(await data.toArray(), arange(8));
  });

  // (not in Thunder) int64 and float16 series as numpy writes them (`tofile`): <i8 little-endian two's
  // complement, <f2 sign | (exponent + 15) << 10 | significand: 1 → 0x3C00, -0.5 → 0xB800,
  // 2^-24 → 0x0001, 65504 → 0x7BFF. Written and read back on each engine.
  it('(not in Thunder) int64 and float16 series: toBinary writes <i8 / <f2, fromBinary reads them back', async () => {
    const values = [1, -0.5, 2 ** -24, 65504, -(2 ** 53 - 1), 40000.9];
    const data = await series.fromArray(new NDArray(Float64Array.from(values), [2, 3]), { ...eng(), npartitions: 2 });
    const cases = [
      {
        dtype: 'int64',
        back: [1, 0, 0, 65504, -(2 ** 53 - 1), 40000],
        // 65504 = 0xFFE0; -(2^53 − 1) = 0xFFE0000000000001; 40000 = 0x9C40
        bytes: [1, 0, 0, 0, 0, 0, 0, 0, ...new Array(16).fill(0), 0xe0, 0xff, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0xe0, 0xff, 0x40, 0x9c, 0, 0, 0, 0, 0, 0],
      },
      // -(2^53 − 1) overflows to -Inf (0xFC00); 40000.9 → 40000 (spacing 32 in [32768, 65536): 1250 · 32 = 0x78E2)
      { dtype: 'float16', back: [1, -0.5, 2 ** -24, 65504, -Infinity, 40000], bytes: [0x00, 0x3c, 0x00, 0xb8, 0x01, 0x00, 0xff, 0x7b, 0x00, 0xfc, 0xe2, 0x78] },
    ] as const;
    for (const c of cases) {
      const p = join(await tmp(), c.dtype);
      await data.astype(c.dtype).toBinary(p);
      const bins = (await readdir(p)).filter((f) => f.endsWith('.bin'));
      const bytes = (await Promise.all(bins.sort().map((f) => readFile(join(p, f))))).flatMap((b) => Array.from(b));
      expect(bytes).toEqual(c.bytes);
      const loaded = await series.fromBinary(p, eng());
      expect(loaded.dtype).toBe(c.dtype);
      const arr = await loaded.toArray();
      expect(arr.dtype).toBe(c.dtype);
      expect(Array.from(arr.data)).toEqual(c.back);
    }
  });

  it('test_to_binary_roundtrip_partitioned', async () => {
    const p = join(await tmp(), 'data');
    const data = await series.fromArray([a(), a()], { ...eng(), npartitions: 4 });
    await data.toBinary(p);
    const loaded = await series.fromBinary(p);
    expect(loaded.shape).toEqual([2, 4, 2]);
    allclose(await loaded.toArray(), [...arange(8), ...arange(8)]);
    allclose(await data.toArray(), [...arange(8), ...arange(8)]);
  });

  it('test_to_binary_roundtrip_3d', async () => {
    const p = join(await tmp(), 'data');
    const data = await series.fromArray(arangeArray([4, 2, 2], 'int16'), { ...eng(), npartitions: 1 });
    await data.toBinary(p);
    const loaded = await series.fromBinary(p, eng());
    expect(loaded.shape).toEqual([4, 2, 2]);
    allclose(await loaded.toArray(), arange(16));
    allclose(await data.toArray(), arange(16));
  });

  it('test_from_example (Thunder returns before its assertions; ported as written)', async () => {
    expect((await (await series.fromExample('fish', eng())).toArray()).shape).toEqual([76, 87, 2, 20]);
    expect((await (await series.fromExample('mouse', eng())).toArray()).shape).toEqual([64, 64, 20]);
    expect((await (await series.fromExample('iris', eng())).toArray()).shape).toEqual([150, 4]);
  });

  it('(issue 11) series and images fromExample("mouse") are one dataset: series[x, y, t] == images[t, x, y]', async () => {
    const s = await (await series.fromExample('mouse', eng())).toArray();
    const im = await (await images.fromExample('mouse', eng())).toArray();
    expect(s.shape).toEqual([64, 64, 20]);
    expect(im.shape).toEqual([20, 64, 64]);
    for (const [x, y, t] of [[0, 0, 0], [5, 17, 3], [63, 1, 19], [31, 62, 10]] as const) {
      expect(s.get(x, y, t)).toBe(im.get(t, x, y));
    }
    let mismatches = 0;
    for (let x = 0; x < 64; x++) for (let y = 0; y < 64; y++) for (let t = 0; t < 20; t++) if (s.get(x, y, t) !== im.get(t, x, y)) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('(issue 11) loader options are checked: unknown names, wrong types, out of range', async () => {
    const p = join(await tmp(), 'data.bin');
    await writeFile(p, int16File(arange(8)));
    const bad: [() => Promise<unknown>, string][] = [
      [() => series.fromBinary(p, { ...eng(), shape: [4, 2], dtype: 'int16', nplanes: 2 } as never), 'series.fromBinary(nplanes)'],
      [() => series.fromBinary(p, { ...eng(), shape: [4, 2], dtype: 'int16', skip: -1 }), 'series.fromBinary(skip)'],
      [() => series.fromBinary(p, { ...eng(), shape: [4, 2], dtype: 'int16', skip: 1.5 }), 'series.fromBinary(skip)'],
      [() => series.fromBinary(p, { ...eng(), shape: [4, 2], dtype: 'int16', recursive: 'yes' } as never), 'series.fromBinary(recursive)'],
      [() => series.fromArray([[1, 2]], { ...eng(), lables: [0] } as never), 'series.fromArray(lables)'],
      [() => series.fromArray([[1, 2], [3, 4]], { ...eng(), labels: [0, 1, 2] }), 'labels'],
      [() => series.fromArray([[1, 2]], { ...eng(), index: [0] }), 'series.fromArray(index)'],
      [() => series.fromArray([[1, 2]], { ...eng(), readOn: 'executors' } as never), 'series.fromArray(readOn)'],
      [() => series.fromText(p, { ...eng(), skip: 'one' } as never), 'series.fromText(skip)'],
      [() => series.fromRandom([4, 2], 1.5, eng()), 'series.fromRandom(seed)'],
      [() => series.fromExample('mouse', { ...eng(), stop: 3 } as never), 'series.fromExample(stop)'],
    ];
    for (const [call, argument] of bad) {
      const err = await thrown(call);
      expect(err, argument).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).argument, err.message).toBe(argument);
    }
  });

  it('(issue 11) fromArray labels are kept', async () => {
    const data = await series.fromArray([[1, 2], [3, 4], [5, 6]], { ...eng(), labels: [7, 8, 9] });
    allclose((await data.labels())!, [7, 8, 9]);
    allclose((await data.filter((v) => v.sum().gt(4)).labels())!, [8, 9]);
  });
});
