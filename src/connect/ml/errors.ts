/**
 * Errors of ML over Spark Connect. Server refusals stay `SparkConnectError`s (same error class,
 * SQL state and parameters), narrowed to a subclass so callers can branch on the type:
 *
 * - `MlNotAllowedError`: the server refused an operator or attribute that is not on its
 *   allowlist (`CONNECT_ML.UNSUPPORTED_EXCEPTION` at fit, `CONNECT_ML.ATTRIBUTE_NOT_ALLOWED` at
 *   fetch).
 * - `MlModelLostError`: the server no longer holds the object (`CONNECT_ML.CACHE_INVALID`):
 *   deleted, evicted, or its session ended.
 * - `MlModelDisposedError`: refused on the client, before any request, because `dispose()` ran.
 *
 * Each leaves the session usable.
 */
import { SparkConnectError } from '../errors.js';

export const CACHE_INVALID = 'CONNECT_ML.CACHE_INVALID';
const NOT_ALLOWED = new Set(['CONNECT_ML.UNSUPPORTED_EXCEPTION', 'CONNECT_ML.ATTRIBUTE_NOT_ALLOWED']);

export class MlNotAllowedError extends SparkConnectError {
  override readonly name = 'MlNotAllowedError';
  /** The estimator class or the attribute chain that was refused. */
  readonly operation: string;

  constructor(operation: string, cause: SparkConnectError) {
    super(`${operation} is not allowed by the Spark Connect ML server: ${cause.message}`, cause, cause.grpcCode, { cause });
    this.operation = operation;
  }
}

export class MlModelLostError extends SparkConnectError {
  override readonly name = 'MlModelLostError';
  /** The server-side object id that could not be found. */
  readonly objectId: string;

  constructor(objectId: string, what: string, cause: SparkConnectError) {
    super(
      `${what} (server object ${objectId}) is no longer held by the server: it was deleted, evicted from the ML cache ` +
        `after being idle, or its session ended. Fit it again (or fit with { onLost: 'refit' }).`,
      cause,
      cause.grpcCode,
      { cause },
    );
    this.objectId = objectId;
  }
}

export class MlModelDisposedError extends Error {
  override readonly name = 'MlModelDisposedError';

  constructor(what: string, operation: string) {
    super(`${operation}: ${what} was disposed; fit it again to use it`);
  }
}

export function isCacheInvalid(e: unknown): e is SparkConnectError {
  return e instanceof SparkConnectError && e.errorClass === CACHE_INVALID;
}

/** Narrows a server refusal of an operator or attribute to `MlNotAllowedError`; other errors pass through. */
export function narrowNotAllowed(e: unknown, operation: string): unknown {
  if (e instanceof SparkConnectError && !(e instanceof MlNotAllowedError) && e.errorClass !== undefined && NOT_ALLOWED.has(e.errorClass)) {
    return new MlNotAllowedError(operation, e);
  }
  return e;
}
