/**
 * Traced lambdas that lie (issue 11 item 5): JavaScript's &&, ||, ??, ?: and `if` treat a traced
 * value as an object, always true, so they silently drop a condition. Tracing refuses them and
 * points to .and(), .or(), where(); what is written with methods still traces.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { trace, type Traced } from '../../src/udf/index.js';

const t = (fn: (v: Traced) => unknown) => trace(fn as (...r: Traced[]) => unknown, [5], 'filter(fn)');

function refused(fn: (v: Traced) => unknown): string {
  let err: unknown;
  try {
    t(fn);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InvalidArgumentError);
  const message = (err as Error).message;
  expect(message).toContain('filter(fn)');
  expect(message).toContain('.and(');
  expect(message).toContain('.or(');
  expect(message).toContain('where(');
  return message;
}

describe('tracing refuses conditions that JavaScript operators drop', () => {
  it('&& keeps only its right side: refused', () => {
    expect(refused((v) => v.std().gt(0.01) && v.mean().gt(0))).toContain('dropped');
  });

  it('|| and ?? never look at the right side: refused from the source', () => {
    expect(refused((v) => v.std().gt(0.01) || v.mean().gt(0))).toContain('||');
    expect(refused((v) => v.std().gt(0.01) ?? v.mean().gt(0))).toContain('??');
    // the left operand a variable, the right side a traced call
    expect(refused((v) => {
      const big = v.max().gt(3);
      return big || v.min().lt(0);
    })).toContain('||');
  });

  it('?: and if test an object (always true): refused', () => {
    refused((v) => (v.mean().gt(0) ? v.sub(1) : v.add(1)));
    refused((v) => {
      if (v.mean().gt(0)) return v.sub(1);
      return v;
    });
  });

  it('a value built and left unused is refused too', () => {
    refused((v) => {
      v.mean();
      return v.std().gt(1);
    });
  });

  it('the method forms trace, and plain-number defaults with || or ?? are fine', () => {
    expect(t((v) => v.std().gt(0.01).and(v.mean().gt(0))).type).toEqual({ bool: true, len: null });
    expect(t((v) => v.std().gt(0.01).or(v.mean().gt(0))).type).toEqual({ bool: true, len: null });
    expect(t((v) => v.mean().gt(0).where(v.sub(1), v.add(1))).type).toEqual({ bool: false, len: 5 });
    const opts: { offset?: number; scale?: number } = {};
    expect(t((v) => v.sub(opts.offset || 0).mul(opts.scale ?? 1)).type).toEqual({ bool: false, len: 5 });
    const m = t((v) => {
      const centred = v.sub(v.mean());
      return centred.div(centred.std());
    });
    expect(m.type).toEqual({ bool: false, len: 5 });
  });

  it('an unused input record is not a dropped value', () => {
    expect(trace(((a: Traced) => a.add(1)) as (...r: Traced[]) => unknown, [3, 3], 'reduce(fn)').type.len).toBe(3);
  });
});
