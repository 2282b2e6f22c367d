/**
 * JavaScript values → Spark literal expressions.
 *
 * Inference (`lit(value)`):
 * - `number`: `int` when it is an integer within 32 bits, `bigint` (Spark's
 *   long) when it is a larger safe integer, otherwise `double`. JavaScript
 *   cannot tell `1.0` from `1`: ask for a double with `doubleLit(1)` or
 *   `typedLit(1, DataTypes.double)`.
 * - `bigint` → long (must fit in 64 bits); `string` → string; `boolean`;
 *   `Date` → timestamp (use `dateLit` for a date); `Uint8Array` → binary;
 *   `null` → a null of type void.
 * - Typed arrays → arrays without nulls: Float64Array → `array<double>`,
 *   Float32Array → `array<float>`, Int32Array/Uint16Array → `array<int>`,
 *   Int16Array/Uint8ClampedArray → `array<smallint>`, Int8Array → `array<tinyint>`,
 *   Uint32Array/BigInt64Array → `array<bigint>`.
 * - Arrays → `array<T>` with T widened over all non-null elements
 *   (int → bigint → double); `Map` → `map<K,V>`; plain objects → structs.
 *   Empty or all-null arrays carry no type: use `typedLit`.
 *
 * Every element becomes one protocol message: large numeric data belongs in
 * `createDataFrame`, not in a literal.
 */
import { InvalidArgumentError, describe } from '../../common/errors.js';
import type { Expression, Literal } from './proto.js';
import { DataTypes, simpleString, toProtoDataType, type DataType } from './types.js';

export type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint32Array
  | Uint16Array
  | Uint8ClampedArray
  | BigInt64Array;

export type LiteralValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | NumericTypedArray
  | readonly LiteralValue[]
  | ReadonlyMap<LiteralValue, LiteralValue>
  | { readonly [field: string]: LiteralValue };

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const MS_PER_DAY = 86_400_000;

function typedArrayElement(v: ArrayBufferView): DataType | undefined {
  if (v instanceof Float64Array) return DataTypes.double;
  if (v instanceof Float32Array) return DataTypes.float;
  if (v instanceof Int32Array || v instanceof Uint16Array) return DataTypes.integer;
  if (v instanceof Int16Array || v instanceof Uint8ClampedArray) return DataTypes.short;
  if (v instanceof Int8Array) return DataTypes.byte;
  if (v instanceof Uint32Array || v instanceof BigInt64Array) return DataTypes.long;
  return undefined;
}

function isPlainObject(v: unknown): v is { readonly [field: string]: LiteralValue } {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const NUMERIC_RANK: Partial<Record<DataType['kind'], number>> = { byte: 0, short: 1, integer: 2, long: 3, float: 4, double: 5 };

/** The narrowest type that holds both, or undefined when they do not mix. */
function widen(a: DataType, b: DataType): DataType | undefined {
  const ra = NUMERIC_RANK[a.kind];
  const rb = NUMERIC_RANK[b.kind];
  if (ra !== undefined && rb !== undefined) return ra >= rb ? a : b;
  if (a.kind === 'array' && b.kind === 'array') {
    const e = widen(a.elementType, b.elementType);
    return e && DataTypes.array(e, a.containsNull || b.containsNull);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = widen(a.keyType, b.keyType);
    const v = widen(a.valueType, b.valueType);
    return k && v && DataTypes.map(k, v, a.valueContainsNull || b.valueContainsNull);
  }
  return simpleString(a) === simpleString(b) ? a : undefined;
}

function commonType(values: Iterable<LiteralValue>, argument: string): { type: DataType; hasNull: boolean } {
  let type: DataType | undefined;
  let hasNull = false;
  for (const v of values) {
    if (v === null) {
      hasNull = true;
      continue;
    }
    const t = inferType(v, argument);
    const merged = type === undefined ? t : widen(type, t);
    if (merged === undefined) {
      throw new InvalidArgumentError(argument, `elements of one type (found ${simpleString(type!)} and ${simpleString(t)})`, v);
    }
    type = merged;
  }
  if (type === undefined) throw new InvalidArgumentError(argument, 'a non-null element to infer the element type from (or use typedLit with a type)', [...values]);
  return { type, hasNull };
}

/** The Spark type `lit` gives a value (see the module comment). */
export function inferType(value: LiteralValue, argument = 'value'): DataType {
  if (value === null) return DataTypes.null;
  switch (typeof value) {
    case 'boolean':
      return DataTypes.boolean;
    case 'string':
      return DataTypes.string;
    case 'bigint':
      return DataTypes.long;
    case 'number':
      if (Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX) return DataTypes.integer;
      if (Number.isSafeInteger(value)) return DataTypes.long;
      return DataTypes.double;
  }
  if (value instanceof Date) return DataTypes.timestamp;
  if (value instanceof Uint8Array) return DataTypes.binary;
  if (ArrayBuffer.isView(value)) {
    const element = typedArrayElement(value);
    if (!element) throw new InvalidArgumentError(argument, 'a typed array of numbers', value);
    return DataTypes.array(element, false);
  }
  if (Array.isArray(value)) {
    const { type, hasNull } = commonType(value as readonly LiteralValue[], argument);
    return DataTypes.array(type, hasNull);
  }
  if (value instanceof Map) {
    const keys = commonType(value.keys(), argument);
    if (keys.hasNull) throw new InvalidArgumentError(argument, 'a Map without null keys', value);
    const values = commonType(value.values(), argument);
    return DataTypes.map(keys.type, values.type, values.hasNull);
  }
  if (isPlainObject(value)) {
    return DataTypes.struct(Object.entries(value).map(([name, v]) => DataTypes.field(name, inferType(v, `${argument}.${name}`), true)));
  }
  throw new InvalidArgumentError(argument, 'a literal value (number, bigint, string, boolean, Date, null, array, typed array, Map or plain object)', value);
}

function expectInteger(value: LiteralValue, min: number, max: number, argument: string, typeName: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(argument, `an integer in ${min}..${max} for ${typeName}`, value);
  }
  return value;
}

