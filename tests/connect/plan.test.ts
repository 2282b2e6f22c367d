/** Plan and expression building without a server: the protocol messages, written out by hand. */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { DataFrame } from '../../src/connect/dataframe.js';
import { DataFrameReader } from '../../src/connect/reader.js';
import {
  Column,
  DataTypes,
  Window,
  aggregate,
  col,
  countDistinct,
  doubleLit,
  expr,
  filter,
  lit,
  percentile,
  rowNumber,
  sum,
  transform,
  when,
  zipWith,
} from '../../src/connect/index.js';
import type { SparkSession } from '../../src/connect/session.js';

/** Just enough of a session for transformations (plan ids) and for capturing the commands actions send. */
function fakeSession(commands: unknown[] = []): SparkSession {
  let next = 100;
  return {
    nextPlanId: () => next++,
    executeCommand: async (command: unknown) => {
      commands.push(command);
      return [];
    },
  } as unknown as SparkSession;
}

const range = (session: SparkSession) => new DataFrame(session, { common: { planId: '1' }, range: { start: '0', end: '10', step: '1' } });

const attr = (name: string) => ({ unresolvedAttribute: { unparsedIdentifier: name } });
const fn = (name: string, ...args: object[]) => ({ unresolvedFunction: { functionName: name, arguments: args } });

describe('Column expressions', () => {
  it('builds operators as Spark function calls with literal operands', () => {
    expect(col('a').plus(1).gt(col('b')).expr).toEqual(fn('>', fn('+', attr('a'), { literal: { integer: 1 } }), attr('b')));
    expect(col('a').ne('x').expr).toEqual(fn('not', fn('==', attr('a'), { literal: { string: 'x' } })));
    expect(col('a').between(1, 2).expr).toEqual(
      fn('and', fn('>=', attr('a'), { literal: { integer: 1 } }), fn('<=', attr('a'), { literal: { integer: 2 } })),
    );
    expect(col('a').isin(1, 2.5).expr).toEqual(fn('in', attr('a'), { literal: { integer: 1 } }, { literal: { double: 2.5 } }));
  });

  it('makes stars, qualified stars and distinct aggregates', () => {
    expect(col('*').expr).toEqual({ unresolvedStar: {} });
    expect(col('t.*').expr).toEqual({ unresolvedStar: { unparsedTarget: 't.*' } });
    expect(countDistinct('a', 'b').expr).toEqual({ unresolvedFunction: { functionName: 'count', arguments: [attr('a'), attr('b')], isDistinct: true } });
  });

  it('chains when/otherwise into one CASE WHEN call', () => {
    const c = when(col('x').gt(1), 'big').when(col('x').gt(0), 'small').otherwise('none');
    expect(c.expr).toEqual(
      fn('when', fn('>', attr('x'), { literal: { integer: 1 } }), { literal: { string: 'big' } }, fn('>', attr('x'), { literal: { integer: 0 } }), { literal: { string: 'small' } }, { literal: { string: 'none' } }),
    );
    expect(() => c.when(col('x').isNull(), 'n')).toThrow(InvalidArgumentError);
    expect(() => col('x').otherwise(1)).toThrow(/otherwise/);
  });

  it('casts to model types and to type strings, and aliases', () => {
    expect(col('a').cast('double').alias('b').expr).toEqual({ alias: { expr: { cast: { expr: attr('a'), typeStr: 'double' } }, name: ['b'] } });
    expect(col('a').tryCast({ kind: 'integer' }).expr).toEqual({ cast: { expr: attr('a'), type: { integer: {} }, evalMode: 'EVAL_MODE_TRY' } });
    expect(() => col('a').cast('')).toThrow(expect.objectContaining({ argument: 'cast(to)' }));
  });

  it('extracts items and fields', () => {
    expect(col('a').getItem(0).expr).toEqual({ unresolvedExtractValue: { child: attr('a'), extraction: { literal: { integer: 0 } } } });
    expect(col('s').getField('f').expr).toEqual({ unresolvedExtractValue: { child: attr('s'), extraction: { literal: { string: 'f' } } } });
  });

  it('is immutable', () => {
    const a = col('a');
    const before = JSON.stringify(a.expr);
    a.plus(1).alias('x').desc();
    expect(JSON.stringify(a.expr)).toBe(before);
  });
});

