/** Tracing: what builds an expression, and what fails at the call with the vocabulary listed. */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { trace, VOCABULARY, type Traced } from '../../src/udf/index.js';
import { throwsWith } from '../helpers/errors.js';

const t = (fn: (v: Traced) => unknown, len = 5) => trace(fn as (...r: Traced[]) => unknown, [len], 'map(fn)');

describe('trace', () => {
  it('builds typed expressions with static lengths', () => {
    expect(t((v) => v.std()).type).toEqual({ bool: false, len: null });
    expect(t((v) => v.std().gt(0.01)).type).toEqual({ bool: true, len: null });
    expect(t((v) => v.sub(v.mean()).div(v.std())).type).toEqual({ bool: false, len: 5 });
    expect(t((v) => v.slice(1, 4)).type.len).toBe(3);
    expect(t((v) => v.slice(-2)).type.len).toBe(2);
    expect(t((v) => v.slice(0, 5, 2)).type.len).toBe(3);
    expect(t((v) => v.at(-1)).type.len).toBeNull();
    expect(t((v) => v.dot([1, 2, 3, 4, 5])).type.len).toBeNull();
    expect(t((v) => v.add(Float32Array.from([1, 2, 3, 4, 5]))).type.len).toBe(5);
    expect(t((v) => v.gt(2).and(v.lt(4))).type).toEqual({ bool: true, len: 5 });
    let len = 0;
    t((v) => {
      len = v.length();
      return v;
    });
    expect(len).toBe(5);
  });

  it('an unknown method fails at the call, naming it and listing the vocabulary', () => {
    const err = throwsWith(() => t((v) => (v as unknown as { foo(): Traced }).foo()), '.foo');
    for (const name of ['mean()', 'std()', 'percentile(q)', 'gt(x)', 'slice(start, stop?, step?)', 'corr(x)']) expect(err.message).toContain(name);
    expect(VOCABULARY).toContain('dot(x)');
  });

  it('JavaScript operators on traced values fail with the method to use instead', () => {
    throwsWith(() => t((v) => (v.std() as unknown as number) > 1), 'v.gt(3)');
    throwsWith(() => t((v) => (v as unknown as number) + 1), 'v.add(1)');
  });

  it('untraceable results fail: numbers, booleans, undefined', () => {
    throwsWith(() => t(() => 3), 'returned 3');
    throwsWith(() => t(() => true), 'JavaScript comparisons');
    throwsWith(() => t(() => undefined), 'undefined');
  });

  it('shape and type errors are caught at trace time', () => {
    throwsWith(() => t((v) => v.add([1, 2, 3])), 'lengths 5 and 3');
    throwsWith(() => t((v) => v.mean().mean()), 'a vector');
    throwsWith(() => t((v) => v.not()), 'boolean');
    throwsWith(() => t((v) => v.gt(1).add(1)), 'numeric');
    throwsWith(() => t((v) => v.at(7)), 'at(i)');
    throwsWith(() => t((v) => v.percentile(120)), 'percentile(q)');
    throwsWith(() => t((v) => v.add('x' as never)), 'add(x)');
  });

  it('assignments to traced values are refused', () => {
    throwsWith(() => t((v) => {
      (v as unknown as { x: number }).x = 1;
      return v;
    }), 'assignment');
  });
});
