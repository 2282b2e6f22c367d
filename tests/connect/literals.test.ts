/** Literal inference and encoding, checked against protocol messages written by hand. */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { DataTypes, dateLit, decimalLit, doubleLit, lit, longLit, timestampLit, typedLit } from '../../src/connect/index.js';
import { inferType } from '../../src/connect/plan/literals.js';

const litOf = (c: { expr: { literal?: unknown } }) => c.expr.literal;

describe('lit', () => {
  it('types numbers: int within 32 bits, bigint for larger safe integers, double otherwise', () => {
    expect(litOf(lit(7))).toEqual({ integer: 7 });
    expect(litOf(lit(-(2 ** 31)))).toEqual({ integer: -2147483648 });
    expect(litOf(lit(2 ** 31))).toEqual({ long: '2147483648' });
    expect(litOf(lit(2.5))).toEqual({ double: 2.5 });
    expect(litOf(lit(2 ** 60))).toEqual({ double: 2 ** 60 });
    expect(litOf(lit(Number.NaN))).toEqual({ double: Number.NaN });
    expect(litOf(lit(-(2n ** 63n)))).toEqual({ long: '-9223372036854775808' });
    expect(() => lit(2n ** 63n)).toThrow(InvalidArgumentError);
  });

  it('types strings, booleans, null, binary, Dates', () => {
    expect(litOf(lit('s'))).toEqual({ string: 's' });
    expect(litOf(lit(false))).toEqual({ boolean: false });
    expect(litOf(lit(null))).toEqual({ null: { null: {} } });
    expect(litOf(lit(new Uint8Array([1, 2])))).toEqual({ binary: new Uint8Array([1, 2]) });
    // 2024-01-02T03:04:05.678Z = 1704164645678 ms since the epoch
    expect(litOf(lit(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))))).toEqual({ timestamp: '1704164645678000' });
    // 2024-01-02 is day 19724 (54 years incl. 13 leap days: 54*365+13 = 19723 days to 2024-01-01)
    expect(litOf(dateLit('2024-01-02'))).toEqual({ date: 19724 });
    expect(litOf(dateLit(new Date(Date.UTC(2024, 0, 2, 23, 59))))).toEqual({ date: 19724 });
    expect(litOf(timestampLit(5n))).toEqual({ timestamp: '5' });
  });

  it('types typed arrays as arrays without nulls', () => {
    expect(litOf(lit(new Float64Array([1, 2.5])))).toEqual({
      // elementType (deprecated since 4.1) is what Spark 4.0 servers read
      array: { elements: [{ double: 1 }, { double: 2.5 }], elementType: { double: {} } },
      dataType: { array: { elementType: { double: {} }, containsNull: false } },
    });
    expect(inferType(new Float32Array(1))).toEqual(DataTypes.array(DataTypes.float, false));
    expect(inferType(new Int32Array(1))).toEqual(DataTypes.array(DataTypes.integer, false));
    expect(inferType(new Int16Array(1))).toEqual(DataTypes.array(DataTypes.short, false));
    expect(inferType(new Int8Array(1))).toEqual(DataTypes.array(DataTypes.byte, false));
    expect(inferType(new Uint32Array(1))).toEqual(DataTypes.array(DataTypes.long, false));
    expect(inferType(new BigInt64Array(1))).toEqual(DataTypes.array(DataTypes.long, false));
    expect(litOf(lit(new BigInt64Array([3n])))).toEqual({ array: { elements: [{ long: '3' }], elementType: { long: {} } }, dataType: { array: { elementType: { long: {} }, containsNull: false } } });
  });

  it('widens array elements across the whole array and records nulls', () => {
    expect(inferType([1, 2.5])).toEqual(DataTypes.array(DataTypes.double, false));
    expect(inferType([1, null, 2 ** 40])).toEqual(DataTypes.array(DataTypes.long, true));
    expect(inferType([[1], [2.5, null]])).toEqual(DataTypes.array(DataTypes.array(DataTypes.double, true), false));
    expect(litOf(lit([1, 2.5]))).toEqual({ array: { elements: [{ double: 1 }, { double: 2.5 }], elementType: { double: {} } }, dataType: { array: { elementType: { double: {} }, containsNull: false } } });
    expect(() => lit([1, 'a'])).toThrow(/elements of one type/);
    expect(() => lit([null])).toThrow(InvalidArgumentError);
  });

  it('types Maps and plain objects', () => {
    expect(inferType(new Map([['a', 1]]))).toEqual(DataTypes.map(DataTypes.string, DataTypes.integer, false));
    expect(inferType({ a: 1, b: 'x' })).toEqual(DataTypes.struct([DataTypes.field('a', DataTypes.integer), DataTypes.field('b', DataTypes.string)]));
    const structA = { struct: { fields: [{ name: 'a', dataType: { integer: {} }, nullable: true }] } };
    expect(litOf(lit({ a: 1 }))).toEqual({ struct: { elements: [{ integer: 1 }], structType: structA }, dataType: structA });
    expect(litOf(lit(new Map([['k', 2]])))).toEqual({
      map: { keys: [{ string: 'k' }], values: [{ integer: 2 }], keyType: { string: {} }, valueType: { integer: {} } },
      dataType: { map: { keyType: { string: {} }, valueType: { integer: {} }, valueContainsNull: false } },
    });
  });
});

describe('typedLit and the explicit helpers', () => {
  it('encodes the asked type', () => {
    expect(litOf(doubleLit(1))).toEqual({ double: 1 });
    expect(litOf(longLit(1))).toEqual({ long: '1' });
    expect(litOf(typedLit(null, DataTypes.integer))).toEqual({ null: { integer: {} } });
    expect(litOf(typedLit([], DataTypes.array(DataTypes.string)))).toEqual({ array: { elements: [], elementType: { string: {} } }, dataType: { array: { elementType: { string: {} }, containsNull: true } } });
    expect(litOf(decimalLit('12.34', 10, 2))).toEqual({ decimal: { value: '12.34', precision: 10, scale: 2 } });
    expect(litOf(typedLit(3, DataTypes.byte))).toEqual({ byte: 3 });
  });

  it('rejects values that do not fit, naming the element', () => {
    expect(() => typedLit(300, DataTypes.byte)).toThrow(expect.objectContaining({ argument: 'typedLit(value)' }));
    expect(() => typedLit(1.5, DataTypes.integer)).toThrow(InvalidArgumentError);
    expect(() => typedLit([1, 'x'], DataTypes.array(DataTypes.integer))).toThrow(expect.objectContaining({ argument: 'typedLit(value)[1]' }));
    expect(() => typedLit('x', DataTypes.boolean)).toThrow(InvalidArgumentError);
    expect(() => dateLit('2024/01/02')).toThrow(InvalidArgumentError);
  });
});
