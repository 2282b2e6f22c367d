/**
 * int64 and float16 storage (src/common/ndarray.ts) and their codecs (src/thunder/io/binary.ts).
 * Expected halves and bit patterns are written out by hand from IEEE 754 binary16 (1 sign, 5
 * exponent bits biased by 15, 10 significand bits), never computed by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, DataFormatError } from '../../src/common/errors.js';
import { DTYPES, Float16Values, Int64Values, NDArray, dtypeOf, roundToHalf, toInt64, typedArrayFor } from '../../src/common/ndarray.js';
import { fromBytes, halfBits, halfFromBits, itemSize, parseDtype, toBytes } from '../../src/thunder/io/binary.js';
import { caster } from '../../src/udf/numeric.js';
import { series } from '../../src/thunder/index.js';

describe('roundToHalf (numpy float64 → float16)', () => {
  const cases: [number, number][] = [
    [1, 1],
    [1 / 3, 0.333251953125], // 1365 · 2^-12
    [0.1, 0.0999755859375], // 1638 · 2^-14
    [65504, 65504], // largest half
    [65519.99, 65504], // below the midpoint to 65536
    [65520, Infinity], // the midpoint rounds to even: 65536, beyond the range
    [-65520, -Infinity],
    [2 ** -24, 2 ** -24], // smallest subnormal
    [2 ** -25, 0], // half of it: a tie, to even (0)
    [3 * 2 ** -25, 2 * 2 ** -24], // 1.5 quanta: a tie, to even (2)
    [2 ** -25 + 2 ** -60, 2 ** -24], // just above the tie
    [2 ** -14, 2 ** -14], // smallest normal
    [2 ** -14 - 2 ** -24, 1023 * 2 ** -24], // largest subnormal
    [1 + 2 ** -11, 1], // tie between 1 and 1 + 2^-10: to the even significand (1)
    [1 + 3 * 2 ** -11, 1 + 2 * 2 ** -10], // tie between 1 + 2^-10 and 1 + 2^-9: to the even one
    [2049, 2048], // spacing 2 in [2048, 4096): a tie, to even
    [2051, 2052],
    [1 + 2 ** -11 + 2 ** -40, 1 + 2 ** -10], // rounding straight from the double: float32 first would tie to 1
    [-1.7, -1741 / 1024],
    [Infinity, Infinity],
  ];
  for (const [x, h] of cases) it(`${x} → ${h}`, () => expect(roundToHalf(x)).toBe(h));
  it('keeps NaN and the sign of zero', () => {
    expect(roundToHalf(Number.NaN)).toBeNaN();
    expect(Object.is(roundToHalf(-0), -0)).toBe(true);
    expect(Object.is(roundToHalf(-(2 ** -26)), -0)).toBe(true);
  });
});

describe('toInt64 (numpy astype int64 of finite doubles, exact or undefined)', () => {
  it('truncates toward zero and refuses what a double cannot hold exactly', () => {
    expect([2.9, -2.9, -0.5, 2 ** 53 - 1, -(2 ** 53 - 1)].map(toInt64)).toEqual([2, -2, 0, 2 ** 53 - 1, -(2 ** 53 - 1)]);
    expect(Object.is(toInt64(-0.5), 0)).toBe(true);
    expect([Number.NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53)].map(toInt64)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
  it("is the local engine's cast, an InvalidArgumentError where it refuses", () => {
    expect(caster('int64')(-3.99)).toBe(-3);
    expect(() => caster('int64')(Number.NaN)).toThrow(InvalidArgumentError);
    expect(caster('float16')(1 / 3)).toBe(0.333251953125);
  });
});

describe('Int64Values / Float16Values', () => {
  it('are the dtypes int64 and float16, read as plain numbers', () => {
    expect(DTYPES).toEqual(['uint8', 'uint16', 'int16', 'int32', 'float32', 'float64', 'int64', 'float16']);
    const i = typedArrayFor('int64', 2);
    const h = typedArrayFor('float16', 2);
    expect(i).toBeInstanceOf(Int64Values);
    expect(h).toBeInstanceOf(Float16Values);
    expect(dtypeOf(i)).toBe('int64');
    expect(dtypeOf(h)).toBe('float16');
    expect(dtypeOf(new Float64Array(1))).toBe('float64');
    expect(dtypeOf(new Float32Array(1))).toBe('float32');
    // Views and slices keep the subclass (typed arrays construct them through the species).
    const a = new NDArray(Int64Values.from([1, 2, 3, 4]), [2, 2]);
    expect(a.at(1).dtype).toBe('int64');
    expect(a.at(1).data[0]! + 1).toBe(4);
    expect(new NDArray(Float16Values.from([0.5]), [1]).dtype).toBe('float16');
  });
  it('take numpy item sizes on disk: 8 and 2 bytes', () => {
    expect(itemSize('int64')).toBe(8);
    expect(itemSize('float16')).toBe(2);
    expect(parseDtype('<i8', 'conf')).toBe('int64');
    expect(parseDtype('float16', 'conf')).toBe('float16');
  });
});

describe('binary codecs (numpy <i8 and <f2)', () => {
  it('half bit patterns', () => {
    const pairs: [number, number][] = [
      [0x3c00, 1],
      [0xc000, -2],
      [0x7bff, 65504],
      [0x0001, 2 ** -24],
      [0x03ff, 1023 * 2 ** -24],
      [0x0400, 2 ** -14],
      [0x3555, 0.333251953125],
      [0x7c00, Infinity],
      [0xfc00, -Infinity],
      [0x8000, -0],
    ];
    for (const [bits, value] of pairs) {
      expect(Object.is(halfFromBits(bits), value)).toBe(true);
      expect(halfBits(value)).toBe(bits);
    }
    expect(halfFromBits(0x7e00)).toBeNaN();
  });
  it('round-trips int64 and float16 through the bytes numpy writes', () => {
    // -2 as <i8: FE FF FF FF FF FF FF FF; 2^53 - 1: FF FF FF FF FF FF 1F 00.
    const i64 = Uint8Array.from([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0x00]);
    const ints = fromBytes(i64, 'int64');
    expect(ints).toBeInstanceOf(Int64Values);
    expect(Array.from(ints)).toEqual([-2, 2 ** 53 - 1]);
    expect(Array.from(toBytes(ints))).toEqual(Array.from(i64));
    // 1 and -2 as <f2: 00 3C, 00 C0.
    const f16 = Uint8Array.from([0x00, 0x3c, 0x00, 0xc0]);
    const halves = fromBytes(f16, 'float16');
    expect(halves).toBeInstanceOf(Float16Values);
    expect(Array.from(halves)).toEqual([1, -2]);
    expect(Array.from(toBytes(halves))).toEqual(Array.from(f16));
  });
  it('refuses an int64 beyond ±(2^53 − 1) with a DataFormatError naming the source', () => {
    const big = Uint8Array.from([0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00]); // 2^53
    expect(() => fromBytes(big, 'int64', 'a.bin')).toThrow(DataFormatError);
    expect(() => fromBytes(big, 'int64', 'a.bin')).toThrow(/a\.bin/);
  });
});

describe('fromArray checks int64 / float16 data', () => {
  it('refuses values the dtype cannot hold', async () => {
    await expect(series.fromArray(new NDArray(Int64Values.from([1, 1.5]), [1, 2]))).rejects.toThrow(InvalidArgumentError);
    await expect(series.fromArray(new NDArray(Float16Values.from([0.1]), [1, 1]))).rejects.toThrow(InvalidArgumentError);
    const ok = await series.fromArray(new NDArray(Float16Values.from([0.5, Number.NaN]), [1, 2]));
    expect((await ok.toArray()).dtype).toBe('float16');
  });
});
