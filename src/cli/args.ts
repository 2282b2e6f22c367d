/** Minimal `--flag value` / `--flag=value` / `--switch` parsing for the CLI (no dependency needed). */
import { InvalidArgumentError } from '../common/errors.js';

export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Record<string, string | true>;
}

export function parseArgs(argv: readonly string[], switches: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (eq >= 0) flags[name] = a.slice(eq + 1);
    else if (switches.includes(name)) flags[name] = true;
    else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new InvalidArgumentError(`--${name}`, 'a value');
      flags[name] = v;
      i++;
    }
  }
  return { positional, flags };
}

export function intFlag(flags: ParsedArgs['flags'], name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isInteger(n)) throw new InvalidArgumentError(`--${name}`, 'an integer', v);
  return n;
}

export function stringFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new InvalidArgumentError(`--${name}`, 'a value');
  return v;
}
