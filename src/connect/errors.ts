/**
 * Errors of the Spark Connect client. Two kinds reach callers:
 * - `SparkConnectError`: Spark itself refused or failed the request (analysis,
 *   parse, runtime errors). Carries Spark's error class, SQL state and message
 *   parameters; classify by `errorClass`, never by message text.
 * - `SparkConnectionError`: the transport failed (unreachable server, deadline,
 *   TLS, a dropped stream). Names the endpoint and the gRPC status code.
 * Both leave the session usable: the next call opens a new stream on the same channel.
 */
import { CallMetadata, GrpcCallError } from './transport/channel.js';
import { GrpcStatus } from './transport/grpc-codes.js';
import { rpcTypes } from './transport/protos.js';

export interface SparkStackFrame {
  readonly declaringClass: string;
  readonly methodName: string;
  readonly fileName?: string;
  readonly lineNumber: number;
}

export interface SparkErrorInfo {
  /** Spark's error class, e.g. `PARSE_SYNTAX_ERROR`, `UNRESOLVED_COLUMN.WITH_SUGGESTION`. */
  readonly errorClass?: string;
  /** Five-character SQL state, e.g. `42601`. */
  readonly sqlState?: string;
  readonly messageParameters: Readonly<Record<string, string>>;
  /** The JVM exception class hierarchy, most specific first. */
  readonly exceptionClasses: readonly string[];
  /** Server-side error id, usable with FetchErrorDetails while the session lives. */
  readonly errorId?: string;
  /** The server's stack trace, when the server sends it (`spark.sql.connect.serverStacktrace.enabled`). */
  readonly serverStackTrace?: readonly SparkStackFrame[];
  /** Messages of the chain of causes, outermost first, when FetchErrorDetails provided them. */
  readonly causes?: readonly string[];
}

export class SparkConnectError extends Error implements SparkErrorInfo {
  override readonly name: string = 'SparkConnectError';
  readonly errorClass?: string;
  readonly sqlState?: string;
  readonly messageParameters: Readonly<Record<string, string>>;
  readonly exceptionClasses: readonly string[];
  readonly errorId?: string;
  readonly serverStackTrace?: readonly SparkStackFrame[];
  readonly causes?: readonly string[];
  /** The gRPC status code the server answered with. */
  readonly grpcCode: number;

  constructor(message: string, info: SparkErrorInfo, grpcCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.errorClass = info.errorClass;
    this.sqlState = info.sqlState;
    this.messageParameters = info.messageParameters;
    this.exceptionClasses = info.exceptionClasses;
    this.errorId = info.errorId;
    this.serverStackTrace = info.serverStackTrace;
    this.causes = info.causes;
    this.grpcCode = grpcCode;
  }
}

export class SparkConnectionError extends Error {
  override readonly name: string = 'SparkConnectionError';
  /** `host:port` of the Spark Connect endpoint. */
  readonly endpoint: string;
  /** gRPC status code name, e.g. `UNAVAILABLE`, `DEADLINE_EXCEEDED`. */
  readonly code: string;

  constructor(endpoint: string, code: string, detail: string, options?: { cause?: unknown }) {
    super(`Spark Connect at ${endpoint}: ${code}: ${detail}`, options);
    this.endpoint = endpoint;
    this.code = code;
  }
}

/**
 * The server refused the credentials (gRPC UNAUTHENTICATED): no token, or not the one it
 * was started with. The message never contains the token.
 */
export class SparkAuthenticationError extends SparkConnectionError {
  override readonly name: string = 'SparkAuthenticationError';

  constructor(endpoint: string, serverMessage: string, sentToken: boolean, options?: { cause?: unknown }) {
    super(
      endpoint,
      'UNAUTHENTICATED',
      `${serverMessage}: ${sentToken ? 'the server refused the token in the URL (a restarted server has a new one)' : 'the server requires a token and the URL has none'}; ` +
        'add ;token=<token> to the sc:// URL (for a server started here by thunder-connect, `thunder-connect status --show-token` prints it, and SparkSession.connect() finds it on its own)',
      options,
    );
  }
}

/**
 * The server no longer has this session (`INVALID_HANDLE.SESSION_NOT_FOUND` or
 * `SESSION_CHANGED`): it restarted, or the session expired after being idle. Its temp views,
 * cached DataFrames, uploaded artifacts and fitted models are gone; the session cannot be
 * resumed, only replaced by a new `SparkSession.connect()`.
 */
export class SparkSessionLostError extends SparkConnectError {
  override readonly name = 'SparkSessionLostError';
}

/** The operation was interrupted (by an AbortSignal, `interruptAll`, or a tag). */
export class SparkInterruptedError extends SparkConnectError {
  override readonly name = 'SparkInterruptedError';
}

/** A well-formed request the client refuses before sending (e.g. a closed session). */
export class SparkClientError extends Error {
  override readonly name = 'SparkClientError';
}

export { grpcCodeName } from './transport/grpc-codes.js';

/** A call that ended with a gRPC status (as opposed to a client-side failure). */
export function isServiceError(e: unknown): e is GrpcCallError {
  return e instanceof GrpcCallError;
}

