/**
 * Long local fits (KMeans' Lloyd iterations, the mixture's EM iterations) run in this process's
 * only thread. Between iterations they give the event loop a turn, so that the program's other
 * work (Spark results arriving, progress, timers) goes on and an AbortSignal can end the fit.
 */

/**
 * Waits for one turn of the event loop (after pending I/O and timers), then rejects with the
 * signal's reason when it has been aborted meanwhile.
 */
export async function nextTurn(signal?: AbortSignal): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}

/** Iterations as a generator: each `yield` ends one; the return value is the result. */
export type Steps<R> = Generator<void, R, void>;

/** Runs `steps` to the end in one go (no turns: for callers that are synchronous). */
export function runSteps<R>(steps: Steps<R>): R {
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
  }
}

/**
 * Runs `steps` with a turn of the event loop between them (see `nextTurn`): the first step runs
 * at the call; an aborted `signal` rejects with its reason before the first step or at any turn,
 * and the remaining steps are not run.
 */
export async function runStepsAsync<R>(steps: Steps<R>, signal?: AbortSignal): Promise<R> {
  signal?.throwIfAborted();
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    await nextTurn(signal);
  }
}
