/**
 * Spark SQL data types as plain, immutable TypeScript values, and their
 * conversion to and from the protocol's `DataType`.
 *
 *   DataTypes.array(DataTypes.double)            // array<double>
 *   DataTypes.struct([DataTypes.field('k', DataTypes.long, false)])
 *
 * Values are plain objects (compare them with a deep equality), discriminated
 * by `kind`. `simpleString` gives Spark's short form (`bigint`,
 * `array<double>`, `struct<a:int>`: what SQL's `typeof()` prints and what
 * `dtypes` lists); `toDDL` gives the form Spark's DDL parser reads back
 * (`a INT NOT NULL, b ARRAY<DOUBLE>`).
 */
import { InvalidArgumentError } from '../../common/errors.js';
import type { ProtoDataType, ProtoDataType__Output } from './proto.js';

export type AtomicKind =
  | 'null'
  | 'binary'
  | 'boolean'
  | 'byte'
  | 'short'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'string'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'calendar_interval'
  | 'variant';

export interface AtomicType {
  readonly kind: AtomicKind;
}
export interface DecimalType {
  readonly kind: 'decimal';
  readonly precision: number;
  readonly scale: number;
}
export interface CharType {
  readonly kind: 'char' | 'varchar';
  readonly length: number;
}
export interface ArrayType {
  readonly kind: 'array';
  readonly elementType: DataType;
  readonly containsNull: boolean;
}
export interface MapType {
  readonly kind: 'map';
  readonly keyType: DataType;
  readonly valueType: DataType;
  readonly valueContainsNull: boolean;
}
export interface StructField {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  /** Spark's field metadata as its JSON text, when there is any. */
  readonly metadata?: string;
}
export interface StructType {
  readonly kind: 'struct';
  readonly fields: readonly StructField[];
}
/** Fields: 0 = DAY, 1 = HOUR, 2 = MINUTE, 3 = SECOND. */
export interface DayTimeIntervalType {
  readonly kind: 'day_time_interval';
  readonly startField: number;
  readonly endField: number;
}
/** Fields: 0 = YEAR, 1 = MONTH. */
export interface YearMonthIntervalType {
  readonly kind: 'year_month_interval';
  readonly startField: number;
  readonly endField: number;
}
export interface TimeType {
  readonly kind: 'time';
  readonly precision: number;
}
/** A user-defined type (e.g. MLlib's vectors): stored as `sqlType`. */
export interface UserDefinedType {
  readonly kind: 'udt';
  readonly jvmClass?: string;
  readonly sqlType?: DataType;
}
export interface SpatialType {
  readonly kind: 'geometry' | 'geography';
  readonly srid: number;
}
/** A type given as DDL text, resolved by the server (input only). */
export interface UnparsedType {
  readonly kind: 'unparsed';
  readonly ddl: string;
}

export type DataType =
  | AtomicType
  | DecimalType
  | CharType
  | ArrayType
  | MapType
  | StructType
  | DayTimeIntervalType
  | YearMonthIntervalType
  | TimeType
  | UserDefinedType
  | SpatialType
  | UnparsedType;

const atomic = <K extends AtomicKind>(kind: K): { readonly kind: K } => Object.freeze({ kind });

/** Constructors of every Spark data type. */
export const DataTypes = Object.freeze({
  null: atomic('null'),
  binary: atomic('binary'),
  boolean: atomic('boolean'),
  byte: atomic('byte'),
  short: atomic('short'),
  integer: atomic('integer'),
  long: atomic('long'),
  float: atomic('float'),
  double: atomic('double'),
  string: atomic('string'),
  date: atomic('date'),
  timestamp: atomic('timestamp'),
  timestampNtz: atomic('timestamp_ntz'),
  calendarInterval: atomic('calendar_interval'),
  variant: atomic('variant'),
  decimal: (precision = 10, scale = 0): DecimalType => {
    if (!Number.isInteger(precision) || precision < 1 || precision > 38) throw new InvalidArgumentError('precision', 'an integer in 1..38', precision);
    if (!Number.isInteger(scale) || scale < 0 || scale > precision) throw new InvalidArgumentError('scale', `an integer in 0..${precision}`, scale);
    return { kind: 'decimal', precision, scale };
  },
  char: (length: number): CharType => ({ kind: 'char', length }),
  varchar: (length: number): CharType => ({ kind: 'varchar', length }),
  array: (elementType: DataType, containsNull = true): ArrayType => ({ kind: 'array', elementType, containsNull }),
  map: (keyType: DataType, valueType: DataType, valueContainsNull = true): MapType => ({ kind: 'map', keyType, valueType, valueContainsNull }),
  struct: (fields: readonly StructField[]): StructType => ({ kind: 'struct', fields }),
  field: (name: string, dataType: DataType, nullable = true): StructField => ({ name, dataType, nullable }),
  dayTimeInterval: (startField = 0, endField = 3): DayTimeIntervalType => ({ kind: 'day_time_interval', startField, endField }),
  yearMonthInterval: (startField = 0, endField = 1): YearMonthIntervalType => ({ kind: 'year_month_interval', startField, endField }),
  time: (precision = 6): TimeType => ({ kind: 'time', precision }),
  /** A type in DDL form (`'array<double>'`), resolved by the server. */
  parse: (ddl: string): UnparsedType => ({ kind: 'unparsed', ddl }),
});

