/**
 * Reading a Compose file the way Compose does before validating it, without
 * Docker: YAML 1.2 with merge keys (`<<: *anchor`), then variable
 * interpolation in every string value. Written from the Compose
 * Specification's "Interpolation" section, not from a Compose implementation.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A variable the file requires (`${VAR:?message}` / `${VAR?message}`) is missing or empty. */
export class MissingVariableError extends Error {}

// ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?err}, ${NAME?err}, ${NAME:+alt}, ${NAME+alt}, $NAME, $$
const VARIABLE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Interpolates one string with `env`; `$$` is a literal `$`. */
export function interpolateString(text: string, env: Readonly<Record<string, string | undefined>>): string {
  return text.replace(VARIABLE, (whole, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare)!;
    const value = env[name];
    const unset = value === undefined;
    // With a colon the operators treat an empty value as unset.
    const missing = op?.startsWith(':') ? unset || value === '' : unset;
    switch (op?.replace(':', '')) {
      case undefined:
        return value ?? '';
      case '-':
        return missing ? arg! : value!;
      case '?':
        if (missing) throw new MissingVariableError(`${name}: ${arg || 'required variable is missing'}`);
        return value!;
      case '+':
        return missing ? '' : arg!;
      default:
        throw new Error(`unreachable operator ${op}`);
    }
  });
}

function interpolate(node: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof node === 'string') return interpolateString(node, env);
  if (Array.isArray(node)) return node.map((n) => interpolate(n, env));
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, env)]));
  return node;
}

/** Parses `path` (merge keys resolved) and interpolates it with `env`. */
export function loadComposeFile(path: string, env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const doc: unknown = parse(readFileSync(path, 'utf8'), { merge: true });
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${path}: the top level is not a mapping`);
  return interpolate(doc, env) as Record<string, unknown>;
}
