/**
 * spark.sql(): commands run at the call, queries are checked at the call (one AnalyzePlan)
 * and run at the action; both report syntax and analysis errors at the call.
 */
import { describe, expect, it } from 'vitest';
import { SparkConnectError } from '../../src/connect/index.js';
import { rejectsWith } from '../helpers/errors.js';
import { useSpark } from '../helpers/spark.js';

describe('spark.sql() eagerness', () => {
  const spark = useSpark();

  it('runs a command at the call: a temp view is visible at once', async () => {
    await spark().sql('CREATE OR REPLACE TEMP VIEW h14_eager_v AS SELECT 41 + 1 AS answer');
    const tables = await (await spark().sql("SHOW VIEWS LIKE 'h14_eager_v'")).collect();
    expect(tables.map((r) => r['viewName'])).toEqual(['h14_eager_v']);
    expect(await (await spark().sql('SELECT answer FROM h14_eager_v')).collect()).toEqual([{ answer: 42 }]);
    await spark().sql('DROP VIEW h14_eager_v');
  });

  it('runs DML with a WITH clause once, at the call', async () => {
    await spark().sql('CREATE TABLE h14_eager_t (k INT) USING parquet');
    try {
      // Not collected: the insert must have happened at the call, and exactly once.
      await spark().sql('WITH c AS (SELECT 7 AS k) INSERT INTO h14_eager_t SELECT k FROM c');
      expect(await (await spark().sql('SELECT k FROM h14_eager_t')).collect()).toEqual([{ k: 7 }]);
    } finally {
      await spark().sql('DROP TABLE IF EXISTS h14_eager_t');
    }
  });

  it('rejects a query with a syntax error at the call, not at the action', async () => {
    const e = await rejectsWith(spark().sql('SELECT 1 +'), SparkConnectError);
    expect(e.errorClass).toBe('PARSE_SYNTAX_ERROR');
  });

  it('rejects a query over an unknown table at the call', async () => {
    const e = await rejectsWith(spark().sql('SELECT * FROM h14_no_such_table'), SparkConnectError);
    expect(e.errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
  });

  it('returns the rows and the schema of a query, with bound parameters', async () => {
    const df = await spark().sql('SELECT id * :f AS v, CAST(id AS STRING) AS s FROM range(3) ORDER BY id', { f: 10 });
    // 0, 1, 2 times 10; the string column spells the ids.
    expect(await df.collect()).toEqual([
      { v: 0n, s: '0' },
      { v: 10n, s: '1' },
      { v: 20n, s: '2' },
    ]);
    expect(await df.dtypes()).toEqual([
      ['v', 'bigint'],
      ['s', 'string'],
    ]);
  });

  it('gives a query and the same statement through the eager path the same rows', async () => {
    // A leading nested comment sends the statement the eager way (SqlCommand).
    const lazy = await (await spark().sql('VALUES (1, 2.5), (3, 4.5) AS t(a, b)')).collect();
    const eager = await (await spark().sql('/* x /* y */ */ VALUES (1, 2.5), (3, 4.5) AS t(a, b)')).collect();
    expect(lazy).toEqual([
      { a: 1, b: '2.5' },
      { a: 3, b: '4.5' },
    ]);
    expect(eager).toEqual(lazy);
  });
});
