/** The one line the CLI prints for each retry of a Spark Connect call (a server that went away). */
import type { RetryEvent } from '../connect/index.js';

/** Seconds with one decimal below a minute, else minutes and seconds: `0.8 s`, `51.2 s`, `1 min 0 s`. */
function delayText(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * `retry 3/15 of ExecutePlan to 127.0.0.1:15002 in 0.8 s (UNAVAILABLE: ...)`: endpoint, attempt
 * and the delay before it; Ctrl-C stops the wait.
 */
export function retryLine(e: RetryEvent): string {
  const why = (e as { error: { code?: unknown } }).error.code;
  const reason = typeof why === 'string' ? why : e.error.name;
  return `retry ${e.attempt}/${e.maxRetries} of ${e.call} to ${e.endpoint} in ${delayText(e.delayMs)} (${reason}; Ctrl-C stops)`;
}
