/**
 * Retry policy for transient transport failures, as data. The defaults follow
 * the official Spark Connect clients: up to 15 retries, 50 ms initial backoff
 * growing ×4 up to 60 s, with up to 500 ms of jitter once the backoff exceeds
 * 2 s; a server-sent RetryInfo delay replaces the computed one (capped).
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { SparkConnectionError, SparkConnectError } from '../errors.js';

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly initialBackoffMs: number;
  readonly multiplier: number;
  readonly maxBackoffMs: number;
  readonly jitterMs: number;
  readonly minJitterThresholdMs: number;
  /** Cap for a server-requested delay (google.rpc.RetryInfo). */
  readonly maxServerRetryDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 15,
  initialBackoffMs: 50,
  multiplier: 4,
  maxBackoffMs: 60_000,
  jitterMs: 500,
  minJitterThresholdMs: 2_000,
  maxServerRetryDelayMs: 10 * 60_000,
};

/** The wait before retry number `attempt` (0-based), without jitter. */
export function baseBackoff(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.multiplier ** attempt);
}

export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random, serverDelayMs?: number): number {
  let delay = serverDelayMs !== undefined ? Math.min(serverDelayMs, policy.maxServerRetryDelayMs) : baseBackoff(policy, attempt);
  if (delay >= policy.minJitterThresholdMs) delay += random() * policy.jitterMs;
  return delay;
}

/**
 * Transient: the channel dropped or the server is briefly unavailable, or the
 * server says a reattachable stream's cursor was disconnected. Spark's own errors
 * (analysis, runtime) are never retried.
 */
export function isRetryable(e: unknown): boolean {
  if (e instanceof SparkConnectionError) return e.code === 'UNAVAILABLE';
  if (e instanceof SparkConnectError) {
    return e.grpcCode === GrpcStatus.INTERNAL && (e.errorClass?.startsWith('INVALID_CURSOR.DISCONNECTED') ?? false);
  }
  return false;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn`, retrying transient failures per `policy`; rethrows the last error when retries run out. */
export async function withRetries<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  sleep: Sleep = realSleep,
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || attempt >= policy.maxRetries) throw e;
      await sleep(backoffDelay(policy, attempt, random, (e as { retryDelayMs?: number }).retryDelayMs));
    }
  }
}
