/**
 * The driver's reader of packed records (src/thunder/spark/kernels/packed.ts): records written
 * here byte by byte in the layout of spark-kernels core/Chunk.java (16-byte header: int64 tag,
 * int32 count, uint8 kind, 3 zero bytes; then little-endian elements) and read back.
 */
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/common/errors.js';
import { packedCount, unpackInto } from '../../src/thunder/spark/kernels/packed.js';

type Kind = 'f64' | 'f32' | 'i32' | 'i16' | 'u16' | 'u8';
const KINDS: Record<Kind, { code: number; width: number; put: (v: DataView, at: number, x: number) => void }> = {
  f64: { code: 0, width: 8, put: (v, at, x) => v.setFloat64(at, x, true) },
  f32: { code: 1, width: 4, put: (v, at, x) => v.setFloat32(at, x, true) },
  i32: { code: 2, width: 4, put: (v, at, x) => v.setInt32(at, x, true) },
  i16: { code: 3, width: 2, put: (v, at, x) => v.setInt16(at, x, true) },
  u16: { code: 4, width: 2, put: (v, at, x) => v.setUint16(at, x, true) },
  u8: { code: 5, width: 1, put: (v, at, x) => v.setUint8(at, x) },
};

/** A packed record of `values` as `kind`, placed at `offset` in a larger buffer. */
function chunk(kind: Kind, values: number[], offset = 0): { bytes: Uint8Array; start: number; end: number } {
  const k = KINDS[kind];
  const bytes = new Uint8Array(offset + 16 + values.length * k.width + 3);
  const v = new DataView(bytes.buffer, offset);
  v.setBigInt64(0, 42n, true);
  v.setInt32(8, values.length, true);
  v.setUint8(12, k.code);
  values.forEach((x, i) => k.put(v, 16 + i * k.width, x));
  return { bytes, start: offset, end: offset + 16 + values.length * k.width };
}

describe('packed records on the driver', () => {
  const cases: [Kind, number[]][] = [
    ['f64', [1.5, -0, NaN, Infinity, -1e-310, 1.7976931348623157e308]],
    ['f32', [0.5, -2.25, 3.4028234663852886e38]],
    ['i32', [-2147483648, 0, 2147483647]],
    ['i16', [-32768, -1, 32767]],
    ['u16', [0, 40000, 65535]],
    ['u8', [0, 128, 255]],
  ];
  for (const [kind, values] of cases) {
    it(`reads ${kind} elements at any byte offset (unaligned included)`, () => {
      for (const offset of [0, 1, 3]) {
        const { bytes, start, end } = chunk(kind, values, offset);
        expect(packedCount(bytes, start, end)).toBe(values.length);
        const out = new Float64Array(values.length + 2);
        expect(unpackInto(bytes, start, end, out, 1)).toBe(values.length);
        expect(Array.from(out.subarray(1, 1 + values.length)).map((x) => (Object.is(x, -0) ? '-0' : x))).toEqual(values.map((x) => (Object.is(x, -0) ? '-0' : x)));
        expect([out[0], out[values.length + 1]]).toEqual([0, 0]);
      }
    });
  }

  it('stores into the typed array of the dtype', () => {
    const { bytes, start, end } = chunk('u16', [1, 65535]);
    const out = new Uint16Array(2);
    unpackInto(bytes, start, end, out, 0);
    expect(Array.from(out)).toEqual([1, 65535]);
  });

  it('refuses bytes that are not one packed record, and a record that does not fit', () => {
    const { bytes, start, end } = chunk('f64', [1, 2]);
    expect(() => packedCount(bytes, start, end - 1)).toThrow(DataFormatError);
    expect(() => packedCount(bytes, start, start + 12)).toThrow(/a packed record, got 12 bytes/);
    const bad = chunk('f64', [1]);
    bad.bytes[12] = 9;
    expect(() => packedCount(bad.bytes, bad.start, bad.end)).toThrow(/kind 9/);
    expect(() => unpackInto(bytes, start, end, new Float64Array(1), 0)).toThrow(RangeError);
  });
});
