/**
 * Retry policy for transient transport failures, as data. The defaults follow
 * the official Spark Connect clients: up to 15 retries, 50 ms initial backoff
 * growing ×4 up to 60 s, with up to 500 ms of jitter once the backoff exceeds
 * 2 s; a server-sent RetryInfo delay replaces the computed one (capped).
 */
import { GrpcStatus } from './grpc-codes.js';
import { InvalidArgumentError } from '../../common/errors.js';
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

/** Waits `ms`; rejects with the signal's reason as soon as `signal` aborts (also when aborted already). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** One retry about to happen: what failed, where, and how long the client waits before trying again. */
export interface RetryEvent {
  /** `host:port` of the Spark Connect endpoint. */
  readonly endpoint: string;
  /** The call being retried, e.g. `ExecutePlan` (a reattach) or `AnalyzePlan`. */
  readonly call: string;
  /** 1 for the first retry; at most `maxRetries`. */
  readonly attempt: number;
  readonly maxRetries: number;
  /** The wait before this retry, in ms (backoff with jitter, or the server's RetryInfo). */
  readonly delayMs: number;
  /** The transient failure that caused it. */
  readonly error: Error;
}

/** How a retry loop reports and stops: every wait is announced, and `signal` ends a wait at once. */
export interface RetryControl {
  readonly sleep?: Sleep;
  readonly random?: () => number;
  /** Aborting ends the current wait at once; the loop rethrows the signal's reason. */
  readonly signal?: AbortSignal;
  readonly onRetry?: (event: RetryEvent) => void;
  readonly endpoint?: string;
  readonly call?: string;
}

/**
 * Waits before retry number `attempt` (0-based) after `error`, announcing it first. Rejects with
 * `error` itself when it is not transient, the policy allows no more retries or the signal has
 * aborted already, and with the signal's reason when it aborts during the wait.
 */
export async function waitToRetry(error: unknown, attempt: number, policy: RetryPolicy, control: RetryControl = {}): Promise<void> {
  // Stopping already: no retry to announce, the failure stands.
  if (!isRetryable(error) || attempt >= policy.maxRetries || control.signal?.aborted) throw error;
  const delayMs = backoffDelay(policy, attempt, control.random ?? Math.random, (error as { retryDelayMs?: number }).retryDelayMs);
  control.onRetry?.({
    endpoint: control.endpoint ?? (error as { endpoint?: string }).endpoint ?? 'unknown',
    call: control.call ?? 'call',
    attempt: attempt + 1,
    maxRetries: policy.maxRetries,
    delayMs,
    error: error as Error,
  });
  await (control.sleep ?? realSleep)(delayMs, control.signal);
}

/**
 * Runs `fn`, retrying transient failures per `policy`; rethrows the last error when retries
 * run out, or the signal's reason when `control.signal` aborts a wait.
 */
export async function withRetries<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  sleep: Sleep = realSleep,
  random: () => number = Math.random,
  control: Omit<RetryControl, 'sleep' | 'random'> = {},
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      await waitToRetry(e, attempt, policy, { ...control, sleep, random });
    }
  }
}

const POLICY_KEYS = Object.keys(DEFAULT_RETRY_POLICY) as (keyof RetryPolicy)[];

/**
 * A complete policy from a caller's partial one (missing fields take the defaults). Every field
 * must be a finite number >= 0 (`maxRetries` an integer, `multiplier` >= 1); unknown names are errors.
 */
export function retryPolicyFrom(partial: Partial<RetryPolicy> | undefined, argument = 'retryPolicy'): RetryPolicy {
  if (partial === undefined) return DEFAULT_RETRY_POLICY;
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw new InvalidArgumentError(argument, `an object with some of ${POLICY_KEYS.join(', ')}`, partial);
  }
  for (const [k, v] of Object.entries(partial)) {
    if (!POLICY_KEYS.includes(k as keyof RetryPolicy)) throw new InvalidArgumentError(`${argument}.${k}`, `one of ${POLICY_KEYS.join(', ')}`, k);
    const integer = k === 'maxRetries';
    const min = k === 'multiplier' ? 1 : 0;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new InvalidArgumentError(`${argument}.${k}`, `a finite ${integer ? 'integer' : 'number'} >= ${min}`, v);
    }
  }
  return { ...DEFAULT_RETRY_POLICY, ...partial };
}