function toLong(value: LiteralValue, argument: string): string {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
  else throw new InvalidArgumentError(argument, 'a bigint or a safe integer for bigint', value);
  if (big < LONG_MIN || big > LONG_MAX) throw new InvalidArgumentError(argument, 'a value within 64 bits', value);
  return big.toString();
}

function toMicros(value: LiteralValue, argument: string): string {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new InvalidArgumentError(argument, 'a valid Date', value);
    return (BigInt(ms) * 1000n).toString();
  }
  if (typeof value === 'bigint') return toLong(value, argument);
  throw new InvalidArgumentError(argument, 'a Date, or a bigint of microseconds since the epoch', value);
}

function toDays(value: LiteralValue, argument: string): number {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return Math.floor(value.getTime() / MS_PER_DAY);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (!Number.isNaN(ms)) return ms / MS_PER_DAY;
  }
  throw new InvalidArgumentError(argument, "a Date (its UTC day) or a 'YYYY-MM-DD' string for date", value);
}

function elementsOf(value: LiteralValue, argument: string): Iterable<LiteralValue> {
  if (Array.isArray(value)) return value as readonly LiteralValue[];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return value as unknown as Iterable<LiteralValue>;
  throw new InvalidArgumentError(argument, 'an array or typed array', value);
}

/** The protocol literal for `value` as type `type`; throws InvalidArgumentError naming `argument` when they do not fit. */
export function toLiteral(value: LiteralValue, type: DataType, argument = 'value'): Literal {
  if (value === null) return { null: toProtoDataType(type) };
  switch (type.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, 'a boolean', value);
      return { boolean: value };
    case 'byte':
      return { byte: expectInteger(value, -128, 127, argument, 'tinyint') };
    case 'short':
      return { short: expectInteger(value, -32768, 32767, argument, 'smallint') };
    case 'integer':
      return { integer: expectInteger(value, INT_MIN, INT_MAX, argument, 'int') };
    case 'long':
      return { long: toLong(value, argument) };
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw new InvalidArgumentError(argument, `a number for ${type.kind}`, value);
      return { [type.kind]: value };
    case 'decimal':
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') {
        throw new InvalidArgumentError(argument, 'a decimal as string, number or bigint', value);
      }
      return { decimal: { value: String(value), precision: type.precision, scale: type.scale } };
    case 'string':
      if (typeof value !== 'string') throw new InvalidArgumentError(argument, 'a string', value);
      return { string: value };
    case 'binary':
      if (!(value instanceof Uint8Array)) throw new InvalidArgumentError(argument, 'a Uint8Array for binary', value);
      return { binary: value };
    case 'date':
      return { date: toDays(value, argument) };
    case 'timestamp':
      return { timestamp: toMicros(value, argument) };
    case 'timestamp_ntz':
      return { timestampNtz: toMicros(value, argument) };
    case 'day_time_interval':
      return { dayTimeInterval: toLong(value, argument), dataType: toProtoDataType(type) };
    case 'year_month_interval':
      return { yearMonthInterval: expectInteger(value, INT_MIN, INT_MAX, argument, 'months'), dataType: toProtoDataType(type) };
    case 'array': {
      const elements: Literal[] = [];
      let i = 0;
      for (const e of elementsOf(value, argument)) elements.push(toLiteral(e, type.elementType, `${argument}[${i++}]`));
      // dataType is how Spark 4.1+ reads the type; 4.0 reads only the per-kind (now deprecated) fields.
      return { array: { elements, elementType: toProtoDataType(type.elementType) }, dataType: toProtoDataType(type) };
    }
    case 'map': {
      if (!(value instanceof Map)) throw new InvalidArgumentError(argument, 'a Map', value);
      const keys: Literal[] = [];
      const values: Literal[] = [];
      for (const [k, v] of value as ReadonlyMap<LiteralValue, LiteralValue>) {
        keys.push(toLiteral(k, type.keyType, `${argument} key`));
        values.push(toLiteral(v, type.valueType, `${argument}.get(${describe(k)})`));
      }
      return { map: { keys, values, keyType: toProtoDataType(type.keyType), valueType: toProtoDataType(type.valueType) }, dataType: toProtoDataType(type) };
    }
    case 'struct': {
      const get = (name: string, i: number): LiteralValue => {
        if (Array.isArray(value)) return (value as readonly LiteralValue[])[i] ?? null;
        if (isPlainObject(value)) return value[name] ?? null;
        throw new InvalidArgumentError(argument, 'a plain object or an array of field values for struct', value);
      };
      const elements = type.fields.map((f, i) => toLiteral(get(f.name, i), f.dataType, `${argument}.${f.name}`));
      return { struct: { elements, structType: toProtoDataType(type) }, dataType: toProtoDataType(type) };
    }
    default:
      throw new InvalidArgumentError(argument, `a type that literals support (not ${simpleString(type)})`, value);
  }
}

/** A literal expression; the type is inferred when not given. */
export function literalExpression(value: LiteralValue, type?: DataType, argument = 'value'): Expression {
  return { literal: toLiteral(value, type ?? inferType(value, argument), argument) };
}
