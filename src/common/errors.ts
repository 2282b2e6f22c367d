/**
 * Errors shared by every layer. Each names the offending input and what was
 * expected, so a user can fix the call without reading our source.
 */

/** A caller passed a value that cannot be used: wrong type, shape, range or content. */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
  /** The parameter (or file, or option) that was wrong, e.g. `"k"` or `"fromTif(path)"`. */
  readonly argument: string;

  constructor(argument: string, expected: string, got?: unknown) {
    const gotText = got === undefined ? '' : `, got ${describe(got)}`;
    super(`${argument}: expected ${expected}${gotText}`);
    this.argument = argument;
  }
}

/** Reading or writing a file failed because of its content or location (not a bug in the caller's types). */
export class DataFormatError extends Error {
  override readonly name = 'DataFormatError';
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(`${path}: ${problem}`, options);
    this.path = path;
  }
}

/** A short, bounded description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  if (typeof value === 'function') return 'a function';
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

/**
 * The operation is valid in general but not available here: on this engine, for this dtype, or
 * not wired yet. The message says what is available instead.
 */
export class NotSupportedError extends Error {
  override readonly name = 'NotSupportedError';
  /** The operation that was refused, e.g. `"images.fromTif(engine=spark)"`. */
  readonly operation: string;

  constructor(operation: string, reason: string) {
    super(`${operation}: ${reason}`);
    this.operation = operation;
  }
}
