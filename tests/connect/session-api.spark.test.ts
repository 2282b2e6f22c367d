/** Session-level API against a real server: conf, range, table, read, DDL types, typed-array results. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataTypes, col, listColumn, max, numericColumn, sequence, sparkPartitionId, toDDL, transform } from '../../src/connect/index.js';
import { useSpark } from '../helpers/spark.js';

const spark = useSpark();
const dir = mkdtempSync(join(tmpdir(), 'thunder-connect-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spark.conf', () => {
  it('sets, gets, lists and unsets runtime configuration', async () => {
    const key = 'spark.sql.shuffle.partitions';
    const original = await spark().conf.get(key);
    await spark().conf.set(key, 7);
    expect(await spark().conf.get(key)).toBe('7');
    // The same value as SQL sees it.
    expect(await (await spark().sql(`SET ${key}`)).collect()).toEqual([{ key, value: '7' }]);
    expect((await spark().conf.getAll('spark.sql.shuffle'))[key]).toBe('7');
    // Unset drops the session's value, including one copied from spark-defaults.conf: Spark's own default (200) remains.
    await spark().conf.unset(key);
    expect(await spark().conf.get(key)).toBe('200');
    await spark().conf.set(key, original);
    await spark().conf.set('spark.thunder.test.flag', true);
    expect(await spark().conf.get('spark.thunder.test.flag')).toBe('true');
    await spark().conf.unset('spark.thunder.test.flag');
    expect(await spark().conf.getOption('spark.thunder.test.flag')).toBeUndefined();
    expect(await spark().conf.get('spark.thunder.test.flag', 'fallback')).toBe('fallback');
    expect(await spark().conf.isModifiable('spark.sql.ansi.enabled')).toBe(true);
    expect(await spark().conf.isModifiable('spark.executor.memory')).toBe(false);
  });

  it('fails on an unknown key without default, and the session stays usable', async () => {
    await expect(spark().conf.get('spark.thunder.no.such.key')).rejects.toMatchObject({ name: 'SparkConnectError', errorClass: 'SQL_CONF_NOT_FOUND' });
    expect(await spark().range(3).count()).toBe(3);
  });
});

describe('sources', () => {
  it('range with start, end, step and partitions', async () => {
    expect((await spark().range(5).collect()).map((r) => r['id'])).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect((await spark().range(10, 0, -3).collect()).map((r) => r['id'])).toEqual([10n, 7n, 4n, 1n]);
    expect(await spark().range(0, 100, 1, 3).select(sparkPartitionId().alias('p')).distinct().count()).toBe(3);
    expect(await spark().range(2n ** 40n, 2n ** 40n + 3n).agg(max('id').alias('m')).collect()).toEqual([{ m: 2n ** 40n + 2n }]);
    expect(() => spark().range(0, 10, 0)).toThrow(expect.objectContaining({ argument: 'range(step)' }));
  });

  it('sql runs commands eagerly and table reads views and tables', async () => {
    await spark().sql("CREATE OR REPLACE TEMP VIEW kv AS SELECT * FROM VALUES (1, 'one'), (2, 'two') AS kv(k, v)");
    expect(await spark().table('kv').orderBy('k').collect()).toEqual([
      { k: 1, v: 'one' },
      { k: 2, v: 'two' },
    ]);
    const df = await spark().sql('SELECT k * 10 AS k10 FROM kv');
    // A SQL DataFrame composes like any other, and its columns bind to it.
    expect(await df.filter(df.col('k10').gt(10)).collect()).toEqual([{ k10: 20 }]);
  });

  it('read.csv/json/parquet/text and format().option().schema().load()', async () => {
    writeFileSync(join(dir, 'a.csv'), 'k,v\n1,1.5\n2,2.5\n');
    writeFileSync(join(dir, 'a.json'), '{"k": 1, "tags": ["x"]}\n{"k": 2, "tags": []}\n');
    const csv = spark().read.format('csv').option('header', true).option('inferSchema', true).load(join(dir, 'a.csv'));
    expect(await csv.dtypes()).toEqual([
      ['k', 'int'],
      ['v', 'double'],
    ]);
    expect(await csv.orderBy('k').collect()).toEqual([
      { k: 1, v: 1.5 },
      { k: 2, v: 2.5 },
    ]);
    const typed = spark().read.schema('k BIGINT, v STRING').options({ header: true }).csv(join(dir, 'a.csv'));
    expect(await typed.orderBy('k').collect()).toEqual([
      { k: 1n, v: '1.5' },
      { k: 2n, v: '2.5' },
    ]);
    const json = spark().read.json(join(dir, 'a.json'));
    expect(await json.orderBy('k').collect()).toEqual([
      { k: 1n, tags: ['x'] },
      { k: 2n, tags: [] },
    ]);
    await csv.write.mode('overwrite').parquet(join(dir, 'p'));
    expect(await spark().read.parquet(join(dir, 'p')).orderBy('k').collect()).toEqual(await csv.orderBy('k').collect());
    expect((await spark().read.text(join(dir, 'a.csv')).collect()).map((r) => r['value'])).toEqual(['k,v', '1,1.5', '2,2.5']);
  });

  it('a missing path fails with PATH_NOT_FOUND when the plan is analyzed', async () => {
    const df = spark().read.parquet(join(dir, 'nothing-here'));
    await expect(df.schema()).rejects.toMatchObject({ errorClass: 'PATH_NOT_FOUND' });
    // Not cached: asking again asks the server again (and fails again).
    await expect(df.columns()).rejects.toMatchObject({ errorClass: 'PATH_NOT_FOUND' });
  });
});

describe('DataType model against the server', () => {
  it('toDDL is read back by the server as the same type', async () => {
    const schema = DataTypes.struct([
      DataTypes.field('id', DataTypes.long, false),
      DataTypes.field('the values', DataTypes.array(DataTypes.double)),
      DataTypes.field('m', DataTypes.map(DataTypes.string, DataTypes.struct([DataTypes.field('x', DataTypes.float)]))),
      DataTypes.field('d', DataTypes.decimal(12, 3)),
      DataTypes.field('when', DataTypes.timestamp),
      DataTypes.field('day', DataTypes.date),
      DataTypes.field('b', DataTypes.binary),
      DataTypes.field('flag', DataTypes.boolean),
      DataTypes.field('small', DataTypes.short),
      DataTypes.field('tiny', DataTypes.byte),
    ]);
    expect(await spark().parseDataType(toDDL(schema))).toEqual(schema);
    expect(await spark().parseDataType('array<int>')).toEqual(DataTypes.array(DataTypes.integer));
  });

  it('a schema given to read.schema is the schema read', async () => {
    const schema = DataTypes.struct([DataTypes.field('k', DataTypes.integer), DataTypes.field('v', DataTypes.double)]);
    writeFileSync(join(dir, 'b.csv'), '1,2.0\n');
    expect(await spark().read.schema(schema).csv(join(dir, 'b.csv')).schema()).toEqual(schema);
  });
});

describe('numeric results as typed arrays', () => {
  it('listColumn gives all array<double> rows as one Float64Array with offsets', async () => {
    // Row i holds [i, i + 1, ..., i + (i % 4)] as doubles: lengths 1, 2, 3, 4, 1, 2, ...
    const n = 1000;
    const df = spark()
      .range(0, n, 1, 4)
      .select(col('id'), transform(sequence(col('id'), col('id').plus(col('id').mod(4))), (x) => x.cast('double')).alias('v'))
      .orderBy('id');
    const table = await df.toArrow();
    const list = listColumn(table, 'v');
    expect(list.values).toBeInstanceOf(Float64Array);
    expect(list.length).toBe(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      expect(list.offsets[i]).toBe(at);
      for (let j = 0; j <= i % 4; j++) expect(list.values[at + j]).toBe(i + j);
      at += (i % 4) + 1;
    }
    expect(list.offsets[n]).toBe(at);
    expect(list.values.length).toBe(at);
    const ids = numericColumn(table, 'id');
    expect(ids.values).toBeInstanceOf(BigInt64Array);
    expect(ids.values[999]).toBe(999n);
  });

  it('keeps float and int element types', async () => {
    const table = await spark().range(3).select(transform(sequence(1, 3), (x) => x.cast('float')).alias('f'), sequence(col('id'), 3).cast('array<int>').alias('i')).toArrow();
    expect(listColumn(table, 'f').values).toEqual(new Float32Array([1, 2, 3, 1, 2, 3, 1, 2, 3]));
    const ints = listColumn(table, 'i');
    expect(ints.values).toEqual(new Int32Array([0, 1, 2, 3, 1, 2, 3, 2, 3]));
    expect([...ints.offsets]).toEqual([0, 4, 7, 9]);
  });
});
