/**
 * The DataFrame API against a real server. Expected values come from the
 * equivalent Spark SQL query over the same views, or are written by hand.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DataTypes,
  SparkInterruptedError,
  StorageLevels,
  avg,
  col,
  count,
  countDistinct,
  expr,
  lit,
  max,
  min,
  sparkPartitionId,
  sum,
  type DataFrame,
  type Row,
} from '../../src/connect/index.js';
import { sqlRows, useSpark } from '../helpers/spark.js';
import { scratchDir } from '../helpers/temp.js';

const spark = useSpark();
let people: DataFrame;
let depts: DataFrame;

beforeAll(async () => {
  await spark().sql(`CREATE OR REPLACE TEMP VIEW people AS SELECT * FROM VALUES
    (1, 'ann', 'a', 10.0D), (2, 'bob', 'b', 20.5D), (3, 'cid', 'a', NULL), (4, 'dee', 'c', 7.25D), (5, 'eve', 'b', 3.0D)
    AS people(id, name, dept, score)`);
  await spark().sql(`CREATE OR REPLACE TEMP VIEW depts AS SELECT * FROM VALUES ('a', 'Alpha'), ('b', 'Beta'), ('d', 'Delta') AS depts(dept, title)`);
  people = spark().table('people');
  depts = spark().table('depts');
});

describe('projection and filtering', () => {
  it('select by names, Columns, arrays and star', async () => {
    expect(await people.select('id', col('score').multiply(2).alias('s2')).orderBy('id').collect()).toEqual(
      await sqlRows(spark(), 'SELECT id, score * 2 AS s2 FROM people ORDER BY id'),
    );
    expect(await people.select(['name', 'dept']).orderBy('name').collect()).toEqual(await sqlRows(spark(), 'SELECT name, dept FROM people ORDER BY name'));
    expect(await people.select('*').orderBy('id').collect()).toEqual(await sqlRows(spark(), 'SELECT * FROM people ORDER BY id'));
  });

  it('selectExpr parses SQL expressions', async () => {
    expect(await people.selectExpr('id', 'upper(name) AS n', 'score IS NULL AS missing').orderBy('id').collect()).toEqual(
      await sqlRows(spark(), 'SELECT id, upper(name) AS n, score IS NULL AS missing FROM people ORDER BY id'),
    );
  });

  it('filter and where take a Column or SQL text', async () => {
    const expected = await sqlRows(spark(), "SELECT * FROM people WHERE score > 5 AND dept <> 'c' ORDER BY id");
    expect(expected.map((r) => r['id'])).toEqual([1, 2]);
    expect(await people.filter(col('score').gt(5).and(col('dept').ne('c'))).orderBy('id').collect()).toEqual(expected);
    expect(await people.where("score > 5 AND dept <> 'c'").orderBy('id').collect()).toEqual(expected);
  });

  it('withColumn, withColumns, withColumnRenamed(s) and drop', async () => {
    const df = people
      .withColumn('double', col('id').multiply(2))
      .withColumns({ id: col('id').plus(100), one: lit(1) })
      .withColumnRenamed('name', 'who')
      .withColumnsRenamed({ dept: 'd', nothing: 'x' })
      .drop('score', col('one'), 'not_there');
    expect(await df.columns()).toEqual(['id', 'who', 'd', 'double']);
    expect(await df.orderBy('id').collect()).toEqual(await sqlRows(spark(), 'SELECT id + 100 AS id, name AS who, dept AS d, id * 2 AS double FROM people ORDER BY id'));
  });

  it('alias qualifies columns; df.col stays bound through a self-join', async () => {
    const a = people.alias('a');
    const b = people.alias('b');
    const joined = a.join(b, col('a.id').eq(col('b.id').minus(1))).select(col('a.name').alias('first'), col('b.name').alias('second')).orderBy('first');
    const expected = await sqlRows(spark(), 'SELECT a.name AS first, b.name AS second FROM people a JOIN people b ON a.id = b.id - 1 ORDER BY first');
    expect(expected).toHaveLength(4);
    expect(await joined.collect()).toEqual(expected);
    // Two reads of the same view are different plan nodes, so their columns stay apart.
    const left = spark().table('people');
    const other = spark().table('people').select(col('id'), col('name').alias('n2'));
    const bound = left.join(other, left.col('id').eq(other.get('id').plus(1))).select(left.col('id'), other.get('n2')).orderBy(left.col('id'));
    expect(await bound.collect()).toEqual(await sqlRows(spark(), 'SELECT p.id, q.name AS n2 FROM people p JOIN people q ON p.id = q.id + 1 ORDER BY p.id'));
  });

  it('toDF renames by position', async () => {
    expect(await people.select('id', 'name').toDF('a', 'b').columns()).toEqual(['a', 'b']);
  });
});

describe('aggregation', () => {
  it('groupBy().agg matches GROUP BY', async () => {
    const df = people.groupBy('dept').agg(sum('score').alias('s'), avg('score').alias('a'), count('*').alias('n'), countDistinct('name').alias('d'));
    expect(await df.orderBy('dept').collect()).toEqual(
      await sqlRows(spark(), 'SELECT dept, sum(score) AS s, avg(score) AS a, count(*) AS n, count(DISTINCT name) AS d FROM people GROUP BY dept ORDER BY dept'),
    );
  });

  it('shortcut aggregations name columns as Spark does', async () => {
    const g = people.groupBy(col('dept'));
    expect(await g.count().orderBy('dept').collect()).toEqual(await sqlRows(spark(), 'SELECT dept, count(1) AS count FROM people GROUP BY dept ORDER BY dept'));
    expect(await g.sum('score', 'id').orderBy('dept').collect()).toEqual(await sqlRows(spark(), 'SELECT dept, sum(score), sum(id) FROM people GROUP BY dept ORDER BY dept'));
    expect(await g.avg('score').orderBy('dept').collect()).toEqual(await sqlRows(spark(), 'SELECT dept, avg(score) FROM people GROUP BY dept ORDER BY dept'));
    expect(await g.min('score').orderBy('dept').collect()).toEqual(await sqlRows(spark(), 'SELECT dept, min(score) FROM people GROUP BY dept ORDER BY dept'));
    expect(await g.max('score').orderBy('dept').collect()).toEqual(await sqlRows(spark(), 'SELECT dept, max(score) FROM people GROUP BY dept ORDER BY dept'));
    expect(await g.agg({ score: 'max', id: 'min' }).orderBy('dept').collect()).toEqual(
      await sqlRows(spark(), 'SELECT dept, max(score), min(id) FROM people GROUP BY dept ORDER BY dept'),
    );
  });

  it('df.agg aggregates all rows', async () => {
    // By hand: scores 10, 20.5, null, 7.25, 3 → sum 40.75, max 20.5, min 3.
    expect(await people.agg(sum('score').alias('s'), max('score').alias('hi'), min('score').alias('lo')).collect()).toEqual([{ s: 40.75, hi: 20.5, lo: 3 }]);
  });

  it('rollup and cube match GROUP BY ROLLUP / CUBE', async () => {
    const order = [col('dept').ascNullsLast(), col('name').ascNullsLast()];
    expect(await people.rollup('dept', 'name').agg(sum('id').alias('s')).orderBy(...order).collect()).toEqual(
      await sqlRows(spark(), 'SELECT dept, name, sum(id) AS s FROM people GROUP BY ROLLUP(dept, name) ORDER BY dept NULLS LAST, name NULLS LAST'),
    );
    expect(await people.cube('dept').agg(count('*').alias('n')).orderBy(col('dept').ascNullsLast()).collect()).toEqual(
      await sqlRows(spark(), 'SELECT dept, count(*) AS n FROM people GROUP BY CUBE(dept) ORDER BY dept NULLS LAST'),
    );
  });
});

describe('joins', () => {
  const cases: [string, string][] = [
    ['inner', 'INNER JOIN'],
    ['left', 'LEFT OUTER JOIN'],
    ['right', 'RIGHT OUTER JOIN'],
    ['full', 'FULL OUTER JOIN'],
    ['left_semi', 'LEFT SEMI JOIN'],
    ['anti', 'LEFT ANTI JOIN'],
  ];
  for (const [how, sqlJoin] of cases) {
    it(`${how} join on a column name and on an expression`, async () => {
      const semi = sqlJoin.includes('SEMI') || sqlJoin.includes('ANTI');
      const byName = await people.join(depts, 'dept', how as never).collect();
      const viaSql = await sqlRows(spark(), `SELECT * FROM people ${sqlJoin} depts USING (dept)`);
      const key = (r: Row) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      expect(byName.map(key).sort()).toEqual(viaSql.map(key).sort());
      const cond = people.join(depts, people.col('dept').eq(depts.col('dept')), how as never);
      const selected = semi ? cond.select(people.col('id')) : cond.select(people.col('id'), depts.col('title'));
      const condSql = await sqlRows(spark(), `SELECT p.id${semi ? '' : ', d.title'} FROM people p ${sqlJoin} depts d ON p.dept = d.dept`);
      expect((await selected.collect()).map(key).sort()).toEqual(condSql.map(key).sort());
    });
  }

  it('cross join pairs every row', async () => {
    expect(await people.crossJoin(depts).count()).toBe(15);
    expect(await people.join(depts, undefined, 'cross').count()).toBe(15);
  });
});

describe('set operations', () => {
  it('union keeps duplicates; unionByName matches names and can fill missing columns', async () => {
    const ids = people.select('id');
    expect(await ids.union(ids).count()).toBe(10);
    expect(await ids.unionAll(ids).distinct().count()).toBe(5);
    const a = people.select('id', 'name');
    const b = people.select('name', 'id');
    expect(await a.unionByName(b).orderBy('id').collect()).toEqual(await sqlRows(spark(), 'SELECT id, name FROM people UNION ALL SELECT id, name FROM people ORDER BY id'));
    const c = people.select('id');
    expect(await a.unionByName(c, true).filter(col('name').isNull()).count()).toBe(5);
  });

  it('intersect, subtract and exceptAll match SQL', async () => {
    const low = people.filter('id <= 3').select('dept');
    const high = people.filter('id >= 3').select('dept');
    const flat = async (df: DataFrame) => (await df.collect()).map((r) => r['dept']).sort();
    const sqlFlat = async (q: string) => (await sqlRows(spark(), q)).map((r) => r['dept']).sort();
    expect(await flat(low.intersect(high))).toEqual(await sqlFlat('SELECT dept FROM people WHERE id <= 3 INTERSECT SELECT dept FROM people WHERE id >= 3'));
    expect(await flat(low.subtract(high))).toEqual(await sqlFlat('SELECT dept FROM people WHERE id <= 3 EXCEPT SELECT dept FROM people WHERE id >= 3'));
    expect(await flat(low.exceptAll(high))).toEqual(await sqlFlat('SELECT dept FROM people WHERE id <= 3 EXCEPT ALL SELECT dept FROM people WHERE id >= 3'));
  });
});

describe('ordering, limits and sampling', () => {
  it('orderBy/sort with directions and null placement', async () => {
    expect((await people.orderBy(col('score').desc()).collect()).map((r) => r['id'])).toEqual([2, 1, 4, 5, 3]);
    expect((await people.sort(col('score').ascNullsLast()).collect()).map((r) => r['id'])).toEqual([5, 4, 1, 2, 3]);
    expect((await people.sort(col('score').descNullsFirst()).collect()).map((r) => r['id'])).toEqual([3, 2, 1, 4, 5]);
    expect((await people.orderBy('dept', col('id').desc()).collect()).map((r) => r['id'])).toEqual([3, 1, 5, 2, 4]);
  });

  it('sortWithinPartitions sorts a single partition completely', async () => {
    expect((await people.coalesce(1).sortWithinPartitions(col('id').desc()).collect()).map((r) => r['id'])).toEqual([5, 4, 3, 2, 1]);
  });

  it('limit, offset and tail', async () => {
    const sorted = people.orderBy('id');
    expect((await sorted.limit(2).collect()).map((r) => r['id'])).toEqual([1, 2]);
    expect((await sorted.offset(3).collect()).map((r) => r['id'])).toEqual([4, 5]);
    expect((await sorted.offset(1).limit(2).collect()).map((r) => r['id'])).toEqual([2, 3]);
    expect((await sorted.tail(2)).map((r) => r['id'])).toEqual([4, 5]);
    expect(await sorted.limit(0).collect()).toEqual([]);
  });

  it('sample(fraction, seed) keeps the rows where rand(seed) < fraction, reproducibly', async () => {
    const base = spark().range(0, 1000, 1, 4);
    const sampled = (await base.sample(0.3, 42).collect()).map((r) => r['id']);
    const viaSql = (await sqlRows(spark(), 'SELECT id FROM range(0, 1000, 1, 4) WHERE rand(42) < 0.3')).map((r) => r['id']);
    expect(sampled).toEqual(viaSql);
    expect(sampled.length).toBeGreaterThan(200);
    expect(sampled.length).toBeLessThan(400);
    expect((await base.sample(0.3, 42).collect()).map((r) => r['id'])).toEqual(sampled);
    expect(await base.sample(0).count()).toBe(0);
    expect(await base.sample(1, 1).count()).toBe(1000);
  });

  it('distinct and dropDuplicates', async () => {
    expect(await people.select('dept').distinct().count()).toBe(3);
    const firstPerDept = await people.dropDuplicates(['dept']).select('dept').orderBy('dept').collect();
    expect(firstPerDept).toEqual(await sqlRows(spark(), 'SELECT DISTINCT dept FROM people ORDER BY dept'));
    expect(await people.union(people).dropDuplicates().count()).toBe(5);
  });
});

describe('partitioning and caching', () => {
  const partitions = (df: DataFrame) => df.select(sparkPartitionId().alias('p')).distinct().count();

  it('repartition(n), repartition(n, col), repartition(col) and coalesce', async () => {
    const base = spark().range(0, 100, 1, 2);
    expect(await partitions(base.repartition(5))).toBe(5);
    expect(await base.repartition(5).count()).toBe(100);
    const byKey = base.withColumn('k', col('id').mod(4)).repartition(3, 'k').select('k', sparkPartitionId().alias('p'));
    const pairs = (await byKey.distinct().collect()).map((r) => `${r['k']}`);
    // Each key lands in exactly one partition.
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(await spark().range(0, 100, 1, 2).repartition(col('id')).count()).toBe(100);
    expect(await partitions(spark().range(0, 100, 1, 6).coalesce(2))).toBe(2);
  });

  it('hints reach the planner', async () => {
    expect(await partitions(spark().range(0, 100, 1, 4).hint('coalesce', 1))).toBe(1);
    expect(await partitions(spark().range(0, 100, 1, 1).hint('repartition', 3))).toBe(3);
    const plan = await people.join(depts.hint('broadcast'), 'dept').explain();
    expect(plan).toContain('BroadcastHashJoin');
  });

  it('sample with replacement draws each row a Poisson number of times, reproducibly', async () => {
    const base = spark().range(0, 1000, 1, 4);
    const once = await base.sample(2, 11, true).collect();
    expect(await base.sample(2, 11, true).collect()).toEqual(once);
    // Mean 2000, standard deviation about 45.
    expect(once.length).toBeGreaterThan(1700);
    expect(once.length).toBeLessThan(2300);
    expect(new Set(once.map((r) => r['id'])).size).toBeLessThan(once.length);
  });

  it('persist, cache and unpersist set the storage level', async () => {
    const df = spark().range(50).withColumn('sq', col('id').multiply(col('id')));
    expect(await df.storageLevel()).toEqual(StorageLevels.NONE);
    await df.persist(StorageLevels.MEMORY_ONLY);
    expect(await df.storageLevel()).toEqual(StorageLevels.MEMORY_ONLY);
    expect(await df.agg(sum('sq').alias('s')).collect()).toEqual([{ s: 40425n }]); // sum of k^2, k < 50 = 49·50·99/6
    await df.unpersist(true);
    expect(await df.storageLevel()).toEqual(StorageLevels.NONE);
    const cached = await spark().range(3).cache();
    expect(await cached.storageLevel()).toEqual(StorageLevels.MEMORY_AND_DISK_DESER);
    await cached.unpersist();
  });
});

describe('metadata', () => {
  it('schema, columns and dtypes agree with SQL typeof()', async () => {
    const df = people.select('id', 'name', col('score'), expr('array(score, 1.5D) AS arr'), expr('map(name, id) AS m'), expr('named_struct("a", id, "b", name) AS st'));
    const types = (await sqlRows(spark(), 'SELECT typeof(id) AS a, typeof(name) AS b, typeof(score) AS c, typeof(array(score, 1.5D)) AS d, typeof(map(name, id)) AS e, typeof(named_struct("a", id, "b", name)) AS f FROM people LIMIT 1'))[0]!;
    expect(await df.dtypes()).toEqual([
      ['id', types['a']],
      ['name', types['b']],
      ['score', types['c']],
      ['arr', types['d']],
      ['m', types['e']],
      ['st', types['f']],
    ]);
    expect(await df.columns()).toEqual(['id', 'name', 'score', 'arr', 'm', 'st']);
    const schema = await df.schema();
    expect(schema.fields[0]).toEqual({ name: 'id', dataType: DataTypes.integer, nullable: false });
    expect(schema.fields[3]!.dataType).toEqual(DataTypes.array(DataTypes.double, true));
  });

  it('asks the server for the schema once per DataFrame', async () => {
    const df = spark().range(3);
    const analyze = vi.spyOn(spark(), 'analyze');
    try {
      await df.schema();
      await df.columns();
      await df.dtypes();
      expect(analyze).toHaveBeenCalledTimes(1);
    } finally {
      analyze.mockRestore();
    }
  });

  it('printSchema and explain return (and print) the server text', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const tree = await spark().range(2).withColumn('x', lit(1.5)).printSchema();
      expect(tree).toBe('root\n |-- id: long (nullable = false)\n |-- x: double (nullable = false)\n');
      const plan = await people.filter('id > 1').explain();
      expect(plan).toContain('== Physical Plan ==');
      expect(await people.explain('extended')).toContain('== Analyzed Logical Plan ==');
      expect(write).toHaveBeenCalledWith(tree);
    } finally {
      write.mockRestore();
    }
  });
});

describe('actions', () => {
  it('count, collect, take, first, head, isEmpty, toArrow', async () => {
    expect(await people.count()).toBe(5);
    expect(await people.filter('id > 10').count()).toBe(0);
    const sorted = people.orderBy('id');
    expect(await sorted.take(2)).toEqual([
      { id: 1, name: 'ann', dept: 'a', score: 10 },
      { id: 2, name: 'bob', dept: 'b', score: 20.5 },
    ]);
    expect(await sorted.first()).toEqual({ id: 1, name: 'ann', dept: 'a', score: 10 });
    expect(await sorted.head()).toEqual({ id: 1, name: 'ann', dept: 'a', score: 10 });
    expect((await sorted.head(3)).map((r) => r['id'])).toEqual([1, 2, 3]);
    expect(await people.filter('id > 10').first()).toBeUndefined();
    expect(await people.filter('id > 10').isEmpty()).toBe(true);
    expect(await people.isEmpty()).toBe(false);
    const table = await sorted.select('id', 'score').toArrow();
    expect(table.numRows).toBe(5);
    expect(table.getChild('score')!.get(3)).toBe(7.25);
  });

  it('show formats as Spark does', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const text = await people.orderBy('id').select('id', 'name').show(2);
      expect(text).toBe('+---+----+\n| id|name|\n+---+----+\n|  1| ann|\n|  2| bob|\n+---+----+\nonly showing top 2 rows\n');
      const long = await spark().sql("SELECT 'abcdefghijklmnopqrstuvwxyz' AS s").then((d) => d.show(20, { truncate: 5 }));
      expect(long).toBe('+-----+\n|    s|\n+-----+\n|ab...|\n+-----+\n');
      const vertical = await people.orderBy('id').select('id').show(1, { vertical: true });
      expect(vertical).toBe('-RECORD 0--\n id  | 1   \nonly showing top 1 row\n');
    } finally {
      write.mockRestore();
    }
  });
});

describe('action options', () => {
  it('every action hands its signal to the execution', async () => {
    const aborted = { signal: AbortSignal.abort(new Error('stop')) };
    const dir = scratchDir('thunder-connect-abort-');
    const actions: [string, () => Promise<unknown>][] = [
      ['collect', () => people.collect(aborted)],
      ['toArrow', () => people.toArrow(aborted)],
      ['count', () => people.count(aborted)],
      ['take', () => people.take(1, aborted)],
      ['first', () => people.first(aborted)],
      ['head', () => people.head(2, aborted)],
      ['tail', () => people.tail(1, aborted)],
      ['show', () => people.show(20, aborted)],
      ['write', () => people.write.parquet(join(dir, 'x'), aborted)],
      ['createOrReplaceTempView', () => people.createOrReplaceTempView('never', aborted)],
    ];
    for (const [name, run] of actions) await expect(run(), name).rejects.toBeInstanceOf(SparkInterruptedError);
    expect(await people.count({ tags: ['thunder-test'] })).toBe(5);
  });
});

describe('output', () => {
  const dir = scratchDir('thunder-connect-write-');

  it('writes parquet, csv and json and reads them back', async () => {
    const df = people.select('id', 'name', 'score');
    await df.write.mode('overwrite').parquet(join(dir, 'p'));
    expect(await spark().read.parquet(join(dir, 'p')).orderBy('id').collect()).toEqual(await sqlRows(spark(), 'SELECT id, name, score FROM people ORDER BY id'));

    await df.write.mode('overwrite').option('header', true).csv(join(dir, 'c'));
    const csv = spark().read.option('header', 'true').schema('id INT, name STRING, score DOUBLE').csv(join(dir, 'c'));
    expect(await csv.orderBy('id').collect()).toEqual(await sqlRows(spark(), 'SELECT id, name, score FROM people ORDER BY id'));

    await df.write.mode('overwrite').json(join(dir, 'j'));
    const json = spark().read.schema(DataTypes.struct([DataTypes.field('id', DataTypes.integer), DataTypes.field('name', DataTypes.string), DataTypes.field('score', DataTypes.double)])).json(join(dir, 'j'));
    expect(await json.orderBy('id').collect()).toEqual(await sqlRows(spark(), 'SELECT id, name, score FROM people ORDER BY id'));
  });

  it('format().options().partitionBy().save() and modes', async () => {
    const path = join(dir, 'parts');
    await people.write.format('parquet').options({ compression: 'snappy' }).partitionBy('dept').save(path);
    const back = spark().read.format('parquet').load(path);
    expect(await back.columns()).toEqual(['id', 'name', 'score', 'dept']);
    expect(await back.select('id', 'dept').orderBy('id').collect()).toEqual(await sqlRows(spark(), 'SELECT id, dept FROM people ORDER BY id'));
    await expect(people.write.format('parquet').save(path)).rejects.toMatchObject({ errorClass: 'PATH_ALREADY_EXISTS' });
    await people.write.mode('ignore').format('parquet').save(path);
    await people.limit(1).write.mode('append').format('parquet').partitionBy('dept').save(path);
    expect(await spark().read.parquet(path).count()).toBe(6);
  });

  it('createOrReplaceTempView makes the plan visible to SQL', async () => {
    await people.filter('score > 5').createOrReplaceTempView('good_people');
    expect(await (await spark().sql('SELECT count(*) AS n FROM good_people')).collect()).toEqual([{ n: 3n }]);
    await people.filter('score > 15').createOrReplaceTempView('good_people');
    expect(await (await spark().sql('SELECT count(*) AS n FROM good_people')).collect()).toEqual([{ n: 1n }]);
    await expect(people.createTempView('good_people')).rejects.toMatchObject({ errorClass: 'TEMP_TABLE_OR_VIEW_ALREADY_EXISTS' });
    await people.createOrReplaceGlobalTempView('everyone');
    expect(await spark().table('global_temp.everyone').count()).toBe(5);
  });
});
