/** The demo's flags: the notebook's defaults, overrides, and clear errors for bad input. */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { parseDemoArgs } from '../../src/cli/commands.js';

describe('demo options', () => {
  it('defaults to the notebook’s choices', () => {
    const o = parseDemoArgs([]);
    expect(o).toMatchObject({ remote: undefined, out: 'reports/fish', k: 30, threshold: 0.01, seed: 42, cluster: false, local: false });
    expect(o.ks).toEqual([5, 10, 15, 20, 30, 50, 100, 200]);
    expect(o.thresholds).toEqual([0.001, 0.003, 0.007, 0.01, 0.015, 0.02]);
  });

  it('takes every option, in --flag value and --flag=value forms', () => {
    const o = parseDemoArgs(['--remote', 'sc://example:15002', '--out=/tmp/r', '--k', '20', '--threshold', '0.015', '--seed=7']);
    expect(o).toMatchObject({ remote: 'sc://example:15002', out: '/tmp/r', k: 20, threshold: 0.015, seed: 7 });
    // Values already in the notebook's lists do not change them.
    expect(o.ks).toEqual([5, 10, 15, 20, 30, 50, 100, 200]);
    expect(o.thresholds).toEqual([0.001, 0.003, 0.007, 0.01, 0.015, 0.02]);
  });

  it('adds a K or a threshold the notebook did not try to the sweep and the masks, in order', () => {
    const o = parseDemoArgs(['--k', '40', '--threshold', '0.005']);
    expect(o.ks).toEqual([5, 10, 15, 20, 30, 40, 50, 100, 200]);
    expect(o.thresholds).toEqual([0.001, 0.003, 0.005, 0.007, 0.01, 0.015, 0.02]);
  });

  it('uses SPARK_REMOTE unless told where to run', () => {
    const env = { SPARK_REMOTE: 'sc://env:1' };
    expect(parseDemoArgs([], env).remote).toBe('sc://env:1');
    expect(parseDemoArgs(['--remote', 'sc://flag:2'], env).remote).toBe('sc://flag:2');
    expect(parseDemoArgs(['--cluster'], env)).toMatchObject({ remote: undefined, cluster: true });
    expect(parseDemoArgs(['--local'], env)).toMatchObject({ remote: undefined, local: true });
    expect(parseDemoArgs([], { SPARK_REMOTE: '' }).remote).toBeUndefined();
  });

  it.each([
    [['--k', '1'], '--k'],
    [['--k', '2.5'], '--k'],
    [['--k'], '--k'],
    [['--threshold', '0'], '--threshold'],
    [['--threshold', 'abc'], '--threshold'],
    [['--seed', '-1'], '--seed'],
    [['--out', ' '], '--out'],
    [['--remote', 'http://x:1'], '--remote'],
    [['--cluster', '--remote', 'sc://x:1'], '--cluster'],
    [['--local', '--cluster'], '--local'],
    [['--kk', '3'], '--kk'],
    [['extra'], 'demo'],
  ])('rejects %j naming %s', (argv, argument) => {
    let error: unknown;
    try {
      parseDemoArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
  });

  it('names SPARK_REMOTE when the environment holds a bad URL', () => {
    expect(() => parseDemoArgs([], { SPARK_REMOTE: 'localhost:15002' })).toThrow(/SPARK_REMOTE: expected an sc:\/\/host:port URL/);
  });
});
