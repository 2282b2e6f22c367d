/**
 * One gRPC channel to one Spark Connect server, shared by every call of a
 * session (reattaches and retries included). Knows the session id, the user
 * context and the credentials; turns gRPC failures into typed errors.
 * It builds no plans: callers hand it finished request messages.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../common/errors.js';
import {
  SparkAuthenticationError,
  SparkClientError,
  SparkConnectError,
  SparkConnectionError,
  SparkSessionLostError,
  decodeStatusDetails,
  grpcCodeName,
  isServiceError,
  mergeFetchedDetails,
  type FetchedErrorDetails,
} from '../errors.js';
import type {
  AddArtifactsRequest,
  AddArtifactsResponse__Output,
  AnalyzePlanRequest,
  AnalyzePlanResponse__Output,
  ArtifactStatusesResponse__Output,
  ConfigRequest,
  ConfigResponse__Output,
  ExecutePlanRequest,
  ExecutePlanResponse__Output,
  FetchErrorDetailsResponse__Output,
  InterruptRequest,
  InterruptResponse__Output,
  ReattachExecuteRequest,
  ReleaseExecuteRequest,
  ReleaseExecuteResponse__Output,
} from './messages.js';
import { GrpcChannel, type MessageStream } from './channel.js';
import { arrowPayloadOffset } from './framing.js';
import { GrpcStatus } from './grpc-codes.js';
import { sparkConnectMethods, type MethodCodec } from './protos.js';
import { DEFAULT_RETRY_POLICY, realSleep, withRetries, type RetryControl, type RetryEvent, type RetryPolicy, type Sleep } from './retry.js';
import { grpcTarget, type ConnectionOptions } from './url.js';

export const CLIENT_TYPE = `thunder-connect/0.1.0 node/${process.versions.node}`;

/** Largest message accepted from the server. Spark sends Arrow batches of up to tens of MB. */
export const MAX_RECEIVE_MESSAGE_BYTES = 1 << 30;
/** Per-stream and per-connection HTTP/2 receive window; with the 64 KiB default the server pauses for a WINDOW_UPDATE every 64 KiB of a large result. */
export const FLOW_CONTROL_WINDOW_BYTES = 16 * 1024 * 1024;
/** HTTP/2 keepalive ping interval: above grpc-java's default permitKeepAliveTime of 5 minutes. */
export const KEEPALIVE_MS = 6 * 60_000;

/**
 * The root certificates TLS connections trust when `GRPC_DEFAULT_SSL_ROOTS_FILE_PATH` names a PEM
 * file (the variable gRPC clients, PySpark's among them, read): that file replaces Node's built-in
 * list. Unset: undefined, Node's list plus any `NODE_EXTRA_CA_CERTS`. An unreadable file is an
 * `InvalidArgumentError` naming the variable, at connect.
 */
