/**
 * The ExecutePlan loop against a scripted fake client, for the failure paths a
 * real server does not produce on demand: broken streams, OPERATION_NOT_FOUND,
 * retries running out. (The real-server tests cover the normal reattach path.)
 */
import { describe, expect, it } from 'vitest';
import { SparkClientError, SparkConnectError, SparkConnectionError, SparkInterruptedError } from '../../src/connect/errors.js';
import type { ConnectClient } from '../../src/connect/transport/client.js';
import { executePlan } from '../../src/connect/transport/execute.js';
import type { ExecutePlanResponse__Output } from '../../src/connect/transport/messages.js';
import { DEFAULT_RETRY_POLICY, type RetryEvent, type Sleep } from '../../src/connect/transport/retry.js';

type Step = ExecutePlanResponse__Output | Error;

const batch = (id: string): ExecutePlanResponse__Output => ({ responseId: id, responseType: 'arrowBatch', arrowBatch: { rowCount: '1', data: Buffer.from(id) } }) as ExecutePlanResponse__Output;
const complete = (id: string): ExecutePlanResponse__Output => ({ responseId: id, responseType: 'resultComplete', resultComplete: {} }) as ExecutePlanResponse__Output;
const sparkError = (errorClass: string) => new SparkConnectError(errorClass, { errorClass, messageParameters: {}, exceptionClasses: [] }, 13);
const unavailable = () => new SparkConnectionError('fake:1', 'UNAVAILABLE', 'connection reset');

/** A fake client whose execute/reattach calls each play the next scripted stream. */
function fakeClient(streams: Step[][]) {
  const calls = { execute: [] as string[], reattach: [] as (string | undefined)[], releaseUntil: [] as string[], releaseAll: 0, interrupts: 0 };
  const retries: RetryEvent[] = [];
  const stop = new AbortController();
  let next = 0;
  const play = (): AsyncIterable<ExecutePlanResponse__Output> & { cancel(): void } => {
    const steps = streams[next++] ?? [];
    return {
      cancel() {},
      async *[Symbol.asyncIterator]() {
        for (const s of steps) {
          if (s instanceof Error) throw s;
          yield s;
        }
      },
    };
  };
  const client = {
    isClosed: false,
    stopping: stop.signal,
    retryControl: (call: string) => ({ endpoint: 'fake:1', call, signal: stop.signal, onRetry: (e: RetryEvent) => void retries.push(e) }),
    observe() {},
    async toError(e: unknown) {
      return e as Error;
    },
    executeStream(req: { operationId: string }) {
      calls.execute.push(req.operationId);
      return play();
    },
    reattachStream(req: { operationId: string; lastResponseId?: string }) {
      calls.reattach.push(req.lastResponseId);
      return play();
    },
    releaseAllSoon() {
      calls.releaseAll++;
    },
    async releaseExecute(req: { releaseUntil?: { responseId: string }; releaseAll?: object }) {
      if (req.releaseUntil) calls.releaseUntil.push(req.releaseUntil.responseId);
      if (req.releaseAll) calls.releaseAll++;
      return {};
    },
    async interrupt() {
      calls.interrupts++;
      return {};
    },
  };
  return { client: client as unknown as ConnectClient, calls, retries, stop };
}

async function drain(client: ConnectClient, sleeps: number[] = [], policy = DEFAULT_RETRY_POLICY): Promise<string[]> {
  const ids: string[] = [];
  for await (const r of executePlan(client, { root: {} }, {}, { policy, sleep: async (ms) => void sleeps.push(ms), random: () => 0 })) ids.push(r.responseId!);
  return ids;
}

