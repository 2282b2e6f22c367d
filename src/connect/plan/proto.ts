/**
 * Short names for the generated protocol types that plan building uses.
 * Internal: the public API speaks Column, DataFrame and the DataType model,
 * never these (see index.ts).
 */
export type { Relation, Relation__Output } from '../proto/spark/connect/Relation.js';
export type { Command } from '../proto/spark/connect/Command.js';
export type { Expression } from '../proto/spark/connect/Expression.js';
export type {
  _spark_connect_Expression_Literal as Literal,
  _spark_connect_Expression_Alias as AliasExpr,
  _spark_connect_Expression_SortOrder as SortOrderExpr,
  _spark_connect_Expression_Window_WindowFrame as WindowFrame,
  _spark_connect_Expression_Window_WindowFrame_FrameBoundary as FrameBoundary,
  _spark_connect_Expression_UnresolvedNamedLambdaVariable as LambdaVariable,
} from '../proto/spark/connect/Expression.js';
export type { DataType as ProtoDataType, DataType__Output as ProtoDataType__Output } from '../proto/spark/connect/DataType.js';
export type { _spark_connect_Join_JoinType as JoinTypeName } from '../proto/spark/connect/Join.js';
export type { _spark_connect_WriteOperation_SaveMode as SaveModeName, WriteOperation } from '../proto/spark/connect/WriteOperation.js';
export type { StorageLevel as ProtoStorageLevel, StorageLevel__Output as ProtoStorageLevel__Output } from '../proto/spark/connect/StorageLevel.js';
export type { _spark_connect_AnalyzePlanRequest_Explain_ExplainMode as ExplainModeName } from '../proto/spark/connect/AnalyzePlanRequest.js';
export type { KeyValue__Output } from '../proto/spark/connect/KeyValue.js';
