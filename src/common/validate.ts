/**
 * Run-time checks of arguments for callers without a type checker (plain JavaScript): every
 * public method validates its positional arguments and option objects with these, so a wrong
 * type, an unknown option name or a value out of range is an `InvalidArgumentError` naming the
 * argument instead of a plausible wrong result.
 */
import { InvalidArgumentError } from './errors.js';

/**
 * `options` is undefined or a plain object whose keys are all in `allowed`; returns it (or {}).
 * `where` names the call, e.g. `'series.fromBinary'`; errors name `where(options)` or the key.
 */
export function checkOptions<T extends object>(options: T | undefined, allowed: readonly string[], where: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new InvalidArgumentError(`${where}(options)`, `an options object with keys among ${allowed.join(', ')}`, options);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new InvalidArgumentError(`${where}(${key})`, `a known option (${allowed.join(', ')})`, `an unknown option "${key}"`);
  }
  return options;
}

/** An integer in [min, max] (inclusive); `argument` names it in the error. */
export function checkInteger(value: unknown, argument: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = min === -Infinity && max === Infinity ? '' : max === Infinity ? ` >= ${min}` : min === -Infinity ? ` <= ${max}` : ` in [${min}, ${max}]`;
    throw new InvalidArgumentError(argument, `an integer${range}`, value);
  }
  return value;
}

/** A finite number. */
export function checkFinite(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidArgumentError(argument, 'a finite number', value);
  return value;
}

/** A boolean (`undefined` gives `fallback`). */
export function checkBoolean(value: unknown, argument: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, 'true or false', value);
  return value;
}

/** One of the listed strings. */
export function checkChoice<T extends string>(value: unknown, choices: readonly T[], argument: string): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(argument, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
  }
  return value as T;
}

/** A function. */
export function checkFunction<F>(value: unknown, argument: string): F {
  if (typeof value !== 'function') throw new InvalidArgumentError(argument, 'a function', value);
  return value as F;
}

/** A list (array or typed array) of finite numbers, copied. */
export function checkNumbers(value: unknown, argument: string): Float64Array {
  const list = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView)) ? Array.from(value as ArrayLike<unknown>) : undefined;
  if (!list || !list.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new InvalidArgumentError(argument, 'an array of finite numbers', value);
  return Float64Array.from(list as number[]);
}
