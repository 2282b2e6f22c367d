/**
 * The ExecutePlan loop. By default executions are reattachable: the server
 * keeps the results of an operation until the client releases them, so a
 * stream that ends early (the server caps a stream's duration and size) or
 * breaks (transient network failure) is resumed with ReattachExecute from the
 * last response seen, and every response is delivered exactly once.
 *
 * - Consumed responses are released (ReleaseExecute until the last response id) every
 *   RELEASE_BYTES so the server can free them; at the end, or on error, the whole
 *   operation is, without waiting for the answer (as PySpark does) and after the
 *   caller has its result.
 * - A retryable failure (UNAVAILABLE, a disconnected cursor) waits per the retry
 *   policy (announced to the client's retry listeners; the AbortSignal or the
 *   session's stop ends the wait at once) and reattaches; OPERATION_NOT_FOUND
 *   before the first response means the server never saw the operation, so it
 *   is started again with the same id.
 * - An AbortSignal cancels the stream and interrupts the operation on the server.
 */
import { randomUUID } from 'node:crypto';
import { SparkConnectError, SparkInterruptedError } from '../errors.js';
import type { ConnectClient, ResponseStream } from './client.js';
import type { ExecutePlanResponse__Output, Plan } from './messages.js';
import { DEFAULT_RETRY_POLICY, waitToRetry, type RetryPolicy, type Sleep } from './retry.js';

export interface StageProgress {
  readonly stageId: number;
  readonly numTasks: number;
  readonly numCompletedTasks: number;
  readonly inputBytesRead: number;
  readonly done: boolean;
}

export interface ProgressEvent {
  readonly operationId: string;
  readonly stages: readonly StageProgress[];
  readonly numInflightTasks: number;
}

export interface ExecuteOptions {
  /** Aborting cancels the stream and interrupts the operation on the server. */
  readonly signal?: AbortSignal;
  /** Operation tags, usable with `interruptTag`. */
  readonly tags?: readonly string[];
  /** Default true. */
  readonly reattachable?: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  readonly operationId?: string;
}

export interface ExecuteContext {
  readonly policy?: RetryPolicy;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

const OPERATION_NOT_FOUND = 'INVALID_HANDLE.OPERATION_NOT_FOUND';
/**
 * Arrow bytes consumed between two ReleaseExecute calls during a stream. The server keeps
 * already-sent responses for a reattach only up to its retry buffer
 * (spark.connect.execute.reattachable.observerRetryBufferSize) anyway, so releasing early is
 * a courtesy, not a necessity: by bytes, a large result of small batches (10,000 rows each
 * by default) costs a handful of ReleaseExecute calls instead of one per few batches, which the
 * server would have to serve while it produces the result.
 */
export const RELEASE_BYTES = 16 * 1024 * 1024;

export function progressOf(operationId: string, r: ExecutePlanResponse__Output): ProgressEvent | undefined {
  const p = r.executionProgress;
  if (!p) return undefined;
  return {
    operationId,
    numInflightTasks: Number(p.numInflightTasks ?? 0),
    stages: (p.stages ?? []).map((s) => ({
      stageId: Number(s.stageId ?? 0),
      numTasks: Number(s.numTasks ?? 0),
      numCompletedTasks: Number(s.numCompletedTasks ?? 0),
      inputBytesRead: Number(s.inputBytesRead ?? 0),
      done: s.done ?? false,
    })),
  };
}

export async function* executePlan(
  client: ConnectClient,
  plan: Plan,
  options: ExecuteOptions = {},
  context: ExecuteContext = {},
): AsyncGenerator<ExecutePlanResponse__Output, void, undefined> {
  const policy = context.policy ?? client.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const retry = { ...client.retryControl('ExecutePlan'), ...(context.sleep ? { sleep: context.sleep } : {}), ...(context.random ? { random: context.random } : {}) };
  // A retry wait ends when the caller aborts or the session stops, whichever comes first.
  const waitSignal = options.signal ? AbortSignal.any([options.signal, client.stopping]) : client.stopping;
  const operationId = options.operationId ?? randomUUID();
  const reattachable = options.reattachable ?? true;
  const signal = options.signal;
  if (signal?.aborted) throw interrupted(operationId, signal);

  const start = (): ResponseStream =>
    client.executeStream({
      operationId,
      plan,
      tags: [...(options.tags ?? [])],
      requestOptions: reattachable ? [{ reattachOptions: { reattachable: true } }] : [],
    });

  let stream = start();
  let lastResponseId: string | undefined;
  let complete = false;
  let attempt = 0;
  let unreleasedBytes = 0;
  const onAbort = () => {
    stream.cancel();
    client.interrupt({ interruptType: 'INTERRUPT_TYPE_OPERATION_ID', operationId }).catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    while (!complete) {
      try {
        for await (const response of stream) {
          client.observe(response);
          attempt = 0;
          lastResponseId = response.responseId;
          if (response.responseType === 'resultComplete') complete = true;
          if (options.onProgress && response.responseType === 'executionProgress') {
            const ev = progressOf(operationId, response);
            if (ev) options.onProgress(ev);
          }
          yield response;
          if (reattachable && !complete && response.responseType === 'arrowBatch') {
            unreleasedBytes += response.arrowBatch?.data?.byteLength ?? 0;
            if (unreleasedBytes >= RELEASE_BYTES && lastResponseId) {
              unreleasedBytes = 0;
              client.releaseExecute({ operationId, releaseUntil: { responseId: lastResponseId } }).catch(() => undefined);
            }
          }
        }
        if (!reattachable) complete = true;
        else if (!complete) stream = client.reattachStream({ operationId, ...(lastResponseId ? { lastResponseId } : {}) });
      } catch (raw) {
        if (signal?.aborted) throw interrupted(operationId, signal);
        const err = await client.toError(raw);
        if (!reattachable) throw err;
        if (err instanceof SparkConnectError && err.errorClass === OPERATION_NOT_FOUND && lastResponseId === undefined) {
          stream = start();
          continue;
        }
        try {
          await waitToRetry(err, attempt++, policy, { ...retry, signal: waitSignal });
        } catch (e) {
          if (signal?.aborted) throw interrupted(operationId, signal);
          throw e;
        }
        stream = client.reattachStream({ operationId, ...(lastResponseId ? { lastResponseId } : {}) });
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!complete) stream.cancel();
    if (reattachable && !client.isClosed) client.releaseAllSoon(operationId);
  }
}

function interrupted(operationId: string, signal: AbortSignal): SparkInterruptedError {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
  return new SparkInterruptedError(
    `operation ${operationId} was interrupted: ${reason}`,
    { errorClass: 'OPERATION_INTERRUPTED', messageParameters: {}, exceptionClasses: [] },
    1,
  );
}