describe('lambdas', () => {
  it('builds LambdaFunction with fresh variable names and passes the index when asked for', () => {
    const e = transform('v', (x, i) => x.multiply(i)).expr;
    const lambdaFn = e.unresolvedFunction!.arguments![1]!.lambdaFunction!;
    const [x, i] = lambdaFn.arguments!.map((v) => v.nameParts![0]!);
    expect(x).toMatch(/^x_\d+$/);
    expect(i).toMatch(/^y_\d+$/);
    expect(lambdaFn.function).toEqual(fn('*', { unresolvedNamedLambdaVariable: { nameParts: [x] } }, { unresolvedNamedLambdaVariable: { nameParts: [i] } }));
    expect(transform('v', (y) => y).expr.unresolvedFunction!.arguments![1]!.lambdaFunction!.arguments).toHaveLength(1);
  });

  it('never reuses a variable name, so nested lambdas do not capture each other', () => {
    const e = transform('m', (row) => filter(row, (x) => x.gt(0))).expr;
    const outer = e.unresolvedFunction!.arguments![1]!.lambdaFunction!;
    const inner = outer.function!.unresolvedFunction!.arguments![1]!.lambdaFunction!;
    expect(outer.arguments![0]!.nameParts).not.toEqual(inner.arguments![0]!.nameParts);
  });

  it('aggregate takes merge and finish; zipWith two arrays', () => {
    const e = aggregate('v', doubleLit(0), (acc, x) => acc.plus(x), (acc) => acc.divide(2)).expr;
    expect(e.unresolvedFunction!.functionName).toBe('aggregate');
    expect(e.unresolvedFunction!.arguments).toHaveLength(4);
    expect(e.unresolvedFunction!.arguments![1]).toEqual({ literal: { double: 0 } });
    expect(zipWith('a', 'b', (x, y) => x.plus(y)).expr.unresolvedFunction!.functionName).toBe('zip_with');
  });

  it('rejects lambdas that do not return a Column', () => {
    expect(() => transform('v', (() => 3) as unknown as (x: Column) => Column)).toThrow(expect.objectContaining({ argument: 'transform(f)' }));
  });
});

describe('windows', () => {
  it('builds partition, order and frame specs', () => {
    const w = Window.partitionBy('k').orderBy(col('t').desc()).rowsBetween(Window.unboundedPreceding, -1);
    expect(rowNumber().over(w).expr).toEqual({
      window: {
        windowFunction: fn('row_number'),
        partitionSpec: [attr('k')],
        orderSpec: [{ child: attr('t'), direction: 'SORT_DIRECTION_DESCENDING', nullOrdering: 'SORT_NULLS_LAST' }],
        frameSpec: { frameType: 'FRAME_TYPE_ROW', lower: { unbounded: true }, upper: { value: { literal: { integer: -1 } } } },
      },
    });
    expect(Window.rangeBetween(0, Window.unboundedFollowing).frame).toEqual({ frameType: 'FRAME_TYPE_RANGE', lower: { currentRow: true }, upper: { unbounded: true } });
  });

  it('rejects inverted or fractional frames', () => {
    expect(() => Window.rowsBetween(2, 1)).toThrow(expect.objectContaining({ argument: 'rowsBetween(start, end)' }));
    expect(() => Window.rowsBetween(0.5, 1)).toThrow(expect.objectContaining({ argument: 'rowsBetween(start)' }));
  });
});

