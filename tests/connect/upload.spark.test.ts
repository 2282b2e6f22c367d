/**
 * createDataFrame: small data inline in the plan, large data through the
 * artifact cache. Sums are checked against closed forms, not against the code.
 */
import { tableFromArrays } from 'apache-arrow';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { DataFrame, InvalidArgumentError, expr } from '../../src/connect/index.js';
import { toArrowTable } from '../../src/connect/upload/arrow-build.js';
import { UPLOAD_CONF, localRelation, uploadedLeaves, versionAtLeast } from '../../src/connect/upload/local-relation.js';
import type { Relation } from '../../src/connect/transport/messages.js';
import { useSpark } from '../helpers/spark.js';

const THRESHOLD = 'spark.sql.session.localRelationCacheThreshold';

/** `rows` rows of `width` doubles; element k of each row is k, so each row sums to width(width-1)/2. */
function rowsOfDoubles(rows: number, width: number): { values: Float64Array; offsets: Int32Array } {
  const values = new Float64Array(rows * width);
  for (let i = 0; i < values.length; i++) values[i] = i % width;
  const offsets = new Int32Array(rows + 1);
  for (let r = 0; r <= rows; r++) offsets[r] = r * width;
  return { values, offsets };
}

/**
 * The artifact hash behind each leaf of an uploaded relation, in row order: one chunk a leaf,
 * a ChunkedCachedLocalRelation of one data hash (Spark ≥ 4.1) or a CachedLocalRelation.
 */
function leafHashes(relation: Relation): string[] {
  return uploadedLeaves(relation).map((leaf) => {
    const chunked = leaf.chunkedCachedLocalRelation?.dataHashes;
    if (chunked) {
      expect(chunked).toHaveLength(1);
      return chunked[0]!;
    }
    return leaf.cachedLocalRelation?.hash ?? '';
  });
}

