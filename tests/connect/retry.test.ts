/** The retry policy as data: the exact backoff sequence, without waiting. */
import { describe, expect, it } from 'vitest';
import { SparkConnectError, SparkConnectionError } from '../../src/connect/errors.js';
import { DEFAULT_RETRY_POLICY, backoffDelay, isRetryable, withRetries } from '../../src/connect/transport/retry.js';

describe('retry policy', () => {
  it('defaults to 15 retries, 50 ms x4 up to 60 s, jitter above 2 s', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ maxRetries: 15, initialBackoffMs: 50, multiplier: 4, maxBackoffMs: 60_000, jitterMs: 500, minJitterThresholdMs: 2000 });
    const noJitter = () => 0;
    const delays = Array.from({ length: 8 }, (_, i) => backoffDelay(DEFAULT_RETRY_POLICY, i, noJitter));
    // 50·4^i capped at 60 s
    expect(delays).toEqual([50, 200, 800, 3200, 12800, 51200, 60000, 60000]);
  });

  it('adds up to 500 ms of jitter only once the backoff reaches 2 s', () => {
    const fullJitter = () => 1;
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 2, fullJitter)).toBe(800);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 3, fullJitter)).toBe(3700);
  });

  it('lets a server-sent RetryInfo delay replace the computed one', () => {
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 0, () => 0, 1500)).toBe(1500);
    expect(backoffDelay(DEFAULT_RETRY_POLICY, 0, () => 0, 24 * 3600_000)).toBe(DEFAULT_RETRY_POLICY.maxServerRetryDelayMs);
  });

  it('retries transport unavailability only, never Spark errors', () => {
    expect(isRetryable(new SparkConnectionError('h:1', 'UNAVAILABLE', 'x'))).toBe(true);
    expect(isRetryable(new SparkConnectionError('h:1', 'DEADLINE_EXCEEDED', 'x'))).toBe(false);
    const analysis = new SparkConnectError('x', { errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION', messageParameters: {}, exceptionClasses: [] }, 13);
    expect(isRetryable(analysis)).toBe(false);
    const cursor = new SparkConnectError('x', { errorClass: 'INVALID_CURSOR.DISCONNECTED', messageParameters: {}, exceptionClasses: [] }, 13);
    expect(isRetryable(cursor)).toBe(true);
  });

  it('withRetries sleeps the policy sequence and gives up after maxRetries', async () => {
    const slept: number[] = [];
    let calls = 0;
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 3 };
    const err = await withRetries(
      async () => {
        calls++;
        throw new SparkConnectionError('h:1', 'UNAVAILABLE', 'down');
      },
      policy,
      async (ms) => void slept.push(ms),
      () => 0,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SparkConnectionError);
    expect(calls).toBe(4); // the first try and 3 retries
    expect(slept).toEqual([50, 200, 800]);
  });

  it('withRetries returns as soon as a try succeeds', async () => {
    let calls = 0;
    const v = await withRetries(
      async () => {
        if (++calls < 3) throw new SparkConnectionError('h:1', 'UNAVAILABLE', 'blip');
        return 'ok';
      },
      DEFAULT_RETRY_POLICY,
      async () => undefined,
    );
    expect(v).toBe('ok');
    expect(calls).toBe(3);
  });
});