interface DecodedStatus {
  readonly info?: SparkErrorInfo;
  readonly message?: string;
  /** Server-requested delay before a retry (google.rpc.RetryInfo), in ms. */
  readonly retryDelayMs?: number;
}

/**
 * Reads google.rpc.Status from the `grpc-status-details-bin` trailer. Spark puts
 * an ErrorInfo there whose metadata holds the error class, SQL state, message
 * parameters (JSON) and the error id for FetchErrorDetails.
 */
export function decodeStatusDetails(metadata: CallMetadata | undefined): DecodedStatus {
  const raw = metadata?.get('grpc-status-details-bin')[0];
  if (!raw || typeof raw === 'string') return {};
  const types = rpcTypes();
  const status = types.status.toObject(types.status.decode(raw), { longs: String }) as {
    message?: string;
    details?: { typeUrl?: string; type_url?: string; value: Uint8Array }[];
  };
  let info: SparkErrorInfo | undefined;
  let retryDelayMs: number | undefined;
  for (const any of status.details ?? []) {
    // protobufjs's bundled google.protobuf.Any keeps the snake_case field name.
    const typeUrl = any.typeUrl ?? any.type_url ?? '';
    if (typeUrl.endsWith('google.rpc.ErrorInfo')) {
      const ei = types.errorInfo.toObject(types.errorInfo.decode(any.value)) as {
        reason?: string;
        metadata?: Record<string, string>;
      };
      info = errorInfoFromMetadata(ei.reason, ei.metadata ?? {});
    } else if (typeUrl.endsWith('google.rpc.RetryInfo')) {
      const ri = types.retryInfo.toObject(types.retryInfo.decode(any.value), { longs: Number }) as {
        retryDelay?: { seconds?: number; nanos?: number };
      };
      if (ri.retryDelay) retryDelayMs = (ri.retryDelay.seconds ?? 0) * 1000 + (ri.retryDelay.nanos ?? 0) / 1e6;
    }
  }
  return {
    ...(info ? { info } : {}),
    ...(status.message ? { message: status.message } : {}),
    ...(retryDelayMs !== undefined ? { retryDelayMs } : {}),
  };
}

function errorInfoFromMetadata(reason: string | undefined, md: Record<string, string>): SparkErrorInfo {
  let classes: string[] = [];
  try {
    classes = md['classes'] ? (JSON.parse(md['classes']) as string[]) : [];
  } catch {
    classes = [];
  }
  if (classes.length === 0 && reason) classes = [reason];
  let params: Record<string, string> = {};
  try {
    params = md['messageParameters'] ? (JSON.parse(md['messageParameters']) as Record<string, string>) : {};
  } catch {
    params = {};
  }
  return {
    exceptionClasses: classes,
    messageParameters: params,
    ...(md['errorClass'] ? { errorClass: md['errorClass'] } : {}),
    ...(md['sqlState'] ? { sqlState: md['sqlState'] } : {}),
    ...(md['errorId'] ? { errorId: md['errorId'] } : {}),
  };
}

/** Error details as returned by FetchErrorDetails (generated message shape, only the fields we read). */
export interface FetchedErrorDetails {
  rootErrorIdx?: number;
  errors?: {
    errorTypeHierarchy?: string[];
    message?: string;
    stackTrace?: { declaringClass?: string; methodName?: string; fileName?: string; lineNumber?: number }[];
    causeIdx?: number;
    sparkThrowable?: { errorClass?: string; messageParameters?: Record<string, string>; sqlState?: string };
  }[];
}

/** Folds FetchErrorDetails output into the info from the trailer (the details are richer when present). */
export function mergeFetchedDetails(info: SparkErrorInfo, fetched: FetchedErrorDetails): { info: SparkErrorInfo; message?: string } {
  const errors = fetched.errors ?? [];
  const root = errors[fetched.rootErrorIdx ?? 0];
  if (!root) return { info };
  const causes: string[] = [];
  for (let idx = root.causeIdx, guard = 0; idx !== undefined && errors[idx] && guard < 64; idx = errors[idx]!.causeIdx, guard++) {
    causes.push(errors[idx]!.message ?? '');
  }
  const st = root.sparkThrowable;
  const frames = (root.stackTrace ?? []).map((f) => ({
    declaringClass: f.declaringClass ?? '',
    methodName: f.methodName ?? '',
    lineNumber: f.lineNumber ?? 0,
    ...(f.fileName ? { fileName: f.fileName } : {}),
  }));
  const merged: SparkErrorInfo = {
    ...info,
    exceptionClasses: root.errorTypeHierarchy?.length ? root.errorTypeHierarchy : info.exceptionClasses,
    messageParameters: st?.messageParameters && Object.keys(st.messageParameters).length ? st.messageParameters : info.messageParameters,
    ...(st?.errorClass ? { errorClass: st.errorClass } : {}),
    ...(st?.sqlState ? { sqlState: st.sqlState } : {}),
    ...(frames.length ? { serverStackTrace: frames } : {}),
    ...(causes.length ? { causes } : {}),
  };
  return { info: merged, ...(root.message ? { message: root.message } : {}) };
}

export const RETRYABLE_CODES: ReadonlySet<number> = new Set([GrpcStatus.UNAVAILABLE]);
