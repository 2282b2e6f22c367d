/**
 * The command line refuses what it does not understand: unknown flags, flags without their
 * value, values for switches, out-of-range numbers and cluster-only flags without --cluster
 * exit 2 with a message naming the flag; --help lists every flag of every command.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { parseFlags } from '../../src/cli/args.js';
import { COMMANDS, helpText, startOptions } from '../../src/cli/commands.js';
import { PACKAGE_ROOT } from '../../src/runtime/paths.js';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src/cli/main.ts'), ...args], { encoding: 'utf8', cwd: PACKAGE_ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function argumentOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return (e as InvalidArgumentError).argument;
  }
  throw new Error('expected an InvalidArgumentError');
}

const start = (argv: string[]) => startOptions(parseFlags(argv, COMMANDS['start']!.flags, 'start').flags);

describe('thunder-connect arguments', () => {
  it.each([
    [['--name', 'x', '--bogus', '1'], '--bogus'],
    [['--port'], '--port'],
    [['--port', '--cluster'], '--port'],
    [['--cluster=yes'], '--cluster'],
    [['--port', '70000'], '--port'],
    [['--port', '-1'], '--port'],
    [['--port', '15002.5'], '--port'],
    [['--workers', '0'], '--workers'], // without --cluster: no workers to have
    [['--cluster', '--workers', '0'], '--workers'],
    [['--cluster', '--workers', '65'], '--workers'],
    [['--cluster', '--cores', '0'], '--cores'],
    [['--cluster', '--worker-memory', 'lots'], '--worker-memory'],
    [['--name', 'a b'], '--name'],
    [['extra'], 'start'],
  ])('start %j is refused naming %s', (argv, flag) => {
    expect(argumentOf(() => start(argv))).toBe(flag);
  });

  it('start takes every flag it documents', () => {
    expect(start(['--cluster', '--port=0', '--workers', '3', '--cores', '2', '--worker-memory', '1g', '--name', 'n1'])).toEqual({
      topology: 'cluster',
      instance: 'n1',
      detached: true,
      port: 0,
      workers: 3,
      coresPerWorker: 2,
      workerMemory: '1g',
    });
    expect(start([])).toEqual({ topology: 'embedded', instance: 'embedded', detached: true });
  });

  it('stop and status take instance names; fetch takes nothing', () => {
    expect(parseFlags(['a', 'b', '--name', 'c'], COMMANDS['stop']!.flags, 'stop', true)).toEqual({ positionals: ['a', 'b'], flags: { name: 'c' } });
    expect(parseFlags(['--show-token'], COMMANDS['status']!.flags, 'status', true).flags).toEqual({ 'show-token': true });
    expect(argumentOf(() => parseFlags(['--name', 'x'], COMMANDS['fetch']!.flags, 'fetch'))).toBe('--name');
  });

  it('--help lists every flag of every command', () => {
    const expected: Record<string, string[]> = {
      demo: ['--remote', '--cluster', '--local', '--out', '--k', '--threshold', '--seed', '--help'],
      fetch: ['--help'],
      start: ['--cluster', '--port', '--workers', '--cores', '--worker-memory', '--name', '--help'],
      stop: ['--name', '--help'],
      status: ['--name', '--show-token', '--help'],
    };
    expect(Object.keys(COMMANDS).sort()).toEqual(Object.keys(expected).sort());
    // One section per command, from its usage line to the next one.
    const sections = helpText().split(/\n(?=  thunder-connect )/);
    for (const [command, flags] of Object.entries(expected)) {
      const section = sections.find((s) => s.startsWith(`  thunder-connect ${command}`));
      expect(section, command).toBeDefined();
      for (const f of flags) expect(section, `${command} ${f}`).toMatch(new RegExp(`^\\s+${f}\\b`, 'm'));
    }
  });

  it('exits 2 naming the flag, also for an unknown flag as the last argument', () => {
    const bogus = cli('start', '--name', 'x', '--bogus', '1');
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toMatch(/^thunder-connect: --bogus: expected one of start's flags/);
    const last = cli('demo', '--bogus');
    expect(last.status).toBe(2);
    expect(last.stderr).toMatch(/^thunder-connect: --bogus: expected one of demo's flags/);
    const workers = cli('start', '--workers', '0');
    expect(workers.status).toBe(2);
    expect(workers.stderr).toMatch(/^thunder-connect: --workers: expected to be given with --cluster/);
    const help = cli('status', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(helpText());
  });
});
