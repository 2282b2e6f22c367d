/**
 * DataFrame: an immutable, lazy plan (a Spark Connect `Relation`) bound to a
 * session. Transformations return new DataFrames synchronously and send
 * nothing; actions run the plan on the server and return Promises.
 *
 * Plan nodes are built by `plan/relations.ts`; this class only checks
 * arguments and gives each new node a plan id from its session.
 */
import type { Table } from 'apache-arrow';
import { InvalidArgumentError } from '../common/errors.js';
import { SparkClientError } from './errors.js';
import { tableToRows, type Row } from './arrow/rows.js';
import { GroupedData } from './grouped.js';
import { Column, columnExpr, requireColumn, type ColumnOrName } from './plan/column.js';
import { createView } from './plan/commands.js';
import { alias, attribute, asSortOrder, fn, sqlExpression } from './plan/expressions.js';
import { literalExpression } from './plan/literals.js';
import type { ExplainModeName, Expression, Relation } from './plan/proto.js';
import * as R from './plan/relations.js';
import { StorageLevels, fromProtoStorageLevel, toProtoStorageLevel, type StorageLevel } from './plan/storage.js';
import { fromProtoDataType, simpleString, type StructType } from './plan/types.js';
import type { SparkSession } from './session.js';
import type { ExecuteOptions } from './transport/execute.js';
import { DataFrameWriter } from './writer.js';

/** Per-action options: cancellation, operation tags (for `interruptTag`) and progress events. */
export type ActionOptions = Pick<ExecuteOptions, 'signal' | 'tags' | 'onProgress'>;

export interface ShowOptions extends ActionOptions {
  readonly truncate?: boolean | number;
  readonly vertical?: boolean;
}

export type ExplainMode = 'simple' | 'extended' | 'codegen' | 'cost' | 'formatted';

/** Accepted spellings of join types (case-insensitive, `_` ignored), as in PySpark. */
const JOIN_ALIASES: Readonly<Record<string, R.JoinType>> = {
  inner: 'inner',
  cross: 'cross',
  outer: 'full',
  full: 'full',
  fullouter: 'full',
  left: 'left',
  leftouter: 'left',
  right: 'right',
  rightouter: 'right',
  semi: 'semi',
  leftsemi: 'semi',
  anti: 'anti',
  leftanti: 'anti',
};

export type JoinHow =
  | 'inner'
  | 'cross'
  | 'outer'
  | 'full'
  | 'fullouter'
  | 'full_outer'
  | 'left'
  | 'leftouter'
  | 'left_outer'
  | 'right'
  | 'rightouter'
  | 'right_outer'
  | 'semi'
  | 'leftsemi'
  | 'left_semi'
  | 'anti'
  | 'leftanti'
  | 'left_anti';

function nonNegativeInt(n: number, argument: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw new InvalidArgumentError(argument, 'an integer in 0..2^31-1', n);
  return n;
}

function positiveInt(n: number, argument: string): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1) throw new InvalidArgumentError(argument, 'a positive integer', n);
  return n;
}

function flatColumns(cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): ColumnOrName[] {
  return cols.flatMap((c) => (Array.isArray(c) ? (c as readonly ColumnOrName[]) : [c as ColumnOrName]));
}

/** Prints server text to stdout, as PySpark, ending in a newline; returns what was printed. */
function printed(text: string): string {
  const out = text.endsWith('\n') ? text : `${text}\n`;
  process.stdout.write(out);
  return out;
}

function randomSeed(): bigint {
  return BigInt(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER));
}

export class DataFrame {
  /** @internal */
  readonly session: SparkSession;
  /** @internal The plan. */
  readonly relation: Relation;
  #schema: Promise<StructType> | undefined;

  /** @internal DataFrames come from a session (`sql`, `range`, `table`, `read`) or from other DataFrames. */
  constructor(session: SparkSession, relation: Relation) {
    this.session = session;
    this.relation = relation;
  }

  /** @internal A DataFrame over a new plan node with a fresh plan id. */
  derive(build: (planId: number) => Relation): DataFrame {
    return new DataFrame(this.session, build(this.session.nextPlanId()));
  }