const SIMPLE_NAMES: Readonly<Record<AtomicKind, string>> = {
  null: 'void',
  binary: 'binary',
  boolean: 'boolean',
  byte: 'tinyint',
  short: 'smallint',
  integer: 'int',
  long: 'bigint',
  float: 'float',
  double: 'double',
  string: 'string',
  date: 'date',
  timestamp: 'timestamp',
  timestamp_ntz: 'timestamp_ntz',
  calendar_interval: 'interval',
  variant: 'variant',
};

const DAY_TIME_FIELDS = ['day', 'hour', 'minute', 'second'];
const YEAR_MONTH_FIELDS = ['year', 'month'];

function intervalName(fields: readonly string[], start: number, end: number): string {
  const s = fields[start] ?? String(start);
  const e = fields[end] ?? String(end);
  return start === end ? `interval ${s}` : `interval ${s} to ${e}`;
}

/**
 * Spark's short type string (`simpleString`): `int`, `bigint`, `array<double>`,
 * `map<string,int>`, `struct<a:int,b:string>`, `decimal(10,2)`.
 */
export function simpleString(t: DataType): string {
  return render(t, false);
}

/** Spark's SQL type string (`DataType.sql`): `INT`, `ARRAY<DOUBLE>`, `STRUCT<a: INT NOT NULL>`. */
export function sqlString(t: DataType): string {
  return render(t, true);
}

function render(t: DataType, sql: boolean): string {
  const up = (s: string) => (sql ? s.toUpperCase() : s);
  switch (t.kind) {
    case 'decimal':
      return up(`decimal(${t.precision},${t.scale})`);
    case 'char':
    case 'varchar':
      return up(`${t.kind}(${t.length})`);
    case 'array':
      return `${up('array')}<${render(t.elementType, sql)}>`;
    case 'map':
      return `${up('map')}<${render(t.keyType, sql)},${sql ? ' ' : ''}${render(t.valueType, sql)}>`;
    case 'struct': {
      const fields = t.fields.map((f) =>
        sql ? `${quoteIfNeeded(f.name)}: ${render(f.dataType, sql)}${f.nullable ? '' : ' NOT NULL'}` : `${f.name}:${render(f.dataType, sql)}`,
      );
      return `${up('struct')}<${fields.join(sql ? ', ' : ',')}>`;
    }
    case 'day_time_interval':
      return up(intervalName(DAY_TIME_FIELDS, t.startField, t.endField));
    case 'year_month_interval':
      return up(intervalName(YEAR_MONTH_FIELDS, t.startField, t.endField));
    case 'time':
      return up(`time(${t.precision})`);
    case 'udt':
      return t.sqlType ? render(t.sqlType, sql) : up('udt');
    case 'geometry':
    case 'geography':
      return up(`${t.kind}(${t.srid})`);
    case 'unparsed':
      return t.ddl;
    default:
      return up(SIMPLE_NAMES[t.kind]);
  }
}

/** Backquotes an identifier unless it is a plain word (Spark's `quoteIfNeeded`). */
export function quoteIfNeeded(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replaceAll('`', '``')}\``;
}

/** A struct as DDL (`a INT NOT NULL, b ARRAY<DOUBLE>`), the form `spark.read.schema()` and `DataTypes.parse` accept. */
export function toDDL(schema: StructType): string {
  return schema.fields.map((f) => `${quoteIfNeeded(f.name)} ${sqlString(f.dataType)}${f.nullable ? '' : ' NOT NULL'}`).join(', ');
}

