/**
 * Command-line flags as data: what a command (or a job such as the zebrafish analysis, which the
 * CLI's `demo` and the notebook's FishSession both configure with the same flags) declares it
 * takes, what was given, and strict readers of the values. Parsing argv is the CLI's
 * (src/cli/args.ts); reading values is shared by everything that takes flags.
 */
import { InvalidArgumentError } from './errors.js';

export interface FlagSpec {
  /** 'boolean': a switch (`--cluster`); 'string': takes a value (`--port 15002` or `--port=15002`). */
  readonly type: 'string' | 'boolean';
  /** How the value is shown in help, e.g. `N` or `URL` (string flags). */
  readonly value?: string;
  readonly help: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Flags given: a switch is `true`, a valued flag its text. Absent flags are absent. */
export type FlagValues = Record<string, string | true>;

/**
 * An integer flag in `[min, max]`, or undefined when absent.
 * @throws InvalidArgumentError naming `--name` for text that is not such an integer.
 */
export function intFlag(flags: FlagValues, name: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && /^[+-]?\d+$/.test(v.trim()) ? Number(v) : NaN;
  const range = min === Number.MIN_SAFE_INTEGER && max === Number.MAX_SAFE_INTEGER ? 'an integer' : `an integer in [${min}, ${max}]`;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`--${name}`, range, v);
  return n;
}

/** A string flag's text, or undefined when absent. */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new InvalidArgumentError(`--${name}`, 'a value');
  return v;
}