  private get planId(): number | undefined {
    const id = this.relation.common?.planId;
    return id === undefined || id === null ? undefined : Number(id);
  }

  private otherRelation(other: DataFrame, argument: string): Relation {
    if (!(other instanceof DataFrame)) throw new InvalidArgumentError(argument, 'a DataFrame', other);
    if (other.session !== this.session) throw new InvalidArgumentError(argument, 'a DataFrame of the same session', 'one of another session');
    return other.relation;
  }

  // ---- Column references ----

  /** The column `name` of this DataFrame: stays bound to it through joins (e.g. `a.col('id').eq(b.col('id'))`). */
  col(name: string): Column {
    if (typeof name !== 'string' || name.length === 0) throw new InvalidArgumentError('col(name)', 'a non-empty column name', name);
    return new Column(attribute(name, this.planId));
  }

  /** Same as `col(name)` (PySpark's `df[name]`). */
  get(name: string): Column {
    return this.col(name);
  }

  // ---- Transformations ----

  /** Columns by name or Column (arrays are flattened); `'*'` keeps all. */
  select(...cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    const exprs = flatColumns(cols).map((c, i) => columnExpr(c, `select(cols[${i}])`));
    return this.derive((id) => R.project(id, this.relation, exprs));
  }

  /** Columns as SQL expressions: `selectExpr('k', 'v * 2 AS w')`. */
  selectExpr(...exprs: readonly string[]): DataFrame {
    const parsed = exprs.map((e, i) => {
      if (typeof e !== 'string' || e.trim() === '') throw new InvalidArgumentError(`selectExpr(exprs[${i}])`, 'a SQL expression', e);
      return sqlExpression(e);
    });
    return this.derive((id) => R.project(id, this.relation, parsed));
  }

  /** Rows where the condition (a boolean Column, or SQL text) is true. */
  filter(condition: Column | string): DataFrame {
    let cond: Expression;
    if (condition instanceof Column) cond = condition.expr;
    else if (typeof condition === 'string' && condition.trim() !== '') cond = sqlExpression(condition);
    else throw new InvalidArgumentError('filter(condition)', 'a Column or a SQL condition', condition);
    return this.derive((id) => R.filter(id, this.relation, cond));
  }

  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  /** Adds the column, or replaces the one of the same name. */
  withColumn(name: string, col: Column): DataFrame {
    return this.withColumns({ [name]: col });
  }

  /** Adds or replaces several columns at once (one plan node). */
  withColumns(columns: Readonly<Record<string, Column>> | ReadonlyMap<string, Column>): DataFrame {
    const entries = columns instanceof Map ? [...columns.entries()] : Object.entries(columns as Record<string, Column>);
    if (entries.length === 0) throw new InvalidArgumentError('withColumns(columns)', 'at least one column', columns);
    const named = entries.map(([name, c]) => [name, requireColumn(c, `withColumns(${name})`).expr] as const);
    return this.derive((id) => R.withColumns(id, this.relation, named));
  }

  /** Renames a column; a no-op when there is no column `existing` (as in Spark). */
  withColumnRenamed(existing: string, newName: string): DataFrame {
    return this.withColumnsRenamed({ [existing]: newName });
  }

  withColumnsRenamed(renames: Readonly<Record<string, string>>): DataFrame {
    const pairs = Object.entries(renames);
    for (const [from, to] of pairs) if (typeof to !== 'string' || to === '') throw new InvalidArgumentError(`withColumnsRenamed(${from})`, 'a new column name', to);
    return this.derive((id) => R.withColumnsRenamed(id, this.relation, pairs));
  }

  /** Drops columns; names that do not exist are ignored (as in Spark). */
  drop(...cols: readonly ColumnOrName[]): DataFrame {
    const names: string[] = [];
    const exprs: Expression[] = [];
    cols.forEach((c, i) => {
      if (typeof c === 'string') names.push(c);
      else exprs.push(requireColumn(c, `drop(cols[${i}])`).expr);
    });
    return this.derive((id) => R.drop(id, this.relation, exprs, names));
  }

