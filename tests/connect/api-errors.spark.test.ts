/**
 * The error side of the DataFrame/Column API: bad arguments fail at once
 * with InvalidArgumentError naming the argument; what only the server can
 * judge fails with SparkConnectError carrying Spark's error class. The
 * session stays usable after each.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import {
  SparkConnectError,
  SparkSession,
  aggregate,
  callFunction,
  col,
  expr,
  filter,
  lit,
  percentile,
  sequence,
  sum,
  type DataFrame,
} from '../../src/connect/index.js';
import { sparkRemote, useSpark } from '../helpers/spark.js';
import { rejectsWith } from '../helpers/errors.js';

const spark = useSpark();

/** The action fails with a SparkConnectError of `errorClass`, and the session stays usable. */
async function expectSparkError(action: Promise<unknown>, errorClass: RegExp): Promise<void> {
  expect((await rejectsWith(action, SparkConnectError)).errorClass).toMatch(errorClass);
  expect(await spark().range(4).count()).toBe(4);
}

describe('server-side errors carry the error class', () => {
  const base = (): DataFrame => spark().range(5).withColumn('v', col('id').multiply(1.5));

  it('an unknown column, wherever it appears', async () => {
    await expectSparkError(base().select(col('nope')).collect(), /^UNRESOLVED_COLUMN\./);
    await expectSparkError(base().filter('nope > 1').count(), /^UNRESOLVED_COLUMN\./);
    await expectSparkError(base().groupBy('nope').agg(sum('v')).collect(), /^UNRESOLVED_COLUMN\./);
    await expectSparkError(base().orderBy(col('nope')).collect(), /^UNRESOLVED_COLUMN\./);
    await expectSparkError(base().select('nope').schema(), /^UNRESOLVED_COLUMN\./);
  });

  it('ambiguous and misplaced column references', async () => {
    const df = base();
    const derived = df.select('id');
    await expectSparkError(df.join(derived, df.col('id').eq(derived.col('id'))).select(df.col('id')).collect(), /^AMBIGUOUS_COLUMN_REFERENCE$/);
    await expectSparkError(base().join(spark().range(2).select(col('id').alias('other')), 'id').collect(), /^UNRESOLVED_USING_COLUMN_FOR_JOIN$/);
  });

  it('bad SQL text, unknown functions and type errors', async () => {
    await expectSparkError(base().select(expr('id +* 2')).collect(), /^PARSE_SYNTAX_ERROR$/);
    await expectSparkError(base().filter('id > (1').collect(), /^PARSE_SYNTAX_ERROR$/);
    await expectSparkError(base().select(callFunction('no_such_function', 'id')).collect(), /^UNRESOLVED_ROUTINE$/);
    await expectSparkError(base().select(col('id').plus(lit(true))).collect(), /^DATATYPE_MISMATCH\./);
    await expectSparkError(base().union(base().select('id')).collect(), /^NUM_COLUMNS_MISMATCH$/);
  });

  it('lambdas of the wrong type', async () => {
    const arrays = spark().range(3).select(sequence(1, col('id').plus(1)).cast('array<double>').alias('a'));
    // The accumulator is an int and the elements doubles: Spark asks for one type.
    await expectSparkError(arrays.select(aggregate('a', 0, (acc, x) => acc.plus(x))).collect(), /^DATATYPE_MISMATCH\./);
    await expectSparkError(arrays.select(filter('a', (x) => x.plus(1))).collect(), /^DATATYPE_MISMATCH\./);
  });

  it('runtime failures under ANSI mode', async () => {
    await expectSparkError(base().select(lit('abc').cast('int')).collect(), /^CAST_INVALID_INPUT$/);
    await expectSparkError(base().select(col('id').divide(0)).collect(), /^DIVIDE_BY_ZERO$/);
    await expectSparkError(base().select(sequence(1, 3).getItem(5)).collect(), /^INVALID_ARRAY_INDEX$/);
  });
});

describe('client-side argument errors', () => {
  it('fail before anything is sent and name the argument', async () => {
    const df = spark().range(3);
    const cases: [() => unknown, string][] = [
      [() => df.limit(1.5), 'limit(n)'],
      [() => df.sample(-0.1), 'sample(fraction)'],
      [() => df.sample(0.5, 1.5), 'sample(seed)'],
      [() => df.join({} as DataFrame), 'join(other)'],
      [() => df.join(df, 'id', 'outer_space' as never), 'join(how)'],
      [() => df.select(col('id').alias()), 'alias(names)'],
      [() => df.repartition(-2), 'repartition(numPartitions)'],
      [() => df.dropDuplicates('id' as never), 'dropDuplicates(subset)'],
      [() => df.withColumnsRenamed({ id: '' }), 'withColumnsRenamed(id)'],
      [() => spark().read.load(''), 'load(paths[0])'],
      [() => spark().read.schema(''), 'schema(schema)'],
      [() => spark().table(''), 'table(name)'],
      [() => percentile('id', [0.5, 2]), 'percentile(percentage)'],
      [() => lit(Symbol('x') as never), 'lit(value)'],
      [() => col(''), 'col(name)'],
    ];
    for (const [call, argument] of cases) {
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, argument).toBeInstanceOf(InvalidArgumentError);
      expect((thrown as InvalidArgumentError).argument, argument).toBe(argument);
    }
    await expect(spark().sql('')).rejects.toMatchObject({ argument: 'sql(query)' });
    await expect(spark().conf.set('', 1)).rejects.toMatchObject({ argument: 'set(key)' });
    await expect(df.explain('verbose' as never)).rejects.toMatchObject({ argument: 'explain(mode)' });
    expect(await df.count()).toBe(3);
  });

  it('refuses to combine DataFrames of different sessions', async () => {
    const other = await SparkSession.connect(sparkRemote());
    try {
      expect(() => spark().range(2).union(other.range(2))).toThrow(expect.objectContaining({ argument: 'union(other)' }));
      expect(await other.range(2).count()).toBe(2);
    } finally {
      await other.stop();
    }
  });
});
