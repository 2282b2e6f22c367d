/**
 * A server that goes away under connected sessions, on a real server of this test's own: each
 * retry is reported with the endpoint and attempt; an AbortSignal or `spark.stop()` ends the
 * wait at once (the policy's waits here are an hour long, so a wait that did not end would
 * fail the test by its timeout); after a restart on the same port and token the old session
 * fails with a SparkSessionLostError that says what happened and how to go on, while a new
 * session works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SparkClientError,
  SparkInterruptedError,
  SparkSession,
  SparkSessionLostError,
  type RetryEvent,
} from '../../src/connect/index.js';
import { startSpark, stopSpark, type SparkInstance } from '../../src/runtime/index.js';

const NAME = 'restart-test';
const quiet = () => undefined;
/** Waits of an hour: only an abort or a stop can end them within the test's timeout. */
const HOUR_WAITS = { maxRetries: 3, initialBackoffMs: 3_600_000, maxBackoffMs: 3_600_000, jitterMs: 0 };

/** Resolves with the first retry event of `spark`. */
function firstRetry(spark: SparkSession): Promise<RetryEvent> {
  return new Promise((resolve) => {
    const off = spark.onRetry((e) => {
      off();
      resolve(e);
    });
  });
}

describe('a server that goes away mid-session', () => {
  let server: SparkInstance;
  const sessions: SparkSession[] = [];
  const connect = async (options = {}) => {
    const s = await SparkSession.connect(server.url, options);
    sessions.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startSpark({ instance: NAME, port: 0, uiPort: 0, driverMemory: '1g', log: quiet });
  });
  afterAll(async () => {
    await Promise.allSettled(sessions.map((s) => s.stop()));
    await stopSpark(NAME);
  });

  it('reports the retries, ends the wait on abort or stop, and explains a session the restarted server lost', async () => {
    const aborted = await connect({ retryPolicy: HOUR_WAITS });
    const stopped = await connect({ retryPolicy: HOUR_WAITS });
    const survivor = await connect();
    expect(aborted.retryPolicy).toMatchObject(HOUR_WAITS);
    for (const s of [aborted, stopped, survivor]) expect(await s.range(3).count()).toBe(3); // each has a server-side session now
    const port = server.connectPort;
    const token = server.token!;

    await server.stop();

    // An AbortSignal ends the wait: the action fails as interrupted.
    const controller = new AbortController();
    const retry = firstRetry(aborted);
    const counting = aborted.range(10).count({ signal: controller.signal });
    const event = await retry;
    expect(event.endpoint).toBe(`127.0.0.1:${port}`);
    expect(event.attempt).toBe(1);
    expect(event.maxRetries).toBe(3);
    expect(event.delayMs).toBe(3_600_000);
    expect((event.error as { code?: string }).code).toBe('UNAVAILABLE');
    controller.abort(new Error('no more waiting'));
    await expect(counting).rejects.toBeInstanceOf(SparkInterruptedError);

    // spark.stop() ends the wait of every call of that session.
    const retry2 = firstRetry(stopped);
    const counting2 = stopped.range(10).count().catch((e: unknown) => e);
    expect((await retry2).attempt).toBe(1);
    // stop() itself cannot tell the gone server (ReleaseSession fails); the session is closed either way.
    const released = await stopped.stop().then(
      () => 'released',
      (e: unknown) => (e as { code?: string }).code,
    );
    expect(released).toBe('UNAVAILABLE');
    const e2 = await counting2;
    expect(e2).toBeInstanceOf(SparkClientError);
    expect((e2 as Error).message).toContain('was stopped while a call');

    // The same port and token again: the old session is gone from the server, and the error says so.
    server = await startSpark({ instance: NAME, port, uiPort: 0, driverMemory: '1g', token, log: quiet });
    const e3 = await survivor.range(10).count().catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(SparkSessionLostError);
    expect((e3 as SparkSessionLostError).errorClass).toMatch(/^INVALID_HANDLE\.SESSION_(NOT_FOUND|CHANGED)/);
    expect((e3 as Error).message).toContain('no longer has this session');
    expect((e3 as Error).message).toContain('connect a new SparkSession');
    const fresh = await connect();
    expect(await fresh.range(10).count()).toBe(10);
  });
});