  groupBy(...cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): GroupedData {
    return new GroupedData(this, 'groupby', flatColumns(cols).map((c, i) => columnExpr(c, `groupBy(cols[${i}])`)));
  }

  /** Groups by every combination of leading prefixes of the columns (subtotals and a grand total). */
  rollup(...cols: readonly ColumnOrName[]): GroupedData {
    return new GroupedData(this, 'rollup', cols.map((c, i) => columnExpr(c, `rollup(cols[${i}])`)));
  }

  /** Groups by every subset of the columns. */
  cube(...cols: readonly ColumnOrName[]): GroupedData {
    return new GroupedData(this, 'cube', cols.map((c, i) => columnExpr(c, `cube(cols[${i}])`)));
  }

  /** Aggregates over all rows: `df.agg(sum('v'), max('w'))`. */
  agg(...exprs: readonly Column[]): DataFrame {
    return this.groupBy().agg(...exprs);
  }

  /**
   * Joins with `other`. `on`: column name(s) present on both sides (kept
   * once in the result), or a boolean Column (several are ANDed), or nothing
   * (every pair of rows). `how`: inner (default), left, right, full/outer,
   * semi, anti, cross, with PySpark's spellings (`left_outer`, `leftanti`...).
   */
  join(other: DataFrame, on?: string | readonly string[] | Column | readonly Column[], how: JoinHow = 'inner'): DataFrame {
    const right = this.otherRelation(other, 'join(other)');
    const type = typeof how === 'string' ? JOIN_ALIASES[how.toLowerCase().replaceAll('_', '')] : undefined;
    if (!type) throw new InvalidArgumentError('join(how)', `one of ${Object.keys(JOIN_ALIASES).join(', ')}`, how);
    let spec: { condition?: Expression; usingColumns?: readonly string[] } = {};
    const list = on === undefined ? [] : Array.isArray(on) ? (on as readonly (string | Column)[]) : [on as string | Column];
    if (list.length > 0 && list.every((x) => typeof x === 'string')) spec = { usingColumns: list as string[] };
    else if (list.length > 0 && list.every((x) => x instanceof Column)) {
      const conds = (list as Column[]).reduce((a, b) => a.and(b));
      spec = { condition: conds.expr };
    } else if (list.length > 0) throw new InvalidArgumentError('join(on)', 'column names, or boolean Columns (not a mix)', on);
    return this.derive((id) => R.join(id, this.relation, right, type, spec));
  }

  /** Every pair of rows. */
  crossJoin(other: DataFrame): DataFrame {
    const right = this.otherRelation(other, 'crossJoin(other)');
    return this.derive((id) => R.join(id, this.relation, right, 'cross', {}));
  }

