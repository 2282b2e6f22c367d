/**
 * Short names for the generated protocol types used inside src/connect. These
 * are internal: the public API never exposes them.
 */
export type { Relation } from '../proto/spark/connect/Relation.js';
export type { Expression } from '../proto/spark/connect/Expression.js';
export type { Command } from '../proto/spark/connect/Command.js';
export type { Plan } from '../proto/spark/connect/Plan.js';
export type { DataType, DataType__Output } from '../proto/spark/connect/DataType.js';
export type { ExecutePlanRequest } from '../proto/spark/connect/ExecutePlanRequest.js';
export type { ExecutePlanResponse__Output } from '../proto/spark/connect/ExecutePlanResponse.js';
export type { AnalyzePlanRequest } from '../proto/spark/connect/AnalyzePlanRequest.js';
export type { AnalyzePlanResponse__Output } from '../proto/spark/connect/AnalyzePlanResponse.js';
export type { ConfigRequest } from '../proto/spark/connect/ConfigRequest.js';
export type { ConfigResponse__Output } from '../proto/spark/connect/ConfigResponse.js';
export type { InterruptRequest } from '../proto/spark/connect/InterruptRequest.js';
export type { InterruptResponse__Output } from '../proto/spark/connect/InterruptResponse.js';
export type { ReattachExecuteRequest } from '../proto/spark/connect/ReattachExecuteRequest.js';
export type { ReleaseExecuteRequest } from '../proto/spark/connect/ReleaseExecuteRequest.js';
export type { ReleaseExecuteResponse__Output } from '../proto/spark/connect/ReleaseExecuteResponse.js';
export type { ReleaseSessionRequest } from '../proto/spark/connect/ReleaseSessionRequest.js';
export type { ReleaseSessionResponse__Output } from '../proto/spark/connect/ReleaseSessionResponse.js';
export type { FetchErrorDetailsRequest } from '../proto/spark/connect/FetchErrorDetailsRequest.js';
export type { FetchErrorDetailsResponse__Output } from '../proto/spark/connect/FetchErrorDetailsResponse.js';
export type { AddArtifactsRequest } from '../proto/spark/connect/AddArtifactsRequest.js';
export type { AddArtifactsResponse__Output } from '../proto/spark/connect/AddArtifactsResponse.js';
export type { ArtifactStatusesRequest } from '../proto/spark/connect/ArtifactStatusesRequest.js';
export type { ArtifactStatusesResponse__Output } from '../proto/spark/connect/ArtifactStatusesResponse.js';
