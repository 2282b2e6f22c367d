/** Checks of scalar options, each failing with an InvalidArgumentError that names the option. */
import { InvalidArgumentError } from '../common/errors.js';

/** `value`, or `fallback` when undefined; anything but a finite number > 0 throws. */
export function positiveNumber(value: number | undefined, arg: string, fallback: number): number;
export function positiveNumber(value: number | undefined, arg: string): number | undefined;
export function positiveNumber(value: number | undefined, arg: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(arg, 'a positive finite number', value);
  return value;
}

/** `value`, or `fallback` when undefined; anything but an integer > 0 throws. */
export function positiveInteger(value: number | undefined, arg: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError(arg, 'a positive integer', value);
  return value;
}

/** An optional string option (titles, labels): anything but a string throws. */
export function optionalText(value: string | undefined, arg: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') throw new InvalidArgumentError(arg, 'a string', value);
  return value;
}