describe('ExecutePlan loop', () => {
  it('reattaches from the last response when a stream ends without ResultComplete', async () => {
    const { client, calls } = fakeClient([[batch('a'), batch('b')], [batch('c')], [complete('d')]]);
    expect(await drain(client)).toEqual(['a', 'b', 'c', 'd']);
    expect(calls.execute).toHaveLength(1);
    expect(calls.reattach).toEqual(['b', 'c']);
    expect(calls.releaseUntil).toEqual([]); // released every RELEASE_BYTES; the end releases all
    expect(calls.releaseAll).toBe(1);
  });

  it('retries a broken stream with backoff and delivers each response once', async () => {
    const sleeps: number[] = [];
    const { client, calls } = fakeClient([[batch('a'), unavailable()], [unavailable()], [batch('b'), complete('c')]]);
    expect(await drain(client, sleeps)).toEqual(['a', 'b', 'c']);
    expect(calls.reattach).toEqual(['a', 'a']);
    expect(sleeps).toEqual([50, 200]);
  });

  it('starts the operation again, same id, when the server never saw it (OPERATION_NOT_FOUND before any response)', async () => {
    const { client, calls } = fakeClient([[unavailable()], [sparkError('INVALID_HANDLE.OPERATION_NOT_FOUND')], [batch('a'), complete('b')]]);
    expect(await drain(client)).toEqual(['a', 'b']);
    expect(calls.execute).toHaveLength(2);
    expect(calls.execute[0]).toBe(calls.execute[1]);
    expect(calls.reattach).toEqual([undefined]);
  });

  it('gives up after the policy runs out of retries, releasing the operation', async () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 2 };
    const { client, calls } = fakeClient([[unavailable()], [unavailable()], [unavailable()], [batch('never')]]);
    const err = await drain(client, [], policy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkConnectionError);
    expect(calls.reattach).toHaveLength(2);
    expect(calls.releaseAll).toBe(1);
  });

  it('does not retry Spark errors', async () => {
    const { client, calls } = fakeClient([[batch('a'), sparkError('DIVIDE_BY_ZERO')]]);
    const err = await drain(client).catch((e: unknown) => e);
    expect((err as SparkConnectError).errorClass).toBe('DIVIDE_BY_ZERO');
    expect(calls.reattach).toHaveLength(0);
  });

  it('treats the end of a non-reattachable stream as the end of the result', async () => {
    const { client, calls } = fakeClient([[batch('a'), batch('b')]]);
    const ids: string[] = [];
    for await (const r of executePlan(client, { root: {} }, { reattachable: false })) ids.push(r.responseId!);
    expect(ids).toEqual(['a', 'b']);
    expect(calls.reattach).toHaveLength(0);
    expect(calls.releaseAll).toBe(0);
  });

  it('reports every retry (endpoint, call, attempt, delay) before waiting it', async () => {
    const sleeps: number[] = [];
    const { client, retries } = fakeClient([[batch('a'), unavailable()], [unavailable()], [unavailable()], [complete('b')]]);
    expect(await drain(client, sleeps)).toEqual(['a', 'b']);
    expect(retries.map((e) => [e.endpoint, e.call, e.attempt, e.maxRetries, e.delayMs])).toEqual([
      ['fake:1', 'ExecutePlan', 1, 15, 50],
      ['fake:1', 'ExecutePlan', 2, 15, 200],
      ['fake:1', 'ExecutePlan', 3, 15, 800],
    ]);
    expect(sleeps).toEqual([50, 200, 800]);
    expect(retries.every((e) => e.error instanceof SparkConnectionError)).toBe(true);
  });

  /** A fake clock on which a wait never ends by itself, only when its signal aborts. */
  const waitForever =
    (started: () => void): Sleep =>
    (_ms, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        started();
      });

  it('ends a retry wait at once when the caller aborts: an interrupted operation, released', async () => {
    const { client, calls } = fakeClient([[unavailable()], [batch('never')]]);
    const controller = new AbortController();
    const run = (async () => {
      for await (const _ of executePlan(client, { root: {} }, { signal: controller.signal }, { sleep: waitForever(() => controller.abort(new Error('user gave up'))) }));
    })();
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkInterruptedError);
    expect((err as Error).message).toContain('user gave up');
    expect(calls.reattach).toHaveLength(0); // the wait ended; no retry followed
    expect(calls.releaseAll).toBe(1);
  });

  it('ends a retry wait at once when the session stops', async () => {
    const { client, calls, stop } = fakeClient([[unavailable()], [batch('never')]]);
    const reason = new SparkClientError('session stopped');
    const run = (async () => {
      for await (const _ of executePlan(client, { root: {} }, {}, { sleep: waitForever(() => stop.abort(reason)) }));
    })();
    expect(await run.catch((e: unknown) => e)).toBe(reason);
    expect(calls.reattach).toHaveLength(0);
  });
});