/** The protocol form of a data type. */
export function toProtoDataType(t: DataType): ProtoDataType {
  switch (t.kind) {
    case 'null':
      return { null: {} };
    case 'timestamp_ntz':
      return { timestampNtz: {} };
    case 'calendar_interval':
      return { calendarInterval: {} };
    case 'decimal':
      return { decimal: { precision: t.precision, scale: t.scale } };
    case 'char':
      return { char: { length: t.length } };
    case 'varchar':
      return { varChar: { length: t.length } };
    case 'array':
      return { array: { elementType: toProtoDataType(t.elementType), containsNull: t.containsNull } };
    case 'map':
      return { map: { keyType: toProtoDataType(t.keyType), valueType: toProtoDataType(t.valueType), valueContainsNull: t.valueContainsNull } };
    case 'struct':
      return {
        struct: {
          fields: t.fields.map((f) => ({
            name: f.name,
            dataType: toProtoDataType(f.dataType),
            nullable: f.nullable,
            ...(f.metadata !== undefined ? { metadata: f.metadata } : {}),
          })),
        },
      };
    case 'day_time_interval':
      return { dayTimeInterval: { startField: t.startField, endField: t.endField } };
    case 'year_month_interval':
      return { yearMonthInterval: { startField: t.startField, endField: t.endField } };
    case 'time':
      return { time: { precision: t.precision } };
    case 'udt':
      return {
        udt: {
          type: 'udt',
          ...(t.jvmClass !== undefined ? { jvmClass: t.jvmClass } : {}),
          ...(t.sqlType ? { sqlType: toProtoDataType(t.sqlType) } : {}),
        },
      };
    case 'geometry':
    case 'geography':
      return { [t.kind]: { srid: t.srid } };
    case 'unparsed':
      return { unparsed: { dataTypeString: t.ddl } };
    default:
      return { [t.kind]: {} };
  }
}

/** The model of a data type the server sent (absent proto3 booleans are false). */
export function fromProtoDataType(p: ProtoDataType__Output): DataType {
  switch (p.kind) {
    case 'null':
      return DataTypes.null;
    case 'binary':
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
    case 'date':
    case 'timestamp':
    case 'variant':
      return DataTypes[p.kind];
    case 'timestampNtz':
      return DataTypes.timestampNtz;
    case 'calendarInterval':
      return DataTypes.calendarInterval;
    case 'decimal':
      return { kind: 'decimal', precision: p.decimal?.precision ?? 10, scale: p.decimal?.scale ?? 0 };
    case 'char':
      return { kind: 'char', length: p.char?.length ?? 0 };
    case 'varChar':
      return { kind: 'varchar', length: p.varChar?.length ?? 0 };
    case 'array':
      return DataTypes.array(fromProtoDataType(required(p.array?.elementType, 'array element type')), p.array?.containsNull ?? false);
    case 'map':
      return DataTypes.map(
        fromProtoDataType(required(p.map?.keyType, 'map key type')),
        fromProtoDataType(required(p.map?.valueType, 'map value type')),
        p.map?.valueContainsNull ?? false,
      );
    case 'struct':
      return DataTypes.struct(
        (p.struct?.fields ?? []).map((f) => ({
          name: f.name ?? '',
          dataType: fromProtoDataType(required(f.dataType, `type of field ${f.name}`)),
          nullable: f.nullable ?? false,
          ...(f.metadata !== undefined ? { metadata: f.metadata } : {}),
        })),
      );
    case 'dayTimeInterval':
      return DataTypes.dayTimeInterval(p.dayTimeInterval?.startField ?? 0, p.dayTimeInterval?.endField ?? 3);
    case 'yearMonthInterval':
      return DataTypes.yearMonthInterval(p.yearMonthInterval?.startField ?? 0, p.yearMonthInterval?.endField ?? 1);
    case 'time':
      return DataTypes.time(p.time?.precision ?? 6);
    case 'udt':
      return {
        kind: 'udt',
        ...(p.udt?.jvmClass ? { jvmClass: p.udt.jvmClass } : {}),
        ...(p.udt?.sqlType ? { sqlType: fromProtoDataType(p.udt.sqlType) } : {}),
      };
    case 'geometry':
    case 'geography':
      return { kind: p.kind, srid: p[p.kind]?.srid ?? 0 };
    case 'unparsed':
      return DataTypes.parse(p.unparsed?.dataTypeString ?? '');
    default:
      throw new InvalidArgumentError('dataType', 'a Spark data type this client knows', p.kind);
  }
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new InvalidArgumentError('dataType', `a ${what}`, value);
  return value;
}

/** Whether a type is numeric (byte, short, integer, long, float, double, decimal). */
export function isNumeric(t: DataType): boolean {
  return ['byte', 'short', 'integer', 'long', 'float', 'double', 'decimal'].includes(t.kind);
}
