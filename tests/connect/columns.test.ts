/** Numeric and list columns of Arrow tables as typed arrays (no server). */
import { Binary, Field, FixedSizeList, Float32, Float64, Int32, Int64, List, RecordBatch, Table, Utf8, makeData, vectorFromArray, type Vector } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { binaryColumn, listChunks, listColumn, numericColumn } from '../../src/connect/index.js';

const doubleList = new List(new Field('element', new Float64(), true));

function batch(columns: Record<string, Vector>): RecordBatch {
  return new Table(columns).batches[0]!;
}

describe('listColumn', () => {
  it('views the single batch without copying', () => {
    const v = vectorFromArray([[1, 2], [], [3.5]], doubleList);
    const table = new Table([batch({ v })]);
    const col = listColumn(table, 'v');
    expect(col.values).toBeInstanceOf(Float64Array);
    expect([...col.values]).toEqual([1, 2, 3.5]);
    expect([...col.offsets]).toEqual([0, 2, 2, 3]);
    expect(col.length).toBe(3);
    expect(col.values.buffer).toBe(v.data[0]!.children[0]!.values.buffer);
  });

  it('joins several batches into one contiguous array with rebased offsets', () => {
    const a = vectorFromArray([[1, 2], [3]], doubleList);
    const b = vectorFromArray([[4], [5, 6, 7]], doubleList);
    const col = listColumn(new Table([batch({ v: a }), batch({ v: b })]), 'v');
    expect([...col.values]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect([...col.offsets]).toEqual([0, 2, 3, 4, 7]);
    expect(col.length).toBe(4);
  });

  it('handles a sliced table (offsets not starting at 0)', () => {
    const v = vectorFromArray([[1], [2, 3], [4, 5, 6]], doubleList);
    const col = listColumn(new Table({ v: v.slice(1) }), 'v');
    expect([...col.values]).toEqual([2, 3, 4, 5, 6]);
    expect([...col.offsets]).toEqual([0, 2, 5]);
  });

  it('keeps the element type: float, int, bigint', () => {
    const f = vectorFromArray([[1.5], [2]], new List(new Field('e', new Float32())));
    const i = vectorFromArray([[1, 2]], new List(new Field('e', new Int32())));
    const l = vectorFromArray([[1n, 2n]], new List(new Field('e', new Int64())));
    expect(listColumn(new Table([batch({ f })]), 'f').values).toEqual(new Float32Array([1.5, 2]));
    expect(listColumn(new Table([batch({ i })]), 'i').values).toEqual(new Int32Array([1, 2]));
    expect(listColumn(new Table([batch({ l })]), 'l').values).toEqual(new BigInt64Array([1n, 2n]));
  });

  it('reads fixed-size lists', () => {
    const type = new FixedSizeList(2, new Field('e', new Float64()));
    const child = makeData({ type: new Float64(), data: new Float64Array([1, 2, 3, 4]) });
    const data = makeData({ type, length: 2, nullCount: 0, child });
    const col = listColumn(new Table({ v: new (vectorFromArray([1]).constructor as new (d: unknown[]) => Vector)([data]) }), 'v');
    expect([...col.values]).toEqual([1, 2, 3, 4]);
    expect([...col.offsets]).toEqual([0, 2, 4]);
  });

  it('counts null rows and null elements', () => {
    const col = listColumn(new Table([batch({ v: vectorFromArray([[1, null], null, [2]], doubleList) })]), 'v');
    expect(col.nullCount).toBe(1);
    expect(col.valueNullCount).toBe(1);
    expect([...col.offsets]).toEqual([0, 2, 2, 3]);
  });

  it('names the column when it is missing or not numeric arrays', () => {
    const table = new Table([batch({ s: vectorFromArray(['a']), v: vectorFromArray([[1]], doubleList) })]);
    expect(() => listColumn(table, 'nope')).toThrow(InvalidArgumentError);
    expect(() => listColumn(table, 'nope')).toThrow(/s, v/);
    expect(() => listColumn(table, 's')).toThrow(expect.objectContaining({ argument: 'listColumn(name)' }));
    expect(() => listColumn(new Table([batch({ t: vectorFromArray([['a']], new List(new Field('e', new Utf8()))) })]), 't')).toThrow(InvalidArgumentError);
  });
});

describe('listChunks', () => {
  it('gives each batch as views of its own buffers, rows unchanged', () => {
    const a = vectorFromArray([[1, 2], [3]], doubleList);
    const b = vectorFromArray([[4], [5, 6, 7]], doubleList);
    const chunks = listChunks(new Table([batch({ v: a }), batch({ v: b })]), 'v');
    expect(chunks.map((c) => c.length)).toEqual([2, 2]);
    const rows = chunks.flatMap((c) =>
      Array.from({ length: c.length }, (_, i) => [...c.values.subarray(Number(c.offsets[i]), Number(c.offsets[i + 1]))]),
    );
    expect(rows).toEqual([[1, 2], [3], [4], [5, 6, 7]]);
    expect(chunks[0]!.values.buffer).toBe(a.data[0]!.children[0]!.values.buffer);
    expect(chunks[1]!.values.buffer).toBe(b.data[0]!.children[0]!.values.buffer);
  });

  it('keeps the offsets of a sliced batch (they need not start at 0)', () => {
    const v = vectorFromArray([[1], [2, 3], [4, 5, 6]], doubleList);
    const [chunk] = listChunks(new Table({ v: v.slice(1) }), 'v');
    expect(chunk!.length).toBe(2);
    expect([...chunk!.values.subarray(Number(chunk!.offsets[0]), Number(chunk!.offsets[2]))]).toEqual([2, 3, 4, 5, 6]);
  });

  it('names the column when it is not numeric arrays', () => {
    const table = new Table({ s: vectorFromArray(['a']) });
    expect(() => listChunks(table, 's')).toThrow(InvalidArgumentError);
    expect(() => listChunks(table, 'nope')).toThrow(/listChunks\(name\)/);
  });
});

describe('numericColumn', () => {
  it('views one batch and concatenates several', () => {
    const a = vectorFromArray([1.5, 2.5], new Float64());
    const one = numericColumn(new Table([batch({ x: a })]), 'x');
    expect(one.values).toEqual(new Float64Array([1.5, 2.5]));
    expect(one.values.buffer).toBe(a.data[0]!.values.buffer);
    const two = numericColumn(new Table([batch({ x: a }), batch({ x: vectorFromArray([3.5], new Float64()) })]), 'x');
    expect(two.values).toEqual(new Float64Array([1.5, 2.5, 3.5]));
    expect(two.length).toBe(3);
    expect(numericColumn(new Table([batch({ n: vectorFromArray([5n], new Int64()) })]), 'n').values).toEqual(new BigInt64Array([5n]));
  });

  it('rejects non-numeric columns', () => {
    expect(() => numericColumn(new Table([batch({ s: vectorFromArray(['a']) })]), 's')).toThrow(expect.objectContaining({ argument: 'numericColumn(name)' }));
  });
});

describe('binaryColumn', () => {
  const bytes = (...xs: number[][]): Vector => vectorFromArray(xs.map((x) => Uint8Array.from(x)), new Binary());

  it('views the single batch without copying', () => {
    const v = bytes([1, 2, 3], [], [255]);
    const col = binaryColumn(new Table([batch({ v })]), 'v');
    expect([...col.values]).toEqual([1, 2, 3, 255]);
    expect([...col.offsets]).toEqual([0, 3, 3, 4]);
    expect(col.length).toBe(3);
    expect(col.values.buffer).toBe(v.data[0]!.values.buffer);
  });

  it('joins several batches and slices with rebased offsets', () => {
    const col = binaryColumn(new Table([batch({ v: bytes([1], [2, 3]) }), batch({ v: bytes([4, 5, 6]) })]), 'v');
    expect([...col.values]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...col.offsets]).toEqual([0, 1, 3, 6]);
    const sliced = binaryColumn(new Table({ v: bytes([9], [7, 8], [6]).slice(1) }), 'v');
    expect([...sliced.values]).toEqual([7, 8, 6]);
    expect([...sliced.offsets]).toEqual([0, 2, 3]);
  });

  it('refuses a column that is not binary, naming it', () => {
    const t = new Table([batch({ d: vectorFromArray([1.5]) })]);
    expect(() => binaryColumn(t, 'd')).toThrow(InvalidArgumentError);
    expect(() => binaryColumn(t, 'd')).toThrow(/binaryColumn\(name\): expected a binary column/);
  });
});
