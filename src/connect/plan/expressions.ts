/**
 * Pure builders of protocol `Expression` messages. Operators and most SQL
 * functions are `UnresolvedFunction`s named as in Spark's function registry
 * ("+", "==", "and", "sqrt"...); the server resolves them.
 */
import type { Expression, LambdaVariable, SortOrderExpr, WindowFrame } from './proto.js';
import { toProtoDataType, type DataType } from './types.js';

/**
 * A column by name, optionally bound to the plan node it comes from
 * (`df.col('x')`), which disambiguates self-joins. `*` and `t.*` are stars.
 */
export function attribute(name: string, planId?: number): Expression {
  if (name === '*' || name.endsWith('.*')) {
    return {
      unresolvedStar: {
        ...(name === '*' ? {} : { unparsedTarget: name }),
        ...(planId !== undefined ? { planId: String(planId) } : {}),
      },
    };
  }
  return { unresolvedAttribute: { unparsedIdentifier: name, ...(planId !== undefined ? { planId: String(planId) } : {}) } };
}

export function fn(name: string, args: readonly Expression[], options: { distinct?: boolean } = {}): Expression {
  return { unresolvedFunction: { functionName: name, arguments: [...args], ...(options.distinct ? { isDistinct: true } : {}) } };
}

/** A function called by (possibly qualified) name: built-ins, temporary and catalog functions. */
export function callFunction(name: string, args: readonly Expression[]): Expression {
  return { callFunction: { functionName: name, arguments: [...args] } };
}

/** A SQL expression fragment parsed by the server, e.g. `"a + 1 AS b"`. */
export function sqlExpression(text: string): Expression {
  return { expressionString: { expression: text } };
}

export function alias(expr: Expression, names: readonly string[], metadata?: string): Expression {
  return { alias: { expr, name: [...names], ...(metadata !== undefined ? { metadata } : {}) } };
}

/** Cast to a model type, or to a type given as DDL text (`'array<double>'`). */
export function cast(expr: Expression, to: DataType | string, mode: 'legacy' | 'ansi' | 'try' | undefined = undefined): Expression {
  const evalMode = mode === undefined ? {} : { evalMode: (`EVAL_MODE_${mode.toUpperCase()}` as 'EVAL_MODE_LEGACY' | 'EVAL_MODE_ANSI' | 'EVAL_MODE_TRY') };
  return { cast: { expr, ...(typeof to === 'string' ? { typeStr: to } : { type: toProtoDataType(to) }), ...evalMode } };
}

/** `child[extraction]`: array index, map key or struct field, by Spark's rules for the child's type. */
export function extractValue(child: Expression, extraction: Expression): Expression {
  return { unresolvedExtractValue: { child, extraction } };
}

/** Sets (value given) or drops (no value) a field of a struct. */
export function updateFields(struct: Expression, field: string, value?: Expression): Expression {
  return { updateFields: { structExpression: struct, fieldName: field, ...(value ? { valueExpression: value } : {}) } };
}

export type SortDirection = 'asc' | 'desc';
export type NullOrdering = 'first' | 'last';

export function sortOrder(child: Expression, direction: SortDirection, nulls?: NullOrdering): SortOrderExpr {
  // Spark's defaults: nulls first ascending, nulls last descending.
  const n = nulls ?? (direction === 'asc' ? 'first' : 'last');
  return {
    child,
    direction: direction === 'asc' ? 'SORT_DIRECTION_ASCENDING' : 'SORT_DIRECTION_DESCENDING',
    nullOrdering: n === 'first' ? 'SORT_NULLS_FIRST' : 'SORT_NULLS_LAST',
  };
}

/** Reads the sort order an expression carries, or ascending when it carries none. */
export function asSortOrder(expr: Expression): SortOrderExpr {
  return expr.sortOrder ?? sortOrder(expr, 'asc');
}

export function windowExpression(fnExpr: Expression, partitionSpec: readonly Expression[], orderSpec: readonly SortOrderExpr[], frame?: WindowFrame): Expression {
  return {
    window: {
      windowFunction: fnExpr,
      partitionSpec: [...partitionSpec],
      orderSpec: [...orderSpec],
      ...(frame ? { frameSpec: frame } : {}),
    },
  };
}

let lambdaCounter = 0;

/**
 * A lambda variable with a name no other lambda uses: nested lambdas (and
 * lambdas built by different calls) never capture each other's variables.
 */
export function freshLambdaVariable(prefix: string): LambdaVariable {
  return { nameParts: [`${prefix}_${lambdaCounter++}`] };
}

export function lambda(body: Expression, variables: readonly LambdaVariable[]): Expression {
  return { lambdaFunction: { function: body, arguments: [...variables] } };
}
