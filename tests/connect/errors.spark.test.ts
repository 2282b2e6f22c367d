/** Spark's errors arrive as SparkConnectError with Spark's error class; the session survives each. */
import { describe, expect, it } from 'vitest';
import { SparkConnectError } from '../../src/connect/index.js';
import { useSpark } from '../helpers/spark.js';
import { rejectsWith } from '../helpers/errors.js';

describe('typed errors from the server', () => {
  const spark = useSpark();

  const failure = (query: string): Promise<SparkConnectError> =>
    rejectsWith(
      spark()
        .sql(query)
        .then((df) => df.collect()),
      SparkConnectError,
    );

  it.each([
    ['syntax error', 'SELECT 1 +', 'PARSE_SYNTAX_ERROR', '42601'],
    ['unknown column', 'SELECT no_such_column FROM range(3)', 'UNRESOLVED_COLUMN.WITH_SUGGESTION', '42703'],
    ['division by zero (ANSI)', 'SELECT 1 / (id - id) AS x FROM range(3)', 'DIVIDE_BY_ZERO', '22012'],
    ['failing cast (ANSI)', "SELECT CAST(concat('x', id) AS INT) AS x FROM range(3)", 'CAST_INVALID_INPUT', '22018'],
  ])('%s → %s', async (_what, query, errorClass, sqlState) => {
    const e = await failure(query);
    expect(e.errorClass).toBe(errorClass);
    expect(e.sqlState).toBe(sqlState);
    expect(e.exceptionClasses.length).toBeGreaterThan(0);
    const [row] = await (await spark().sql('SELECT 7 AS seven')).collect();
    expect(row!['seven']).toBe(7);
  });

  it('carries message parameters and the server stack trace', async () => {
    const e = await failure('SELECT no_such_column FROM range(3)');
    expect(e.messageParameters['objectName']).toBe('`no_such_column`');
    expect(e.serverStackTrace?.length ?? 0).toBeGreaterThan(0);
  });
});
