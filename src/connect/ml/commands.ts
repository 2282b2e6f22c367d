/** Pure builders of the ML protocol messages (`MlCommand`, `MlRelation`); no server involved. */
import { randomBytes } from 'node:crypto';
import type { Command, Relation } from '../plan/proto.js';
import type { _spark_connect_Fetch_Method as FetchMethod } from '../proto/spark/connect/Fetch.js';
import type { MlParams as ProtoMlParams } from '../proto/spark/connect/MlParams.js';
import type { _spark_connect_Expression_Literal as Literal } from '../proto/spark/connect/Expression.js';

/** One step of an attribute chain: a name, or a method with literal / DataFrame arguments. */
export interface MethodSpec {
  readonly method: string;
  readonly args?: readonly ({ readonly param: Literal } | { readonly input: Relation })[];
}

/** A uid in MLlib's style, `KMeans_1a2b3c4d5e6f`: the simple class name and 12 hex digits. */
export function newUid(className: string): string {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  return `${simple}_${randomBytes(6).toString('hex')}`;
}

export function fitCommand(estimator: string, uid: string, params: ProtoMlParams, dataset: Relation): Command {
  return { mlCommand: { fit: { estimator: { name: estimator, uid, type: 'OPERATOR_TYPE_ESTIMATOR' }, params, dataset } } };
}

function methods(chain: readonly MethodSpec[]): FetchMethod[] {
  return chain.map((m) => ({ method: m.method, args: (m.args ?? []).map((a) => ('param' in a ? { param: a.param } : { input: a.input })) }));
}

export function fetchCommand(objectId: string, chain: readonly MethodSpec[]): Command {
  return { mlCommand: { fetch: { objRef: { id: objectId }, methods: methods(chain) } } };
}

export function deleteCommand(objectIds: readonly string[]): Command {
  return { mlCommand: { delete: { objRefs: objectIds.map((id) => ({ id })) } } };
}

export function transformRelation(planId: number, objectId: string, input: Relation, params: ProtoMlParams): Relation {
  return { common: { planId: String(planId) }, mlRelation: { transform: { objRef: { id: objectId }, input, params } } };
}

/** An attribute chain whose result is a DataFrame (e.g. GaussianMixtureModel.gaussiansDF). */
export function fetchRelation(planId: number, objectId: string, chain: readonly MethodSpec[]): Relation {
  return { common: { planId: String(planId) }, mlRelation: { fetch: { objRef: { id: objectId }, methods: methods(chain) } } };
}
