import { describe, expect, it } from 'vitest';
import { DataTypes, InvalidArgumentError, SparkSession } from '../../src/connect/index.js';
import { registerJavaCommand } from '../../src/connect/udf.js';

describe('registerJavaCommand', () => {
  it('builds register_function with a java_udf', () => {
    expect(registerJavaCommand({ name: 'f_1', className: 'a.b.C$D', returnType: DataTypes.array(DataTypes.double, false) })).toEqual({
      registerFunction: {
        functionName: 'f_1',
        deterministic: true,
        arguments: [],
        isDistinct: false,
        javaUdf: { className: 'a.b.C$D', aggregate: false, outputType: { array: { elementType: { double: {} }, containsNull: false } } },
      },
    });
  });

  it('takes aggregates without a return type', () => {
    const cmd = registerJavaCommand({ name: 'agg', className: 'x.Y', aggregate: true, deterministic: false });
    expect(cmd.registerFunction).toMatchObject({ deterministic: false, javaUdf: { className: 'x.Y', aggregate: true } });
    expect(cmd.registerFunction?.javaUdf).not.toHaveProperty('outputType');
  });

  it.each([
    [{ name: 'bad name', className: 'x.Y', returnType: DataTypes.double }, /registerJava\(name\)/],
    [{ name: 'f', className: '1x', returnType: DataTypes.double }, /registerJava\(className\)/],
    [{ name: 'f', className: 'x.Y' }, /registerJava\(returnType\)/],
    [{ name: 'f', className: 'x.Y', returnType: DataTypes.double, aggregate: 'yes' }, /registerJava\(aggregate\)/],
    [{ name: 'f', className: 'x.Y', returnType: DataTypes.double, retrunType: 1 }, /registerJava\(retrunType\)/],
  ])('rejects %j', (spec, message) => {
    expect(() => registerJavaCommand(spec as never)).toThrow(InvalidArgumentError);
    expect(() => registerJavaCommand(spec as never)).toThrow(message);
  });
});

describe('SparkSession.jarNameFor', () => {
  it('names a jar by the SHA-256 of its bytes', () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(SparkSession.jarNameFor('k', new TextEncoder().encode('abc'))).toBe('k-ba7816bf8f01cfea.jar');
  });
});
