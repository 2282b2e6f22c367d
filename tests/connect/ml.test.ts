/** ML over Connect without a server: literal encoding/decoding and message builders. */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { deleteCommand, fetchCommand, fitCommand, newUid, transformRelation } from '../../src/connect/ml/commands.js';
import { MlEstimator } from '../../src/connect/ml/estimator.js';
import { fromMlLiteral, toMlLiteral, toMlParams } from '../../src/connect/ml/values.js';

const udt = (cls: string) => ({ udt: { type: 'udt', jvmClass: `org.apache.spark.ml.linalg.${cls}` } });
const nul = { null: { null: {} }, literalType: 'null' as const };
const doubles = (values: number[]) => ({ specializedArray: { doubles: { values } }, literalType: 'specializedArray' as const });
const ints = (values: number[]) => ({ specializedArray: { ints: { values } }, literalType: 'specializedArray' as const });

describe('ML literals', () => {
  it('encodes params: small integers as int, other numbers as double, bigint as long, arrays specialized', () => {
    expect(toMlParams({ k: 5, tol: 0.5, seed: 7n, initMode: 'random', flag: true, big: 2 ** 40 }, 'fit').params).toEqual({
      k: { integer: 5 },
      tol: { double: 0.5 },
      seed: { long: '7' },
      initMode: { string: 'random' },
      flag: { boolean: true },
      big: { double: 2 ** 40 },
    });
    expect(toMlLiteral([1, 2], 'a')).toEqual({ specializedArray: { ints: { values: [1, 2] } } });
    expect(toMlLiteral([1.5, 2], 'a')).toEqual({ specializedArray: { doubles: { values: [1.5, 2] } } });
    expect(toMlLiteral(['a'], 'a')).toEqual({ specializedArray: { strings: { values: ['a'] } } });
    expect(() => toMlLiteral(NaN, 'tol')).toThrow(InvalidArgumentError);
    expect(() => toMlParams({ x: [1, 'a'] as unknown as number[] }, 'fit')).toThrow(InvalidArgumentError);
  });

  it('encodes a Float64Array as a dense VectorUDT struct (type 1, null size and indices)', () => {
    const lit = toMlLiteral(new Float64Array([1, 2.5]), 'v');
    expect(lit.struct?.structType).toEqual(udt('VectorUDT'));
    expect(lit.struct?.elements).toEqual([{ byte: 1 }, { null: { null: {} } }, { null: { null: {} } }, { specializedArray: { doubles: { values: [1, 2.5] } } }]);
  });

  it('decodes dense and sparse vectors into Float64Array', () => {
    const dense = { literalType: 'struct' as const, struct: { structType: udt('VectorUDT'), elements: [{ byte: 1, literalType: 'byte' as const }, nul, nul, doubles([3, 4])] } };
    expect(fromMlLiteral(dense)).toEqual(new Float64Array([3, 4]));
    const sparse = { literalType: 'struct' as const, struct: { structType: udt('VectorUDT'), elements: [{ byte: 0, literalType: 'byte' as const }, { integer: 4, literalType: 'integer' as const }, ints([1, 3]), doubles([7, 9])] } };
    expect(fromMlLiteral(sparse)).toEqual(new Float64Array([0, 7, 0, 9]));
  });

  it('decodes matrices to row-major whatever the storage (column-major, transposed, sparse CSC)', () => {
    // [[1, 2, 3], [4, 5, 6]]
    const m = (type: number, values: number[], transposed: boolean, colPtrs?: number[], rowIdx?: number[]) => ({
      literalType: 'struct' as const,
      struct: {
        structType: udt('MatrixUDT'),
        elements: [
          { byte: type, literalType: 'byte' as const },
          { integer: 2, literalType: 'integer' as const },
          { integer: 3, literalType: 'integer' as const },
          colPtrs ? ints(colPtrs) : nul,
          rowIdx ? ints(rowIdx) : nul,
          doubles(values),
          { boolean: transposed, literalType: 'boolean' as const },
        ],
      },
    });
    const expected = { numRows: 2, numCols: 3, values: new Float64Array([1, 2, 3, 4, 5, 6]) };
    expect(fromMlLiteral(m(1, [1, 4, 2, 5, 3, 6], false))).toEqual(expected);
    expect(fromMlLiteral(m(1, [1, 2, 3, 4, 5, 6], true))).toEqual(expected);
    expect(fromMlLiteral(m(0, [1, 4, 2, 5, 3, 6], false, [0, 2, 4, 6], [0, 1, 0, 1, 0, 1]))).toEqual(expected);
  });

  it('decodes scalars and arrays; longs beyond 2^53 stay exact as bigint', () => {
    expect(fromMlLiteral({ double: 1.5, literalType: 'double' })).toBe(1.5);
    expect(fromMlLiteral({ long: '12', literalType: 'long' })).toBe(12);
    expect(fromMlLiteral({ long: '9007199254740993', literalType: 'long' })).toBe(9007199254740993n);
    expect(fromMlLiteral({ literalType: 'array', array: { elements: [{ double: 0.5, literalType: 'double' }, { double: 0.5, literalType: 'double' }] } })).toEqual([0.5, 0.5]);
  });
});

describe('ML messages', () => {
  it('builds Fit, Fetch, Delete and Transform as the protocol expects', () => {
    const input = { range: { start: '0', end: '3', step: '1' } };
    expect(fitCommand('org.apache.spark.ml.clustering.KMeans', 'KMeans_1', { params: { k: { integer: 2 } } }, input)).toEqual({
      mlCommand: { fit: { estimator: { name: 'org.apache.spark.ml.clustering.KMeans', uid: 'KMeans_1', type: 'OPERATOR_TYPE_ESTIMATOR' }, params: { params: { k: { integer: 2 } } }, dataset: input } },
    });
    expect(fetchCommand('id1', [{ method: 'summary' }, { method: 'trainingCost' }])).toEqual({
      mlCommand: { fetch: { objRef: { id: 'id1' }, methods: [{ method: 'summary', args: [] }, { method: 'trainingCost', args: [] }] } },
    });
    expect(deleteCommand(['a', 'b'])).toEqual({ mlCommand: { delete: { objRefs: [{ id: 'a' }, { id: 'b' }] } } });
    expect(transformRelation(4, 'id1', input, { params: {} })).toEqual({ common: { planId: '4' }, mlRelation: { transform: { objRef: { id: 'id1' }, input, params: { params: {} } } } });
    expect(newUid('org.apache.spark.ml.feature.PCA')).toMatch(/^PCA_[0-9a-f]{12}$/);
  });

  it('refuses a class name that is not fully qualified before any request', () => {
    expect(() => new MlEstimator('KMeans')).toThrow(InvalidArgumentError);
    expect(() => new MlEstimator('org.apache.spark.ml.clustering.KMeans; DROP')).toThrow(InvalidArgumentError);
  });
});
