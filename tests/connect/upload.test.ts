import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { chunksOf, joinBytes } from '../../src/connect/upload/artifacts.js';
import { toArrowTable } from '../../src/connect/upload/arrow-build.js';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { ipcStreamParts, localRelationParts, rowChunks, unionAll, uploadedLeaves, versionAtLeast } from '../../src/connect/upload/local-relation.js';
import type { Relation } from '../../src/connect/transport/messages.js';

const concat = (parts: readonly Uint8Array[]) => joinBytes(parts, parts.reduce((n, p) => n + p.byteLength, 0));

describe('upload encoding', () => {
  const values = Float64Array.from({ length: 30_000 }, (_, i) => i / 7);
  const offsets = Int32Array.from({ length: 301 }, (_, r) => r * 100);
  const table = toArrowTable({ id: Int32Array.from({ length: 300 }, (_, i) => i), v: { values, offsets }, s: Array.from({ length: 300 }, (_, i) => `row ${i}`) });

  it('writes the IPC stream in pieces that join to the bytes apache-arrow writes in one buffer', () => {
    const parts = ipcStreamParts(table);
    expect(parts.length).toBeGreaterThan(1);
    expect(Buffer.from(concat(parts)).equals(Buffer.from(tableToIPC(table, 'stream')))).toBe(true);
    const back = tableFromIPC(concat(parts));
    expect(back.numRows).toBe(300);
    expect(back.getChild('v')!.get(299)!.toArray()).toEqual(values.subarray(29_900));
  });

  it('keeps the large column buffer as a view of the input (no copy)', () => {
    const parts = ipcStreamParts(table);
    expect(parts.some((p) => p.buffer === values.buffer)).toBe(true);
  });

  it('slices pieces into fixed-size chunks that join back to the same bytes', () => {
    const parts = ipcStreamParts(table);
    const total = parts.reduce((n, p) => n + p.byteLength, 0);
    for (const size of [1000, 4096, 65_536, total + 1]) {
      const chunks = [...chunksOf(parts, size)];
      expect(chunks.slice(0, -1).every((c) => c.byteLength === size)).toBe(true);
      expect(Buffer.from(concat(chunks)).equals(Buffer.from(concat(parts)))).toBe(true);
    }
  });

  it('frames the payload as LocalRelation field 1 (and the schema as field 2)', () => {
    const ipc = [Uint8Array.of(1, 2, 3), new Uint8Array(200)];
    const framed = concat(localRelationParts(ipc, 203, 'a int'));
    // tag 0x0a, varint 203 = 0xcb 0x01, then the 203 payload bytes, then tag 0x12, length 5, "a int"
    expect([...framed.subarray(0, 6)]).toEqual([0x0a, 0xcb, 0x01, 1, 2, 3]);
    expect(framed.byteLength).toBe(3 + 203 + 2 + 5);
    expect(new TextDecoder().decode(framed.subarray(-7))).toBe('\u0012\u0005a int');
  });
});

describe('row chunks of an upload', () => {
  const table = toArrowTable({ x: Float64Array.from({ length: 1000 }, (_, i) => i) });

  it('cuts by rows and by bytes, whichever is smaller, and keeps every row once', () => {
    // 1,000 rows of 8 bytes in 8,000 bytes: 2,000 bytes a chunk = 250 rows; 300 rows a chunk caps at 300.
    expect(rowChunks(table, 8000, { chunkRows: 10_000, chunkBytes: 2000 }).map((t) => t.numRows)).toEqual([250, 250, 250, 250]);
    expect(rowChunks(table, 8000, { chunkRows: 300, chunkBytes: 1e9 }).map((t) => t.numRows)).toEqual([300, 300, 300, 100]);
    const joined = rowChunks(table, 8000, { chunkRows: 300, chunkBytes: 1e9 }).flatMap((t) => [...t.getChild('x')!.toArray()]);
    expect(joined).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('puts a row larger than the byte limit in a chunk of its own', () => {
    expect(rowChunks(table, 8000, { chunkRows: 10_000, chunkBytes: 1 }).length).toBe(1000);
  });

  it('writes a sliced list column as its own rows (offsets rebased)', () => {
    const lists = toArrowTable({ v: { values: Float64Array.from({ length: 30 }, (_, i) => i), offsets: Int32Array.from([0, 10, 20, 30]) } });
    const [, second] = rowChunks(lists, 240, { chunkRows: 2, chunkBytes: 1e9 });
    const back = tableFromIPC(concat(ipcStreamParts(second!)));
    expect(back.numRows).toBe(1);
    expect([...back.getChild('v')!.get(0)!.toArray()]).toEqual(Array.from({ length: 10 }, (_, i) => 20 + i));
  });
});

describe('one leaf per chunk under UNION ALL', () => {
  const leaf = (i: number) => ({ cachedLocalRelation: { hash: `h${i}` } });
  /** Levels of UNION nodes above the deepest leaf. */
  const depth = (r: Omit<Relation, 'common'>): number => (r.setOp ? 1 + Math.max(depth(r.setOp.leftInput!), depth(r.setOp.rightInput!)) : 0);

  it('keeps the leaves in order, every one once, in a balanced tree', () => {
    const leaves = Array.from({ length: 30 }, (_, i) => leaf(i));
    const tree = unionAll(leaves);
    expect(uploadedLeaves(tree).map((l) => l.cachedLocalRelation?.hash)).toEqual(leaves.map((l) => l.cachedLocalRelation.hash));
    expect(depth(tree)).toBe(5); // ceil(log2 30): 16 < 30 <= 32
    expect(tree.setOp).toMatchObject({ setOpType: 'SET_OP_TYPE_UNION', isAll: true });
  });

  it('returns a single leaf as it is, and refuses none', () => {
    expect(unionAll([leaf(7)])).toEqual(leaf(7));
    expect(() => unionAll([])).toThrow(InvalidArgumentError);
  });
});

describe('server versions', () => {
  it('compares major.minor', () => {
    expect(versionAtLeast('4.2.0', 4, 1)).toBe(true);
    expect(versionAtLeast('4.1.0-SNAPSHOT', 4, 1)).toBe(true);
    expect(versionAtLeast('4.0.1', 4, 1)).toBe(false);
    expect(versionAtLeast('5.0.0', 4, 1)).toBe(true);
    expect(versionAtLeast('unknown', 4, 1)).toBe(false);
  });
});