export function trustedRoots(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const path = env['GRPC_DEFAULT_SSL_ROOTS_FILE_PATH'];
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InvalidArgumentError('GRPC_DEFAULT_SSL_ROOTS_FILE_PATH', 'a readable PEM file of root certificates', `${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** The responses of one ExecutePlan or ReattachExecute call, decoded; `cancel()` ends the call. */
export type ResponseStream = MessageStream<ExecutePlanResponse__Output>;

export interface ClientSettings {
  /** How long `connect` waits for the channel to become ready before failing (default 5000 ms). */
  readonly connectTimeoutMs?: number;
}

/** Fields every request carries. */
export interface RequestBase {
  sessionId: string;
  userContext: { userId: string; userName?: string };
  clientType: string;
  clientObservedServerSideSessionId?: string;
}

/** The protocol's names of the unary RPCs (as retry events report them). */
type UnaryMethod = 'AnalyzePlan' | 'Config' | 'Interrupt' | 'ReleaseExecute' | 'ReleaseSession' | 'FetchErrorDetails' | 'ArtifactStatus';

const SESSION_LOST = ['INVALID_HANDLE.SESSION_NOT_FOUND', 'INVALID_HANDLE.SESSION_CHANGED'];

/** What a lost session means for the caller, appended to the server's message. */
function sessionLostAdvice(endpoint: string): string {
  return (
    `the Spark Connect server at ${endpoint} no longer has this session (it restarted, or the session expired after being idle): ` +
    'its temp views, cached data, uploaded artifacts and fitted models are gone and it cannot be resumed; ' +
    'stop it and connect a new SparkSession (SparkSession.connect(url)), then run the work again'
  );
}

export class ConnectClient {
  readonly endpoint: string;
  readonly sessionId: string;
  private serverSideSessionId: string | undefined;
  private readonly channel: GrpcChannel;
  private readonly methods: Record<string, MethodCodec>;
  private closed = false;
  /** Retry policy of unary calls and of reattachable executions. */
  retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY;
  /** How retries wait (tests substitute a fake clock). */
  sleep: Sleep = realSleep;
  /** Told before every retry of every call of this client. */
  readonly retryListeners = new Set<(event: RetryEvent) => void>();
  // Aborted when the session stops: ends every retry wait at once, and no new wait begins.
  readonly #stopping = new AbortController();

  constructor(readonly options: ConnectionOptions) {
    this.endpoint = grpcTarget(options);
    this.sessionId = options.sessionId ?? randomUUID();
    this.methods = sparkConnectMethods();
    const headers: Record<string, string> = { 'user-agent': options.userAgent ?? CLIENT_TYPE };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    for (const [k, v] of Object.entries(options.params)) {
      if (!['token', 'user_id', 'use_ssl', 'session_id', 'user_agent'].includes(k)) headers[k.toLowerCase()] = v;
    }
    const ca = options.useSsl ? trustedRoots() : undefined;
    this.channel = new GrpcChannel({
      ...(ca !== undefined ? { ca } : {}),
      origin: `${options.useSsl ? 'https' : 'http'}://${this.endpoint}`,
      headers,
      maxReceiveBytes: MAX_RECEIVE_MESSAGE_BYTES,
      windowBytes: FLOW_CONTROL_WINDOW_BYTES,
      // grpc-java servers (Spark's) answer pings more frequent than every 5 minutes with GOAWAY
      // "too_many_pings"; the channel pings only while calls are open.
      keepaliveMs: KEEPALIVE_MS,
    });
  }

  /**
   * Resolves once the channel is connected. Rejects with a `SparkConnectionError`
   * naming the endpoint when the connection attempt fails (refused, unreachable,
   * TLS) or nothing answers within `timeoutMs`: a wrong address fails at once
   * instead of waiting out the deadline.
   */
  async waitReady(timeoutMs = 5000): Promise<void> {
    try {
      await this.channel.waitReady(timeoutMs);
    } catch (e) {
      const why = (e as Error).message;
      throw new SparkConnectionError(this.endpoint, 'UNAVAILABLE', `the connection failed: ${why} (is a Spark Connect server running there, and is ${this.endpoint} the right host and port?)`);
    }
  }

  base(): RequestBase {
    return {
      sessionId: this.sessionId,
      userContext: { userId: this.options.userId },
      clientType: CLIENT_TYPE,
      ...(this.serverSideSessionId !== undefined ? { clientObservedServerSideSessionId: this.serverSideSessionId } : {}),
    };
  }

  /**
   * Every response names the server-side session; if it changes, the server
   * lost our session (restart, timeout) and every cached handle is void.
   */
  observe(response: { serverSideSessionId?: string }): void {
    const id = response.serverSideSessionId;
    if (!id) return;
    if (this.serverSideSessionId === undefined) this.serverSideSessionId = id;
    else if (id !== this.serverSideSessionId) {
      throw new SparkSessionLostError(
        `server-side session changed from ${this.serverSideSessionId} to ${id}: ${sessionLostAdvice(this.endpoint)}`,
        { errorClass: 'INVALID_HANDLE.SESSION_CHANGED', messageParameters: {}, exceptionClasses: [] },
        GrpcStatus.INTERNAL,
      );
    }
  }

  /** Aborted once the session starts to stop; retry waits end on it. */
  get stopping(): AbortSignal {
    return this.#stopping.signal;
  }

  /** Ends every retry wait now (they reject with a SparkClientError) and refuses new ones. Idempotent. */
  beginStop(): void {
    if (!this.#stopping.signal.aborted) {
      this.#stopping.abort(new SparkClientError(`Spark Connect session ${this.sessionId} was stopped while a call to ${this.endpoint} waited to retry`));
    }
  }

  /** Retry reporting and cancellation for `call` (`ExecutePlan`, `AnalyzePlan`, ...). */
  retryControl(call: string): RetryControl {
    return {
      endpoint: this.endpoint,
      call,
      signal: this.#stopping.signal,
      sleep: this.sleep,
      onRetry: (event) => {
        for (const l of this.retryListeners) l(event);
      },
    };
  }

  private checkOpen(): void {
    if (this.closed) throw new SparkClientError(`Spark Connect session ${this.sessionId} is stopped; connect a new SparkSession`);
  }

  async analyze(request: Omit<AnalyzePlanRequest, keyof RequestBase>): Promise<AnalyzePlanResponse__Output> {
    return this.unary<AnalyzePlanResponse__Output>('AnalyzePlan', { ...this.base(), ...request });
  }

  async config(operation: ConfigRequest['operation']): Promise<ConfigResponse__Output> {
    return this.unary<ConfigResponse__Output>('Config', { ...this.base(), operation });
  }

  async interrupt(request: Omit<InterruptRequest, keyof RequestBase>): Promise<InterruptResponse__Output> {
    return this.unary<InterruptResponse__Output>('Interrupt', { ...this.base(), ...request });
  }

  async releaseExecute(request: Omit<ReleaseExecuteRequest, keyof RequestBase>): Promise<ReleaseExecuteResponse__Output> {
    return this.unary<ReleaseExecuteResponse__Output>('ReleaseExecute', { ...this.base(), ...request });
  }

  /**
   * Releases a finished operation's results on the server, best effort and after the caller's
   * own continuation has run: this is the one request every query adds, and it must not delay
   * the result or the next query. A failed release is not retried (the server drops an
   * operation's results on its own after spark.connect.execute.manager.detachedTimeout).
   */
  releaseAllSoon(operationId: string): void {
    setImmediate(() => {
      if (this.closed) return;
      const codec = this.methods['ReleaseExecute']!;
      this.channel.unary(codec.path, codec.serialize({ ...this.base(), operationId, releaseAll: {} })).catch(() => undefined);
    });
  }

  /** Opens an ExecutePlan response stream. Errors surface on iteration; pass them to `toError`. */
  executeStream(request: Omit<ExecutePlanRequest, keyof RequestBase>): ResponseStream {
    return this.responses('ExecutePlan', request);
  }

  reattachStream(request: Omit<ReattachExecuteRequest, keyof RequestBase>): ResponseStream {
    return this.responses('ReattachExecute', request);
  }

  private responses(method: 'ExecutePlan' | 'ReattachExecute', request: object): ResponseStream {
    this.checkOpen();
    const codec = this.methods[method]!;
    return this.channel.serverStream(codec.path, codec.serialize({ ...this.base(), ...request }), {
      alignHint: arrowPayloadOffset,
      decode: (m) => codec.deserialize(m) as ExecutePlanResponse__Output,
    });
  }

  /**
   * Streams AddArtifacts requests (client streaming) and returns the server's
   * summary. `payloads` is consumed lazily, so a large artifact is never
   * materialized as one array of messages.
   */
  async addArtifacts(payloads: Iterable<Omit<AddArtifactsRequest, keyof RequestBase>>): Promise<AddArtifactsResponse__Output> {
    this.checkOpen();
    const codec = this.methods['AddArtifacts']!;
    try {
      const call = this.channel.clientStream(codec.path);
      const iterator = payloads[Symbol.iterator]();
      const pump = () => {
        for (;;) {
          const next = iterator.next();
          if (next.done) return call.end();
          if (!call.write(codec.serialize({ ...this.base(), ...next.value }))) return call.once('drain', pump);
        }
      };
      pump();
      const response = codec.deserialize(await call.response) as AddArtifactsResponse__Output;
      this.observe(response);
      return response;
    } catch (e) {
      throw await this.toError(e);
    }
  }

  async artifactStatus(names: readonly string[]): Promise<ArtifactStatusesResponse__Output> {
    return this.unary<ArtifactStatusesResponse__Output>('ArtifactStatus', { ...this.base(), names: [...names] });
  }

  /**
   * Ends the server session (ReleaseSession) and closes the channel. Idempotent.
   * Not retried and bounded by a short deadline: stopping must not hang on a
   * server that is gone (its sessions time out on their own).
   */
  async release(timeoutMs = 5000): Promise<void> {
    this.beginStop();
    if (this.closed) return;
    try {
      const codec = this.methods['ReleaseSession']!;
      const request = codec.serialize({ sessionId: this.sessionId, userContext: { userId: this.options.userId }, clientType: CLIENT_TYPE });
      await this.channel.unary(codec.path, request, { deadline: Date.now() + timeoutMs }).catch(async (e: unknown) => {
        throw await this.toError(e);
      });
    } finally {
      this.close();
    }
  }

  /** Closes the channel without telling the server (for sessions that never started). */
  close(): void {
    this.beginStop();
    this.closed = true;
    this.channel.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // The options and call metadata hold the token: printing or serializing a client (or a
  // session, which holds one) shows the endpoint and session only.
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ConnectClient { endpoint: '${this.endpoint}', sessionId: '${this.sessionId}' }`;
  }

  toJSON(): { endpoint: string; sessionId: string } {
    return { endpoint: this.endpoint, sessionId: this.sessionId };
  }

  async unary<R>(method: UnaryMethod, request: object): Promise<R> {
    this.checkOpen();
    const codec = this.methods[method]!;
    const bytes = codec.serialize(request);
    // Every unary RPC of the protocol is idempotent, so transient failures are retried.
    const response = await withRetries(async () => {
      try {
        return codec.deserialize(await this.channel.unary(codec.path, bytes)) as R;
      } catch (e) {
        throw await this.toError(e);
      }
    }, this.retryPolicy, this.sleep, Math.random, this.retryControl(method));
    this.observe(response as { serverSideSessionId?: string });
    return response;
  }

  /**
   * Turns anything thrown by a call into a typed error: Spark errors (with the
   * ErrorInfo trailer) become `SparkConnectError`, enriched best-effort by
   * FetchErrorDetails; the rest become `SparkConnectionError`.
   */
  async toError(e: unknown): Promise<Error> {
    if (e instanceof SparkConnectError || e instanceof SparkConnectionError || e instanceof SparkClientError) return e;
    if (!isServiceError(e)) return e instanceof Error ? e : new Error(String(e));
    const decoded = decodeStatusDetails(e.metadata);
    const detail = decoded.message ?? e.details ?? e.message;
    if (e.code === GrpcStatus.UNAUTHENTICATED) {
      return new SparkAuthenticationError(this.endpoint, detail, this.options.token !== undefined, { cause: e });
    }
    if (!decoded.info) {
      return new SparkConnectionError(this.endpoint, grpcCodeName(e.code), detail, { cause: e });
    }
    if (SESSION_LOST.some((c) => decoded.info!.errorClass?.startsWith(c))) {
      // FetchErrorDetails would ask the same server about the same lost session: skip it.
      return new SparkSessionLostError(`${detail.trim()}: ${sessionLostAdvice(this.endpoint)}`, decoded.info, e.code, { cause: e });
    }
    let info = decoded.info;
    let message = detail;
    if (info.errorId && !this.closed) {
      try {
        const fetched = await this.fetchErrorDetails(info.errorId);
        const merged = mergeFetchedDetails(info, fetched);
        info = merged.info;
        if (merged.message) message = merged.message;
      } catch {
        // Best effort: the trailer already carries class, state and parameters.
      }
    }
    return new SparkConnectError(message.trim(), info, e.code, { cause: e });
  }

  private async fetchErrorDetails(errorId: string): Promise<FetchedErrorDetails> {
    const codec = this.methods['FetchErrorDetails']!;
    const res = codec.deserialize(await this.channel.unary(codec.path, codec.serialize({ ...this.base(), errorId })));
    return res as FetchErrorDetailsResponse__Output as FetchedErrorDetails;
  }
}
