/**
 * Pure builders of protocol `Relation` nodes. Each takes the plan id the new
 * node gets (from `session.nextPlanId()`), so that columns can refer to the
 * node they came from (`df.col('x')`), and never talks to a server.
 */
import type { Expression, Relation, SortOrderExpr, JoinTypeName } from './proto.js';

const node = (planId: number, body: Omit<Relation, 'common'>): Relation => ({ common: { planId: String(planId) }, ...body });

export function range(planId: number, start: number | bigint, end: number | bigint, step: number | bigint, numPartitions?: number): Relation {
  return node(planId, {
    range: { start: String(start), end: String(end), step: String(step), ...(numPartitions !== undefined ? { numPartitions } : {}) },
  });
}

/** A SQL query with named (`:name`) or positional (`?`) parameters. */
export function sql(planId: number, query: string, args?: Readonly<Record<string, Expression>> | readonly Expression[]): Relation {
  const params = args === undefined ? {} : Array.isArray(args) ? { posArguments: [...args] } : { namedArguments: { ...(args as Record<string, Expression>) } };
  return node(planId, { sql: { query, ...params } });
}

export function table(planId: number, name: string, options: Readonly<Record<string, string>> = {}): Relation {
  return node(planId, { read: { namedTable: { unparsedIdentifier: name, options: { ...options } } } });
}

export interface DataSourceSpec {
  readonly format?: string;
  /** DDL of the schema, when the caller gives one. */
  readonly schema?: string;
  readonly options: Readonly<Record<string, string>>;
  readonly paths: readonly string[];
}

export function dataSource(planId: number, spec: DataSourceSpec): Relation {
  return node(planId, {
    read: {
      dataSource: {
        ...(spec.format !== undefined ? { format: spec.format } : {}),
        ...(spec.schema !== undefined ? { schema: spec.schema } : {}),
        options: { ...spec.options },
        paths: [...spec.paths],
      },
    },
  });
}

export function project(planId: number, input: Relation, expressions: readonly Expression[]): Relation {
  return node(planId, { project: { input, expressions: [...expressions] } });
}

export function filter(planId: number, input: Relation, condition: Expression): Relation {
  return node(planId, { filter: { input, condition } });
}

/** Adds or replaces columns: each expression must be an alias naming its column. */
export function withColumns(planId: number, input: Relation, named: readonly (readonly [string, Expression])[]): Relation {
  return node(planId, { withColumns: { input, aliases: named.map(([name, expr]) => ({ expr, name: [name] })) } });
}

export function withColumnsRenamed(planId: number, input: Relation, renames: readonly (readonly [string, string])[]): Relation {
  return node(planId, { withColumnsRenamed: { input, renames: renames.map(([colName, newColName]) => ({ colName, newColName })) } });
}

export function drop(planId: number, input: Relation, columns: readonly Expression[], columnNames: readonly string[]): Relation {
  return node(planId, { drop: { input, columns: [...columns], columnNames: [...columnNames] } });
}

export type GroupType = 'groupby' | 'rollup' | 'cube';

