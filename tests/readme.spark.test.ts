/**
 * Every ```ts block of the README runs, as a user would run it, against the
 * test server (SPARK_REMOTE), with the package's import paths mapped to the
 * sources. A block that throws or exits non-zero fails the test.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/runtime/paths.js';
import { sparkRemote } from './helpers/spark.js';

const SUBPATHS: Record<string, string> = {
  'thunder-connect': 'src/index.ts',
  'thunder-connect/connect': 'src/connect/index.ts',
  'thunder-connect/thunder': 'src/thunder/index.ts',
  'thunder-connect/viz': 'src/viz/index.ts',
  'thunder-connect/runtime': 'src/runtime/index.ts',
};

function blocks(): { heading: string; code: string }[] {
  const text = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
  const out: { heading: string; code: string }[] = [];
  let heading = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    if (line.trim() === '```ts') {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!);
      out.push({ heading, code: body.join('\n') });
    }
  }
  return out;
}

/**
 * Values a block promises in `console.log(...); // value` comments: a quoted
 * string, a number, true/false, or an UPPER_CASE word (text after ':' is prose).
 */
function promisedOutputs(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/console\.log\(.*\);\s*\/\/\s*(.+)$/gm)) {
    const comment = m[1]!.split(':')[0]!.trim();
    const quoted = /^"([^"]*)"/.exec(comment);
    if (quoted) out.push(quoted[1]!);
    else if (/^(-?\d[\d.]*( -?\d[\d.]*)*|true|false|[A-Z][A-Z0-9_]+( \w+)?)$/.test(comment)) out.push(comment);
  }
  return out;
}

function localized(code: string): string {
  return code.replace(/from '(thunder-connect(?:\/[a-z]+)?)'/g, (m, spec: string) => {
    const target = SUBPATHS[spec];
    return target ? `from '${join(PACKAGE_ROOT, target)}'` : m;
  });
}

describe('README examples', () => {
  const all = blocks();

  it('has TypeScript examples', () => {
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it.each(all.map((b, i) => [i, b.heading, b.code] as const))('block %i (%s) runs', (i, _heading, code) => {
    const dir = join(PACKAGE_ROOT, 'test-output', 'readme');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `block-${i}.mts`);
    writeFileSync(file, localized(code));
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, SPARK_REMOTE: sparkRemote() },
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.stderr).not.toMatch(/Error|error TS/);
    expect(r.status).toBe(0);
    const printed = r.stdout.split('\n').map((l) => l.trim());
    for (const value of promisedOutputs(code)) expect(printed).toContain(value);
  });
});
