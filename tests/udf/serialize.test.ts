/**
 * The plan bytes of serialize.ts against sizes and fields computed by hand from the documented
 * format (header 16 bytes, node header 6 bytes, then the op's fields).
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import * as E from '../../src/udf/expr.js';
import type { Expr } from '../../src/udf/expr.js';
import { planHeader, PLAN_FORMAT_VERSION, serializePlan } from '../../src/udf/serialize.js';
import * as S from '../../src/udf/sugar.js';

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe('serializePlan', () => {
  it('writes the header and a single input node', () => {
    const b = serializePlan(E.input(0, 7));
    expect(b.length).toBe(16 + 6 + 4);
    expect(String.fromCharCode(...b.subarray(0, 4))).toBe('TXPR');
    expect(planHeader(b)).toEqual({ version: PLAN_FORMAT_VERSION, inputs: 1, nodes: 1, root: 0 });
    const v = view(b);
    expect(v.getUint8(16)).toBe(0); // op input
    expect(v.getUint8(17)).toBe(2); // numeric vector
    expect(v.getUint32(18, true)).toBe(7);
    expect(v.getUint32(22, true)).toBe(0); // input index
  });

  it('sizes x - mean(x) by hand: input, sum, const n, div, sub', () => {
    const x = E.input(0, 5);
    const b = serializePlan(E.binary('sub', x, S.mean(x)));
    // input 6+4, reduce 6+1+4, const 6+8, binary div 6+1+8, binary sub 6+1+8
    expect(b.length).toBe(16 + 10 + 11 + 14 + 15 + 15);
    expect(planHeader(b)).toEqual({ version: 1, inputs: 1, nodes: 5, root: 4 });
  });

  it('writes a shared subexpression once and refers to it by index', () => {
    const x = E.input(0, 4);
    const d = E.binary('sub', x, S.mean(x));
    // d is used twice, and mean(x) is rebuilt twice (structurally equal: merged by canonicalize).
    const shared = serializePlan(E.binary('mul', d, E.binary('sub', x, S.mean(x))));
    const h = planHeader(shared);
    expect(h.nodes).toBe(6); // input, sum, const 4, div, sub, mul
    const v = view(shared);
    // The last node (mul) refers twice to the same earlier node (sub, index 4).
    const end = shared.length;
    expect(v.getUint32(end - 8, true)).toBe(4);
    expect(v.getUint32(end - 4, true)).toBe(4);
  });

  it('writes Float64Array constants as raw little-endian doubles, NaN and -0 included', () => {
    const values = Float64Array.from([1.5, -0, NaN, Infinity, -1e-310]);
    const b = serializePlan(E.binary('add', E.input(0, 5), E.array(values)));
    const v = view(b);
    // Nodes: input (10 bytes), then the array node: 6-byte header, u32 n, doubles.
    const at = 16 + 10 + 6;
    expect(v.getUint32(at, true)).toBe(5);
    const back = Array.from({ length: 5 }, (_, i) => v.getFloat64(at + 4 + 8 * i, true));
    expect(back.map((x) => Object.is(x, -0) ? '-0' : String(x))).toEqual(['1.5', '-0', 'NaN', 'Infinity', '-1e-310']);
  });

  it('keeps a large constant matrix at 8 bytes per value', () => {
    const T = 500;
    const m = new Float64Array(999 * T).fill(0.25);
    const b = serializePlan(E.matvec(m, 999, T, E.input(0, T)));
    expect(b.length).toBe(16 + 10 + 6 + 8 + 8 * 999 * T + 4);
  });

  it('counts two inputs for a two-record expression', () => {
    const b = serializePlan(E.binary('add', E.input(0, 3), E.input(1, 3)));
    expect(planHeader(b).inputs).toBe(2);
  });

  it('serializes every node type with the documented sizes', () => {
    const x = E.input(0, 6);
    const parts: [Expr, number][] = [
      [E.percentile(20, x), 6 + 8 + 4],
      [E.unary('log', x), 6 + 1 + 4],
      [E.where(E.binary('gt', x, E.constant(2)), x, E.constant(0)), 6 + 12],
      [E.element(3, x), 6 + 8],
      [E.gather(Int32Array.from([5, 0, 2]), x), 6 + 4 + 12 + 4],
      [E.view([2, 3], [0, 1], [1, 2], [2, 1], x), 6 + 1 + 2 * 16 + 4],
      [E.axisReduce('max', [2, 3], 1, x), 6 + 1 + 1 + 8 + 1 + 4],
      [E.dft('im', 3, x), 6 + 1 + 4 + 4],
      [E.movingPercentile(50, { mode: 'truncate', left: 2, right: 3 }, x), 6 + 8 + 1 + 12 + 4],
      [E.cast('uint16', x), 6 + 1 + 4],
    ];
    for (const [e, bytes] of parts) {
      // input (10 bytes) + the extra operands' bytes + the node itself.
      const b = serializePlan(e);
      const extra = e.op === 'where' ? 14 /* const 2 */ + 15 /* gt */ + 14 /* const 0 */ : 0;
      expect(b.length, e.op).toBe(16 + 10 + extra + bytes);
    }
    const st = serializePlan(E.stack([E.reduce('sum', x), E.reduce('min', x)]));
    expect(st.length).toBe(16 + 10 + 11 + 11 + 6 + 4 + 8);
  });

  it('folds constants like the local evaluator before writing', () => {
    const b = serializePlan(E.binary('mul', E.input(0, 2), E.binary('add', E.constant(1), E.constant(2))));
    expect(planHeader(b).nodes).toBe(3);
    const v = view(b);
    expect(v.getFloat64(16 + 10 + 6, true)).toBe(3);
  });

  it('rejects unknown nodes with InvalidArgumentError', () => {
    const bogus = { op: 'fft', type: { bool: false, len: 4 }, arg: E.input(0, 4) } as unknown as Expr;
    expect(() => serializePlan(bogus)).toThrow(InvalidArgumentError);
    expect(() => serializePlan(E.binary('add', E.input(0, 4), bogus))).toThrow(/expression node/);
    const badFn = { ...E.unary('abs', E.input(0, 4)), fn: 'tanh' } as unknown as Expr;
    expect(() => serializePlan(badFn)).toThrow(InvalidArgumentError);
    const badDtype = { ...E.cast('uint8', E.input(0, 4)), dtype: 'uint32' } as unknown as Expr;
    expect(() => serializePlan(badDtype)).toThrow(/astype/);
  });

  it('rejects bytes that are not a plan', () => {
    expect(() => planHeader(new Uint8Array(20))).toThrow(InvalidArgumentError);
  });
});