  /** Rows of both, duplicates kept (SQL `UNION ALL`), matched by position. */
  union(other: DataFrame): DataFrame {
    const right = this.otherRelation(other, 'union(other)');
    return this.derive((id) => R.setOperation(id, this.relation, right, 'union', { all: true }));
  }

  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }

  /** Rows of both matched by column name; with `allowMissingColumns`, absent columns are null. */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    const right = this.otherRelation(other, 'unionByName(other)');
    return this.derive((id) => R.setOperation(id, this.relation, right, 'union', { all: true, byName: true, allowMissingColumns }));
  }

  /** Distinct rows in both. */
  intersect(other: DataFrame): DataFrame {
    const right = this.otherRelation(other, 'intersect(other)');
    return this.derive((id) => R.setOperation(id, this.relation, right, 'intersect', { all: false }));
  }

  /** Distinct rows of this not in other (SQL `EXCEPT`). */
  subtract(other: DataFrame): DataFrame {
    const right = this.otherRelation(other, 'subtract(other)');
    return this.derive((id) => R.setOperation(id, this.relation, right, 'except', { all: false }));
  }

  /** Rows of this not in other, keeping duplicates (SQL `EXCEPT ALL`). */
  exceptAll(other: DataFrame): DataFrame {
    const right = this.otherRelation(other, 'exceptAll(other)');
    return this.derive((id) => R.setOperation(id, this.relation, right, 'except', { all: true }));
  }

  /** Sorts globally; a Column may carry `.desc()`, `.ascNullsLast()`... (ascending by default). */
  orderBy(...cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    return this.sorted(flatColumns(cols), true, 'orderBy');
  }

  sort(...cols: readonly (ColumnOrName | readonly ColumnOrName[])[]): DataFrame {
    return this.sorted(flatColumns(cols), true, 'sort');
  }

  /** Sorts each partition, without a shuffle. */
  sortWithinPartitions(...cols: readonly ColumnOrName[]): DataFrame {
    return this.sorted(cols, false, 'sortWithinPartitions');
  }

  private sorted(cols: readonly ColumnOrName[], global: boolean, method: string): DataFrame {
    if (cols.length === 0) throw new InvalidArgumentError(`${method}(cols)`, 'at least one column', cols.length);
    const order = cols.map((c, i) => asSortOrder(columnExpr(c, `${method}(cols[${i}])`)));
    return this.derive((id) => R.sort(id, this.relation, order, global));
  }

  limit(n: number): DataFrame {
    const k = nonNegativeInt(n, 'limit(n)');
    return this.derive((id) => R.limit(id, this.relation, k));
  }

  /** Skips the first n rows (meaningful after orderBy). */
  offset(n: number): DataFrame {
    const k = nonNegativeInt(n, 'offset(n)');
    return this.derive((id) => R.offset(id, this.relation, k));
  }

  /**
   * Each row kept with probability `fraction` (so about fraction × count
   * rows, not exactly). The same seed on the same data and partitioning
   * gives the same rows; without a seed one is drawn now.
   */
  sample(fraction: number, seed?: number | bigint, withReplacement = false): DataFrame {
    if (typeof fraction !== 'number' || !(fraction >= 0) || (!withReplacement && fraction > 1)) {
      throw new InvalidArgumentError('sample(fraction)', withReplacement ? 'a number >= 0' : 'a number in [0, 1]', fraction);
    }
    if (seed !== undefined && !(typeof seed === 'bigint' || Number.isSafeInteger(seed))) throw new InvalidArgumentError('sample(seed)', 'an integer', seed);
    const s = seed === undefined ? randomSeed() : BigInt(seed);
    return this.derive((id) => R.sample(id, this.relation, fraction, withReplacement, s));
  }

  distinct(): DataFrame {
    return this.derive((id) => R.deduplicate(id, this.relation));
  }

  /** Drops duplicate rows, or rows duplicate on `subset` (keeping one arbitrary row of each). */
  dropDuplicates(subset?: readonly string[]): DataFrame {
    if (subset !== undefined && (!Array.isArray(subset) || subset.some((c) => typeof c !== 'string'))) {
      throw new InvalidArgumentError('dropDuplicates(subset)', 'an array of column names', subset);
    }
    return this.derive((id) => R.deduplicate(id, this.relation, subset));
  }

  /**
   * Shuffles into `n` partitions (round robin), or by hash of the columns:
   * `repartition(8)`, `repartition(8, 'k')`, `repartition('k')`.
   */
  repartition(numPartitionsOrCol: number | ColumnOrName, ...cols: readonly ColumnOrName[]): DataFrame {
    const n = typeof numPartitionsOrCol === 'number' ? positiveInt(numPartitionsOrCol, 'repartition(numPartitions)') : undefined;
    const all = typeof numPartitionsOrCol === 'number' ? cols : [numPartitionsOrCol, ...cols];
    const exprs = all.map((c, i) => columnExpr(c, `repartition(cols[${i}])`));
    if (exprs.length === 0) return this.derive((id) => R.repartition(id, this.relation, n!, true));
    return this.derive((id) => R.repartitionByExpression(id, this.relation, exprs, n));
  }

  /** Merges into at most `n` partitions without a shuffle. */
  coalesce(n: number): DataFrame {
    const k = positiveInt(n, 'coalesce(numPartitions)');
    return this.derive((id) => R.repartition(id, this.relation, k, false));
  }

  /** Names this DataFrame for qualified references (`alias('a')` then `col('a.id')`). */
  alias(name: string): DataFrame {
    if (typeof name !== 'string' || name === '') throw new InvalidArgumentError('alias(name)', 'a non-empty name', name);
    return this.derive((id) => R.subqueryAlias(id, this.relation, name));
  }

  /** Renames all columns by position. */
  toDF(...names: readonly string[]): DataFrame {
    return this.derive((id) => R.toDF(id, this.relation, names));
  }

  /** A planner hint, e.g. `hint('broadcast')`. */
  hint(name: string, ...parameters: readonly (string | number)[]): DataFrame {
    const params = parameters.map((p, i) => literalExpression(p, undefined, `hint(parameters[${i}])`));
    return this.derive((id) => R.hint(id, this.relation, name, params));
  }

  // ---- Metadata (AnalyzePlan; no job runs) ----

  /** The result schema. Fetched once per DataFrame (it costs a round trip), then cached; a failure is not cached. */
  schema(): Promise<StructType> {
    if (!this.#schema) {
      const pending = this.session.analyze({ schema: { plan: { root: this.relation } } }).then((res) => {
        const t = res.schema?.schema ? fromProtoDataType(res.schema.schema) : undefined;
        if (t?.kind !== 'struct') throw new SparkClientError(`the server sent no struct schema for the plan (got ${t ? simpleString(t) : 'none'})`);
        return t;
      });
      pending.catch(() => {
        if (this.#schema === pending) this.#schema = undefined;
      });
      this.#schema = pending;
    }
    return this.#schema;
  }

  async columns(): Promise<string[]> {
    return (await this.schema()).fields.map((f) => f.name);
  }

  /** `[name, type]` pairs with Spark's short type names (`bigint`, `array<double>`). */
  async dtypes(): Promise<[string, string][]> {
    return (await this.schema()).fields.map((f) => [f.name, simpleString(f.dataType)]);
  }

  /** Prints the schema as a tree and returns that text. */
  async printSchema(level?: number): Promise<string> {
    const res = await this.session.analyze({ treeString: { plan: { root: this.relation }, ...(level !== undefined ? { level } : {}) } });
    const text = res.treeString?.treeString ?? '';
    return printed(text);
  }

  /** Prints the query plans and returns that text (`true` = extended). */
  async explain(mode: ExplainMode | boolean = 'simple'): Promise<string> {
    const m: ExplainMode = mode === true ? 'extended' : mode === false ? 'simple' : mode;
    if (!['simple', 'extended', 'codegen', 'cost', 'formatted'].includes(m)) {
      throw new InvalidArgumentError('explain(mode)', 'simple, extended, codegen, cost or formatted', mode);
    }
    const res = await this.session.analyze({ explain: { plan: { root: this.relation }, explainMode: `EXPLAIN_MODE_${m.toUpperCase()}` as ExplainModeName } });
    const text = res.explain?.explainString ?? '';
    return printed(text);
  }

  // ---- Caching ----

  /** Keeps the result at `level` once computed (default as PySpark: memory and disk, deserialized). */
  async persist(level: StorageLevel = StorageLevels.MEMORY_AND_DISK_DESER): Promise<this> {
    await this.session.analyze({ persist: { relation: this.relation, storageLevel: toProtoStorageLevel(level) } });
    return this;
  }

  cache(): Promise<this> {
    return this.persist();
  }

  async unpersist(blocking = false): Promise<this> {
    await this.session.analyze({ unpersist: { relation: this.relation, blocking } });
    return this;
  }

  /** The level this DataFrame is persisted at (`StorageLevels.NONE` when it is not). */
  async storageLevel(): Promise<StorageLevel> {
    const res = await this.session.analyze({ getStorageLevel: { relation: this.relation } });
    return fromProtoStorageLevel(res.getStorageLevel?.storageLevel);
  }

  // ---- Actions ----

  /** The whole result as an apache-arrow Table (see arrow/columns.ts for numeric columns as typed arrays). */
  toArrow(options?: ActionOptions): Promise<Table> {
    return this.session.executeToTable(this.relation, options);
  }

  /** The whole result as plain rows (see arrow/rows.ts for the type mapping). */
  async collect(options?: ActionOptions): Promise<Row[]> {
    return tableToRows(await this.toArrow(options));
  }

  /** Number of rows. */
  async count(options?: ActionOptions): Promise<number> {
    const counted = this.derive((id) => R.aggregate(id, this.relation, 'groupby', [], [literalCount()]));
    const table = await counted.toArrow(options);
    return Number(table.getChildAt(0)?.get(0) ?? 0);
  }

  /** The first n rows (in the DataFrame's order, if it has one). */
  take(n: number, options?: ActionOptions): Promise<Row[]> {
    return this.limit(n).collect(options);
  }

  /** The last n rows (the whole result is ordered on the server; keep n small). */
  tail(n: number, options?: ActionOptions): Promise<Row[]> {
    const k = nonNegativeInt(n, 'tail(n)');
    return this.derive((id) => R.tail(id, this.relation, k)).collect(options);
  }

  /** The first row, or undefined when there is none. */
  async first(options?: ActionOptions): Promise<Row | undefined> {
    return (await this.take(1, options))[0];
  }

  /** `head()`: the first row or undefined; `head(n)`: the first n rows. */
  head(options?: ActionOptions): Promise<Row | undefined>;
  head(n: number, options?: ActionOptions): Promise<Row[]>;
  head(nOrOptions?: number | ActionOptions, options?: ActionOptions): Promise<Row | undefined> | Promise<Row[]> {
    if (typeof nOrOptions === 'number') return this.take(nOrOptions, options);
    return this.first(nOrOptions);
  }

  async isEmpty(options?: ActionOptions): Promise<boolean> {
    return (await this.take(1, options)).length === 0;
  }

  /**
   * Prints the first `n` rows as a text table (formatted by Spark) and
   * returns it. `truncate`: true (default) cuts strings to 20 characters, a
   * number to that many, false not at all; `vertical` prints one block per row.
   */
  async show(n = 20, options: ShowOptions = {}): Promise<string> {
    const rows = nonNegativeInt(n, 'show(n)');
    const { truncate = true, vertical = false, ...action } = options;
    const width = truncate === true ? 20 : truncate === false ? 0 : nonNegativeInt(truncate, 'show(truncate)');
    const table = await this.derive((id) => R.showString(id, this.relation, rows, width, vertical)).toArrow(action);
    return printed(String(table.getChildAt(0)?.get(0) ?? ''));
  }

  // ---- Output ----

  /** A writer for this DataFrame: `df.write.mode('overwrite').parquet(path)`. */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this);
  }

  /** Registers this plan as a session-scoped view usable from `spark.sql`. */
  async createOrReplaceTempView(name: string, options?: ActionOptions): Promise<void> {
    await this.createView(name, false, true, options);
  }

  /** As createOrReplaceTempView, but fails with TEMP_TABLE_OR_VIEW_ALREADY_EXISTS if the view exists. */
  async createTempView(name: string, options?: ActionOptions): Promise<void> {
    await this.createView(name, false, false, options);
  }

  /** A view visible to every session of the server, as `global_temp.<name>`. */
  async createOrReplaceGlobalTempView(name: string, options?: ActionOptions): Promise<void> {
    await this.createView(name, true, true, options);
  }

  private async createView(name: string, global: boolean, replace: boolean, options?: ActionOptions): Promise<void> {
    if (typeof name !== 'string' || name === '') throw new InvalidArgumentError('view name', 'a non-empty name', name);
    await this.session.executeCommand(createView(this.relation, name, { global, replace }), options);
  }
}

/** `count(1) AS count`, as PySpark counts. */
function literalCount(): Expression {
  return alias(fn('count', [literalExpression(1)]), ['count']);
}