export function aggregate(planId: number, input: Relation, groupType: GroupType, grouping: readonly Expression[], aggregates: readonly Expression[]): Relation {
  const type = ({ groupby: 'GROUP_TYPE_GROUPBY', rollup: 'GROUP_TYPE_ROLLUP', cube: 'GROUP_TYPE_CUBE' } as const)[groupType];
  return node(planId, { aggregate: { input, groupType: type, groupingExpressions: [...grouping], aggregateExpressions: [...aggregates] } });
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross';

const JOIN_TYPES: Readonly<Record<JoinType, JoinTypeName>> = {
  inner: 'JOIN_TYPE_INNER',
  left: 'JOIN_TYPE_LEFT_OUTER',
  right: 'JOIN_TYPE_RIGHT_OUTER',
  full: 'JOIN_TYPE_FULL_OUTER',
  semi: 'JOIN_TYPE_LEFT_SEMI',
  anti: 'JOIN_TYPE_LEFT_ANTI',
  cross: 'JOIN_TYPE_CROSS',
};

export function join(
  planId: number,
  left: Relation,
  right: Relation,
  type: JoinType,
  on: { readonly condition?: Expression; readonly usingColumns?: readonly string[] },
): Relation {
  return node(planId, {
    join: {
      left,
      right,
      joinType: JOIN_TYPES[type],
      ...(on.condition ? { joinCondition: on.condition } : {}),
      ...(on.usingColumns ? { usingColumns: [...on.usingColumns] } : {}),
    },
  });
}

export type SetOpType = 'union' | 'intersect' | 'except';

export function setOperation(
  planId: number,
  left: Relation,
  right: Relation,
  type: SetOpType,
  options: { readonly all: boolean; readonly byName?: boolean; readonly allowMissingColumns?: boolean },
): Relation {
  const opType = ({ union: 'SET_OP_TYPE_UNION', intersect: 'SET_OP_TYPE_INTERSECT', except: 'SET_OP_TYPE_EXCEPT' } as const)[type];
  return node(planId, {
    setOp: {
      leftInput: left,
      rightInput: right,
      setOpType: opType,
      isAll: options.all,
      ...(options.byName !== undefined ? { byName: options.byName } : {}),
      ...(options.allowMissingColumns !== undefined ? { allowMissingColumns: options.allowMissingColumns } : {}),
    },
  });
}

export function sort(planId: number, input: Relation, order: readonly SortOrderExpr[], global: boolean): Relation {
  return node(planId, { sort: { input, order: [...order], isGlobal: global } });
}

export function limit(planId: number, input: Relation, n: number): Relation {
  return node(planId, { limit: { input, limit: n } });
}

export function offset(planId: number, input: Relation, n: number): Relation {
  return node(planId, { offset: { input, offset: n } });
}

export function tail(planId: number, input: Relation, n: number): Relation {
  return node(planId, { tail: { input, limit: n } });
}

export function sample(planId: number, input: Relation, fraction: number, withReplacement: boolean, seed: bigint): Relation {
  return node(planId, { sample: { input, lowerBound: 0, upperBound: fraction, withReplacement, seed: seed.toString() } });
}

/** Distinct rows, or rows distinct on `columnNames`. */
export function deduplicate(planId: number, input: Relation, columnNames?: readonly string[]): Relation {
  return node(planId, {
    deduplicate: columnNames === undefined ? { input, allColumnsAsKeys: true } : { input, columnNames: [...columnNames] },
  });
}

/** Repartition: with `shuffle` to exactly n partitions, without it coalescing to at most n. */
export function repartition(planId: number, input: Relation, numPartitions: number, shuffle: boolean): Relation {
  return node(planId, { repartition: { input, numPartitions, shuffle } });
}

export function repartitionByExpression(planId: number, input: Relation, exprs: readonly Expression[], numPartitions?: number): Relation {
  return node(planId, {
    repartitionByExpression: { input, partitionExprs: [...exprs], ...(numPartitions !== undefined ? { numPartitions } : {}) },
  });
}

export function subqueryAlias(planId: number, input: Relation, alias: string): Relation {
  return node(planId, { subqueryAlias: { input, alias } });
}

export function toDF(planId: number, input: Relation, names: readonly string[]): Relation {
  return node(planId, { toDf: { input, columnNames: [...names] } });
}

/** The text table `show()` prints, as a one-row relation with a string column. */
export function showString(planId: number, input: Relation, numRows: number, truncate: number, vertical: boolean): Relation {
  return node(planId, { showString: { input, numRows, truncate, vertical } });
}

export function hint(planId: number, input: Relation, name: string, parameters: readonly Expression[]): Relation {
  return node(planId, { hint: { input, name, parameters: [...parameters] } });
}
