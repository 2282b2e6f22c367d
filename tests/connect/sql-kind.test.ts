/** Which statements spark.sql() may check with AnalyzePlan alone: queries only, never a command. */
import { describe, expect, it } from 'vitest';
import { isQueryStatement } from '../../src/connect/plan/sql-kind.js';

describe('isQueryStatement', () => {
  it.each([
    'SELECT 1 AS one',
    '  select * from range(3)',
    'VALUES (1, 2), (3, 4)',
    'TABLE t',
    '(SELECT 1) UNION ALL (SELECT 2)',
    'WITH c AS (SELECT 1 AS x) SELECT x FROM c',
    'FROM range(3) SELECT id',
    '-- a comment\nSELECT 1',
    '/* a comment */ SELECT 1',
    "SELECT 'INSERT' AS word",
  ])('a query: %s', (q) => {
    expect(isQueryStatement(q)).toBe(true);
  });

  it.each([
    'CREATE TEMP VIEW v AS SELECT 1',
    'INSERT INTO t SELECT 1',
    'WITH c AS (SELECT 1 AS x) INSERT INTO t SELECT x FROM c',
    'FROM s INSERT INTO t SELECT *',
    'with c as (select 1) merge into t using c on true when matched then delete',
    "WITH c AS (SELECT 'insert' AS w) SELECT w FROM c", // a DML word anywhere: the eager way, to be safe
    'SET spark.sql.shuffle.partitions=4',
    'EXPLAIN SELECT 1',
    'DROP VIEW IF EXISTS v',
    'CACHE TABLE t',
    'BEGIN SELECT 1; END',
    '/* unterminated SELECT 1',
    '/* nested /* comment */ */ SELECT 1',
    '-- only a comment',
    'SELEC 1',
  ])('not a query: %s', (q) => {
    expect(isQueryStatement(q)).toBe(false);
  });
});
