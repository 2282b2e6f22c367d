/**
 * Retries made visible and stoppable, without a server: each retry is announced with its
 * endpoint, attempt and delay; an aborted signal ends a wait at once; the policy is a
 * per-session option whose fields are checked. Timing comes from a fake clock.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { retryLine } from '../../src/cli/retry-line.js';
import { SparkConnectionError, SparkSession } from '../../src/connect/index.js';
import { DEFAULT_RETRY_POLICY, realSleep, retryPolicyFrom, withRetries, type RetryEvent } from '../../src/connect/transport/retry.js';
import { failure } from '../helpers/errors.js';

const down = () => new SparkConnectionError('db:15002', 'UNAVAILABLE', 'connection refused');

describe('retry reporting and cancellation', () => {
  it('announces every retry before its wait: endpoint, call, attempt of max, delay', async () => {
    const events: RetryEvent[] = [];
    const slept: number[] = [];
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 4 };
    const err = await failure(
      withRetries(() => Promise.reject(down()), policy, async (ms) => void slept.push(ms), () => 0, { endpoint: 'db:15002', call: 'AnalyzePlan', onRetry: (e) => events.push(e) }),
    );
    expect(err).toBeInstanceOf(SparkConnectionError);
    // 50 ms x4 per retry: 50, 200, 800, 3200 (no jitter from random() = 0)
    expect(events.map((e) => [e.endpoint, e.call, e.attempt, e.maxRetries, e.delayMs])).toEqual([
      ['db:15002', 'AnalyzePlan', 1, 4, 50],
      ['db:15002', 'AnalyzePlan', 2, 4, 200],
      ['db:15002', 'AnalyzePlan', 3, 4, 800],
      ['db:15002', 'AnalyzePlan', 4, 4, 3200],
    ]);
    expect(slept).toEqual([50, 200, 800, 3200]);
  });

  it('ends the wait at once when the signal aborts, with the signal’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop waiting');
    let calls = 0;
    const err = await failure(
      withRetries(
        async () => {
          calls++;
          throw down();
        },
        DEFAULT_RETRY_POLICY,
        realSleep,
        () => 0,
        // The first wait is 50 ms; the abort arrives as it is announced, so no retry follows.
        { signal: controller.signal, onRetry: () => controller.abort(reason) },
      ),
    );
    expect(err).toBe(reason);
    expect(calls).toBe(1);
  });

  it('once stopped, a failure is neither retried nor announced: the failure itself stands', async () => {
    const events: RetryEvent[] = [];
    let calls = 0;
    const failureSeen = down();
    const err = await failure(
      withRetries(
        async () => {
          calls++;
          throw failureSeen;
        },
        DEFAULT_RETRY_POLICY,
        realSleep,
        () => 0,
        { signal: AbortSignal.abort(new Error('stopped')), onRetry: (e) => events.push(e) },
      ),
    );
    expect(err).toBe(failureSeen);
    expect(calls).toBe(1);
    expect(events).toEqual([]);
  });

  it('a real sleep of an hour rejects as soon as its signal aborts, and at once when aborted already', async () => {
    const controller = new AbortController();
    const hour = realSleep(3_600_000, controller.signal);
    controller.abort(new Error('now'));
    await expect(hour).rejects.toThrow('now');
    await expect(realSleep(3_600_000, AbortSignal.abort(new Error('before')))).rejects.toThrow('before');
  });

  it('makes a complete policy of a partial one and refuses unknown or out-of-range fields', () => {
    expect(retryPolicyFrom(undefined)).toBe(DEFAULT_RETRY_POLICY);
    expect(retryPolicyFrom({ maxRetries: 2, initialBackoffMs: 10 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 2, initialBackoffMs: 10 });
    const cases: [unknown, string][] = [
      [{ retries: 3 }, 'retryPolicy.retries'],
      [{ maxRetries: -1 }, 'retryPolicy.maxRetries'],
      [{ maxRetries: 1.5 }, 'retryPolicy.maxRetries'],
      [{ multiplier: 0.5 }, 'retryPolicy.multiplier'],
      [{ maxBackoffMs: Number.NaN }, 'retryPolicy.maxBackoffMs'],
      [{ jitterMs: '5' }, 'retryPolicy.jitterMs'],
      [5, 'retryPolicy'],
    ];
    for (const [input, argument] of cases) {
      let e: unknown;
      try {
        retryPolicyFrom(input as never);
      } catch (x) {
        e = x;
      }
      expect(e, JSON.stringify(input)).toBeInstanceOf(InvalidArgumentError);
      expect((e as InvalidArgumentError).argument).toBe(argument);
    }
  });

  it('SparkSession.connect checks its options before touching the network', async () => {
    const e1 = await failure(SparkSession.connect('sc://127.0.0.1:1', { retries: 3 } as never));
    expect((e1 as InvalidArgumentError).argument).toBe('connect(options.retries)');
    const e2 = await failure(SparkSession.connect('sc://127.0.0.1:1', { retryPolicy: { maxRetries: -2 } }));
    expect((e2 as InvalidArgumentError).argument).toBe('connect(options.retryPolicy).maxRetries');
    const e3 = await failure(SparkSession.connect('sc://127.0.0.1:1', { findLocalToken: 'yes' } as never));
    expect((e3 as InvalidArgumentError).argument).toBe('connect(options.findLocalToken)');
  });

  it('the CLI prints one line per retry naming the endpoint, the attempt and the next delay', () => {
    const e = (attempt: number, delayMs: number): RetryEvent => ({ endpoint: '127.0.0.1:15002', call: 'ExecutePlan', attempt, maxRetries: 15, delayMs, error: down() });
    expect(retryLine(e(3, 800))).toBe('retry 3/15 of ExecutePlan to 127.0.0.1:15002 in 0.8 s (UNAVAILABLE; Ctrl-C stops)');
    expect(retryLine(e(7, 60_250))).toBe('retry 7/15 of ExecutePlan to 127.0.0.1:15002 in 1 min 0 s (UNAVAILABLE; Ctrl-C stops)');
  });
});
