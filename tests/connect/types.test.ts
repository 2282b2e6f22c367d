/** The DataType model: Spark's type strings, DDL and the protocol form. */
import { describe, expect, it } from 'vitest';
import { DataTypes, simpleString, sqlString, toDDL } from '../../src/connect/index.js';
import { fromProtoDataType, toProtoDataType } from '../../src/connect/plan/types.js';

const { array, map, struct, field, decimal } = DataTypes;

describe('type strings', () => {
  it('uses Spark short names', () => {
    expect(simpleString(DataTypes.long)).toBe('bigint');
    expect(simpleString(DataTypes.integer)).toBe('int');
    expect(simpleString(DataTypes.short)).toBe('smallint');
    expect(simpleString(DataTypes.byte)).toBe('tinyint');
    expect(simpleString(DataTypes.null)).toBe('void');
    expect(simpleString(array(DataTypes.double))).toBe('array<double>');
    expect(simpleString(map(DataTypes.string, DataTypes.integer))).toBe('map<string,int>');
    expect(simpleString(struct([field('a', DataTypes.integer), field('b', array(DataTypes.string))]))).toBe('struct<a:int,b:array<string>>');
    expect(simpleString(decimal(10, 2))).toBe('decimal(10,2)');
    expect(simpleString(DataTypes.dayTimeInterval(0, 3))).toBe('interval day to second');
    expect(simpleString(DataTypes.yearMonthInterval(1, 1))).toBe('interval month');
  });

  it('writes DDL with quoting and NOT NULL', () => {
    const s = struct([field('id', DataTypes.long, false), field('the values', array(DataTypes.double)), field('m', map(DataTypes.string, struct([field('x', DataTypes.float)])))]);
    expect(toDDL(s)).toBe('id BIGINT NOT NULL, `the values` ARRAY<DOUBLE>, m MAP<STRING, STRUCT<x: FLOAT>>');
    expect(sqlString(decimal(5, 1))).toBe('DECIMAL(5,1)');
  });

  it('rejects impossible decimals', () => {
    expect(() => decimal(40, 0)).toThrow(expect.objectContaining({ argument: 'precision' }));
    expect(() => decimal(5, 6)).toThrow(expect.objectContaining({ argument: 'scale' }));
  });
});

describe('protocol form', () => {
  it('writes nested types', () => {
    expect(toProtoDataType(array(map(DataTypes.string, DataTypes.timestampNtz), false))).toEqual({
      array: { elementType: { map: { keyType: { string: {} }, valueType: { timestampNtz: {} }, valueContainsNull: true } }, containsNull: false },
    });
    expect(toProtoDataType(decimal(12, 3))).toEqual({ decimal: { precision: 12, scale: 3 } });
    expect(toProtoDataType(DataTypes.parse('array<int>'))).toEqual({ unparsed: { dataTypeString: 'array<int>' } });
  });

  it('reads what the server sends: oneof names, absent booleans as false', () => {
    expect(
      fromProtoDataType({
        kind: 'struct',
        struct: {
          fields: [
            { name: 'id', dataType: { kind: 'long', long: {} } },
            { name: 'v', nullable: true, dataType: { kind: 'array', array: { elementType: { kind: 'double', double: {} }, containsNull: true } } },
            { name: 'n', nullable: true, dataType: { kind: 'timestampNtz', timestampNtz: {} } },
          ],
        },
      }),
    ).toEqual(struct([field('id', DataTypes.long, false), field('v', array(DataTypes.double, true)), field('n', DataTypes.timestampNtz)]));
  });

  it('round-trips every constructor through the protocol form', () => {
    const all = [
      DataTypes.null, DataTypes.binary, DataTypes.boolean, DataTypes.byte, DataTypes.short, DataTypes.integer, DataTypes.long,
      DataTypes.float, DataTypes.double, DataTypes.string, DataTypes.date, DataTypes.timestamp, DataTypes.timestampNtz,
      DataTypes.calendarInterval, DataTypes.variant, decimal(7, 2), DataTypes.char(3), DataTypes.varchar(9),
      array(DataTypes.integer, false), map(DataTypes.long, array(DataTypes.float), false), DataTypes.dayTimeInterval(1, 2),
      DataTypes.yearMonthInterval(0, 0), DataTypes.time(3), struct([field('a', DataTypes.string, false)]),
    ];
    for (const t of all) {
      const proto = toProtoDataType(t);
      const kind = Object.keys(proto)[0]!;
      // The loader adds the oneof name on output; emulate it.
      expect(fromProtoDataType(withKinds({ ...proto, kind }) as never), simpleString(t)).toEqual(t);
    }
  });
});

/** Adds the loader's `kind` field to every nested DataType of a protocol object. */
function withKinds(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k.endsWith('Type') && v && typeof v === 'object') out[k] = withKinds({ ...(v as object), kind: Object.keys(v as object)[0] });
    else if (k === 'fields' && Array.isArray(v)) out[k] = v.map((f: { dataType: object }) => ({ ...f, dataType: withKinds({ ...f.dataType, kind: Object.keys(f.dataType)[0] }) }));
    else if (v && typeof v === 'object' && !Array.isArray(v)) out[k] = withKinds(v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}