describe('createDataFrame', () => {
  const spark = useSpark();
  /** Spark 4.1 added ChunkedCachedLocalRelation; 4.0 servers get a CachedLocalRelation artifact per chunk, the schema inside each. */
  const chunked = () => versionAtLeast(spark().version, 4, 1);

  it('sends 10 rows inline as a LocalRelation, from row objects', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: BigInt(i), name: `n${i}`, x: i / 4, ok: i % 2 === 0, v: [i, i + 0.5] }));
    const df = await spark().createDataFrame(rows);
    expect(df.relation.localRelation).toBeDefined();
    const back = await df.collect();
    expect(back).toEqual(rows.map((r) => ({ ...r, v: [...r.v] })));
  });

  it('applies a DDL schema on the server (names and types)', async () => {
    const df = await spark().createDataFrame({ a: new Float64Array([1, 2, 3]), b: ['x', 'y', null] }, 'k int, label string');
    expect(await df.collect()).toEqual([
      { k: 1, label: 'x' },
      { k: 2, label: 'y' },
      { k: 3, label: null },
    ]);
  });

  it('takes typed-array columns and an apache-arrow Table', async () => {
    const t = tableFromArrays({ i: Int32Array.from([5, 6, 7]), d: Float64Array.from([0.5, 0.25, 0.125]) });
    const [row] = await (await (await spark().createDataFrame(t)).createOrReplaceTempView('t_arrow'), spark().sql('SELECT sum(i) AS si, sum(d) AS sd FROM t_arrow')).then((df) => df.collect());
    expect(row).toEqual({ si: 18n, sd: 0.875 });
    const u8 = await spark().createDataFrame({ px: Uint8Array.from([0, 200, 255]) });
    expect((await u8.collect()).map((r) => r['px'])).toEqual([0, 200, 255]); // widened, not wrapped
  });

  it('rejects bad input with an error naming the column', async () => {
    await expect(spark().createDataFrame({ a: [1, 'two'] as never })).rejects.toThrow(InvalidArgumentError);
    await expect(spark().createDataFrame({ a: [1, 2], b: [1] })).rejects.toThrow(/column "b"/);
    await expect(spark().createDataFrame([])).rejects.toThrow(/at least one row/);
  });

  it('uploads 50 MB above the threshold as row chunks of at most 16 MiB, one leaf each, once per content', async () => {
    await spark().conf.set(THRESHOLD, String(16 * 1024 * 1024));
    try {
      const rows = 6_250; // x 1,000 doubles = 50 MB
      const upload = vi.spyOn(spark().client, 'addArtifacts');
      onTestFinished(() => upload.mockRestore());
      const df = await spark().createDataFrame({ v: rowsOfDoubles(rows, 1000) });
      // 16 MiB / 8,000 bytes a row = 2,097 rows a chunk: 3 chunks for 6,250 rows, under one UNION ALL.
      const hashes = leafHashes(df.relation);
      expect(hashes).toHaveLength(3);
      expect(df.relation.setOp?.setOpType).toBe('SET_OP_TYPE_UNION');
      expect(df.relation.setOp?.isAll).toBe(true);
      for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
      expect(upload).toHaveBeenCalledTimes(1); // every chunk in one AddArtifacts stream
      await df.createOrReplaceTempView('big50');
      const [row] = await (await spark().sql('SELECT count(*) AS n, sum(aggregate(v, 0D, (a, x) -> a + x)) AS s FROM big50')).collect();
      expect(row!['n']).toBe(BigInt(rows));
      expect(row!['s']).toBe(rows * 499_500);
      // The same content again: ArtifactStatus says it is there, nothing is re-sent.
      const again = await spark().createDataFrame({ v: rowsOfDoubles(rows, 1000) });
      expect(leafHashes(again.relation)).toEqual(hashes);
      expect(upload).toHaveBeenCalledTimes(1);
    } finally {
      await spark().conf.unset(THRESHOLD);
    }
  });

  it('sends a DDL schema with the chunks, honours a smaller row limit per chunk, and keeps the row order', async () => {
    await spark().conf.set(THRESHOLD, '1024');
    await spark().conf.set(UPLOAD_CONF.chunkRows[0], '400');
    try {
      const n = 1_000;
      const df = await spark().createDataFrame({ a: Float64Array.from({ length: n }, (_, i) => i), b: Array.from({ length: n }, (_, i) => `s${i}`) }, 'k int, label string');
      expect(leafHashes(df.relation)).toHaveLength(3); // 400 + 400 + 200 rows
      if (chunked()) {
        // One schema artifact, shared by every leaf. Before 4.1 it travels inside each chunk's artifact.
        const schemaHashes = new Set(uploadedLeaves(df.relation).map((l) => l.chunkedCachedLocalRelation?.schemaHash));
        expect([...schemaHashes]).toHaveLength(1);
        expect([...schemaHashes][0]).toMatch(/^[0-9a-f]{64}$/);
      }
      const [row] = await df.agg(expr('sum(k) AS s'), expr('max(label) AS m'), expr('count(*) AS c')).collect();
      expect(row).toEqual({ s: BigInt((n * (n - 1)) / 2), m: 's999', c: BigInt(n) }); // k is int: sum is bigint
      // UNION ALL keeps its children's order: the rows come back as they were given.
      expect((await df.collect()).map((r) => r['k'])).toEqual(Array.from({ length: n }, (_, i) => i));
    } finally {
      await spark().conf.unset(THRESHOLD);
      await spark().conf.unset(UPLOAD_CONF.chunkRows[0]);
    }
  });

  it('falls back to one CachedLocalRelation artifact a chunk for servers without chunked relations', async () => {
    const rows = 500;
    const table = toArrowTable({ v: rowsOfDoubles(rows, 100) });
    const limits = { cacheThreshold: 1024, chunkRows: 200, chunkBytes: 16 * 2 ** 20, sizeLimit: 2 ** 31, chunked: false };
    const relation = await localRelation(spark().client, table, 900_001, limits, 'w array<double>');
    const leaves = uploadedLeaves(relation);
    expect(leaves).toHaveLength(3); // 200 + 200 + 100 rows
    for (const leaf of leaves) expect(leaf.cachedLocalRelation?.hash).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await new DataFrame(spark(), relation).agg(expr('sum(aggregate(w, 0D, (a, x) -> a + x)) AS s')).collect();
    expect(row!['s']).toBe(rows * 4_950);
  });

  it('refuses data above the server size limit before uploading anything', async () => {
    const table = toArrowTable({ v: rowsOfDoubles(100, 100) });
    const upload = vi.spyOn(spark().client, 'addArtifacts');
    onTestFinished(() => upload.mockRestore());
    const limits = { cacheThreshold: 1024, chunkRows: 10_000, chunkBytes: 16 * 2 ** 20, sizeLimit: 50_000, chunked: true };
    await expect(localRelation(spark().client, table, 900_002, limits)).rejects.toThrow(/localRelationSizeLimit/);
    expect(upload).not.toHaveBeenCalled();
  });

  it('uploads 500 MB of array<double> rows and sums them exactly on the server', async () => {
    const rows = 62_500; // x 1,000 doubles x 8 bytes = 500 MB
    const df = await spark().createDataFrame({ v: rowsOfDoubles(rows, 1000) });
    expect(leafHashes(df.relation)).toHaveLength(30); // 500 MB / 16 MiB a chunk (2,097 rows), one leaf each
    await df.createOrReplaceTempView('big500');
    const [row] = await (await spark().sql('SELECT count(*) AS n, sum(aggregate(v, 0D, (a, x) -> a + x)) AS s, max(size(v)) AS w FROM big500')).collect();
    expect(row!['n']).toBe(BigInt(rows));
    expect(row!['w']).toBe(1000);
    expect(row!['s']).toBe(rows * 499_500); // 31,218,750,000: exact in doubles
  });
});
