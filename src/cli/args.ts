/**
 * Command-line flags, parsed strictly by Node's `util.parseArgs`: a flag the command does
 * not take, a flag without its value and a value for a switch are errors that name the flag
 * (InvalidArgumentError; the CLI exits 2), never ignored. Each command declares its flags
 * once, with their help text, so that `--help` lists exactly what the parser accepts.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { InvalidArgumentError } from '../common/errors.js';
import type { FlagSpecs, FlagValues } from '../common/flags.js';

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: FlagValues;
}

/** `--help`/`-h`, accepted by every command. */
export const HELP_FLAGS: FlagSpecs = { help: { type: 'boolean', help: 'print this help' } };

/**
 * Parses `argv` (the arguments after the command word) against `specs`.
 * @param command the command, named by errors about positional arguments.
 * @param positionals whether the command takes positional arguments (e.g. instance names).
 * @throws InvalidArgumentError naming the flag (`--bogus`) or the command.
 */
export function parseFlags(argv: readonly string[], specs: FlagSpecs, command: string, positionals = false): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries({ ...specs, ...HELP_FLAGS })) options[name] = { type: spec.type, ...(name === 'help' ? { short: 'h' } : {}) };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = nodeParseArgs({ args: [...argv], options, strict: true, allowPositionals: positionals }) as typeof parsed;
  } catch (e) {
    throw translate(e, specs, command);
  }
  const flags: FlagValues = {};
  for (const [name, v] of Object.entries(parsed.values)) {
    if (v === true) flags[name] = true;
    else if (typeof v === 'string') flags[name] = v;
  }
  return { positionals: parsed.positionals, flags };
}

function translate(e: unknown, specs: FlagSpecs, command: string): Error {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const flag = /'(-{1,2}[^' =<]+)/.exec(message)?.[1] ?? command;
  const known = Object.keys(specs).map((f) => `--${f}`);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new InvalidArgumentError(flag, known.length > 0 ? `one of ${command}'s flags ${known.join(', ')} (see --help)` : `no flags for ${command} (see --help)`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message)
        ? new InvalidArgumentError(flag, 'no value (it is a switch)')
        : new InvalidArgumentError(flag, `a value${specs[flag.replace(/^-+/, '')]?.value ? ` (${specs[flag.replace(/^-+/, '')]!.value})` : ''}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new InvalidArgumentError(command, 'options only (see --help)', /'([^']*)'/.exec(message)?.[1]);
    default:
      return e instanceof Error ? e : new Error(message);
  }
}

/** Help lines for a command's flags: `  --name VALUE   help`, aligned. */
export function flagHelp(specs: FlagSpecs, indent = '          '): string {
  const rows = Object.entries(specs).map(([name, s]) => [`--${name}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}`, s.help] as const);
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, h]) => `${indent}${l.padEnd(width)}  ${h}\n`).join('');
}