describe('DataFrame plans', () => {
  it('gives every new node a fresh plan id and the input as child', () => {
    const s = fakeSession();
    const df = range(s).filter(col('id').gt(2)).select('id', expr('id * 2 AS d'));
    expect(df.relation.common).toEqual({ planId: '101' });
    expect(df.relation.project!.input!.common).toEqual({ planId: '100' });
    expect(df.relation.project!.input!.filter!.input!.range).toEqual({ start: '0', end: '10', step: '1' });
    expect(df.relation.project!.expressions).toEqual([attr('id'), { expressionString: { expression: 'id * 2 AS d' } }]);
  });

  it('binds df.col to the DataFrame plan id', () => {
    const df = range(fakeSession());
    expect(df.col('id').expr).toEqual({ unresolvedAttribute: { unparsedIdentifier: 'id', planId: '1' } });
    expect(df.get('*').expr).toEqual({ unresolvedStar: { planId: '1' } });
  });

  it('builds joins on names, on conditions and with PySpark join type spellings', () => {
    const s = fakeSession();
    const a = range(s);
    const b = range(s);
    expect(a.join(b, 'id', 'left_outer').relation.join).toMatchObject({ joinType: 'JOIN_TYPE_LEFT_OUTER', usingColumns: ['id'] });
    expect(a.join(b, [a.col('id').eq(b.col('id')), a.col('id').gt(1)], 'leftanti').relation.join).toMatchObject({
      joinType: 'JOIN_TYPE_LEFT_ANTI',
      joinCondition: fn('and', fn('==', a.col('id').expr, b.col('id').expr), fn('>', a.col('id').expr, { literal: { integer: 1 } })),
    });
    expect(() => a.join(b, 'id', 'sideways' as never)).toThrow(expect.objectContaining({ argument: 'join(how)' }));
    expect(() => a.join(b, ['id', col('id')] as never)).toThrow(expect.objectContaining({ argument: 'join(on)' }));
  });

  it('builds aggregates, sorts, set operations, samples and repartitions', () => {
    const s = fakeSession();
    const df = range(s);
    expect(df.groupBy('id').agg(sum('id')).relation.aggregate).toMatchObject({ groupType: 'GROUP_TYPE_GROUPBY', groupingExpressions: [attr('id')], aggregateExpressions: [fn('sum', attr('id'))] });
    expect(df.groupBy('id').agg({ id: 'max' }).relation.aggregate!.aggregateExpressions).toEqual([fn('max', attr('id'))]);
    expect(df.orderBy(col('id').desc(), 'x').relation.sort).toMatchObject({
      isGlobal: true,
      order: [
        { child: attr('id'), direction: 'SORT_DIRECTION_DESCENDING', nullOrdering: 'SORT_NULLS_LAST' },
        { child: attr('x'), direction: 'SORT_DIRECTION_ASCENDING', nullOrdering: 'SORT_NULLS_FIRST' },
      ],
    });
    expect(df.unionByName(df, true).relation.setOp).toMatchObject({ setOpType: 'SET_OP_TYPE_UNION', isAll: true, byName: true, allowMissingColumns: true });
    expect(df.sample(0.25, 7).relation.sample).toMatchObject({ lowerBound: 0, upperBound: 0.25, withReplacement: false, seed: '7' });
    expect(df.repartition(4).relation.repartition).toMatchObject({ numPartitions: 4, shuffle: true });
    expect(df.repartition(4, 'id').relation.repartitionByExpression).toMatchObject({ numPartitions: 4, partitionExprs: [attr('id')] });
    expect(df.coalesce(2).relation.repartition).toMatchObject({ numPartitions: 2, shuffle: false });
    expect(df.dropDuplicates(['id']).relation.deduplicate).toMatchObject({ columnNames: ['id'] });
    expect(df.distinct().relation.deduplicate).toMatchObject({ allColumnsAsKeys: true });
  });

  it('builds write commands and view commands', async () => {
    const sent: unknown[] = [];
    const df = range(fakeSession(sent));
    await df.write.mode('append').format('csv').option('header', true).options({ sep: ';', n: 3 }).partitionBy('k').save('/out');
    await df.write.parquet('/p');
    await df.write.mode('overwrite').saveAsTable('db.t');
    await df.createOrReplaceTempView('v');
    expect(sent).toEqual([
      {
        writeOperation: {
          input: df.relation,
          source: 'csv',
          path: '/out',
          mode: 'SAVE_MODE_APPEND',
          options: { header: 'true', sep: ';', n: '3' },
          partitioningColumns: ['k'],
          sortColumnNames: [],
        },
      },
      { writeOperation: { input: df.relation, source: 'parquet', path: '/p', mode: 'SAVE_MODE_ERROR_IF_EXISTS', options: {}, partitioningColumns: [], sortColumnNames: [] } },
      {
        writeOperation: {
          input: df.relation,
          table: { tableName: 'db.t', saveMethod: 'TABLE_SAVE_METHOD_SAVE_AS_TABLE' },
          mode: 'SAVE_MODE_OVERWRITE',
          options: {},
          partitioningColumns: [],
          sortColumnNames: [],
        },
      },
      { createDataframeView: { input: df.relation, name: 'v', isGlobal: false, replace: true } },
    ]);
  });

  it('builds reads with format, schema and options', () => {
    const s = fakeSession();
    const reader = new DataFrameReader(s);
    const df = reader.format('csv').schema(DataTypes.struct([DataTypes.field('a', DataTypes.integer, false)])).option('header', true).load('/x', '/y');
    expect(df.relation).toEqual({ common: { planId: '100' }, read: { dataSource: { format: 'csv', schema: 'a INT NOT NULL', options: { header: 'true' }, paths: ['/x', '/y'] } } });
    expect(reader.table('t').relation).toEqual({ common: { planId: '101' }, read: { namedTable: { unparsedIdentifier: 't', options: {} } } });
    // Builders are immutable: the first reader kept no format.
    expect(reader.load('/z').relation.read!.dataSource!.format).toBeUndefined();
  });

  it('names the argument of a bad call', () => {
    const df = range(fakeSession());
    const cases: [() => unknown, string][] = [
      [() => df.limit(-1), 'limit(n)'],
      [() => df.offset(1.5), 'offset(n)'],
      [() => df.sample(2), 'sample(fraction)'],
      [() => df.repartition(0), 'repartition(numPartitions)'],
      [() => df.coalesce(0), 'coalesce(numPartitions)'],
      [() => df.select(3 as never), 'select(cols[0])'],
      [() => df.filter(''), 'filter(condition)'],
      [() => df.withColumn('x', 'id' as never), 'withColumns(x)'],
      [() => df.orderBy(), 'orderBy(cols)'],
      [() => df.groupBy('id').sum(), 'sum(cols)'],
      [() => df.groupBy('id').agg(), 'agg(exprs)'],
      [() => df.col(''), 'col(name)'],
      [() => df.write.mode('sometimes' as never), 'mode(mode)'],
      [() => percentile('x', 1.5), 'percentile(percentage)'],
      [() => lit(undefined as never), 'lit(value)'],
      [() => lit([]), 'lit(value)'],
    ];
    for (const [call, argument] of cases) {
      expect(call, argument).toThrow(InvalidArgumentError);
      expect(call, argument).toThrow(expect.objectContaining({ argument }));
    }
  });
});
