/**
 * JavaScript values ⇄ the literals ML over Connect exchanges.
 *
 * Out (params and method arguments): booleans, strings, numbers (an integer that fits 32 bits
 * travels as int, any other number as double; the server converts to the param's declared type,
 * so `tol: 0` and `seed: 7` are fine), bigints (long), arrays of those, and `Float64Array` as a
 * dense ML vector.
 *
 * In (attributes and method results): scalars as JavaScript scalars (long → bigint when outside
 * the safe-integer range, else number), arrays as arrays (numeric specialized arrays as typed
 * arrays), ML vectors as `Float64Array` (sparse ones densified) and ML matrices as
 * `DenseMatrix` (row-major `Float64Array`, whatever the server's storage order).
 */
import { InvalidArgumentError, describe } from '../../common/errors.js';
import type { _spark_connect_Expression_Literal as Literal, _spark_connect_Expression_Literal__Output as LiteralOut } from '../proto/spark/connect/Expression.js';
import type { MlParams as ProtoMlParams } from '../proto/spark/connect/MlParams.js';
import { SparkConnectError } from '../errors.js';

/** A dense matrix in row-major order (`values[r * numCols + c]`). */
export interface DenseMatrix {
  readonly numRows: number;
  readonly numCols: number;
  readonly values: Float64Array;
}

export type MlParamValue = boolean | number | bigint | string | Float64Array | readonly (boolean | number | string)[];
export type MlParams = Readonly<Record<string, MlParamValue>>;

export type MlValue = null | boolean | number | bigint | string | Float64Array | Int32Array | DenseMatrix | MlValue[] | { readonly [field: string]: MlValue };

const VECTOR_UDT = 'org.apache.spark.ml.linalg.VectorUDT';
const MATRIX_UDT = 'org.apache.spark.ml.linalg.MatrixUDT';
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** A dense ML vector as the server reads it: a struct literal typed by VectorUDT (type 1 = dense). */
export function denseVectorLiteral(values: Float64Array): Literal {
  const nullLit: Literal = { null: { null: {} } };
  return {
    struct: {
      // The server reads the UDT from the (deprecated) struct_type field, not from data_type.
      structType: { udt: { type: 'udt', jvmClass: VECTOR_UDT } },
      elements: [{ byte: 1 }, nullLit, nullLit, { specializedArray: { doubles: { values: Array.from(values) } } }],
    },
  };
}

function scalarLiteral(v: unknown, argument: string): Literal {
  if (typeof v === 'boolean') return { boolean: v };
  if (typeof v === 'string') return { string: v };
  if (typeof v === 'bigint') return { long: String(v) };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw new InvalidArgumentError(argument, 'a number (not NaN)', v);
    return Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX ? { integer: v } : { double: v };
  }
  throw new InvalidArgumentError(argument, 'a boolean, number, bigint or string', v);
}

export function toMlLiteral(v: MlParamValue, argument: string): Literal {
  if (v instanceof Float64Array) return denseVectorLiteral(v);
  if (Array.isArray(v)) {
    const items = v as readonly unknown[];
    if (items.every((x) => typeof x === 'number')) {
      const nums = items as readonly number[];
      return nums.every((x) => Number.isInteger(x) && x >= INT_MIN && x <= INT_MAX)
        ? { specializedArray: { ints: { values: [...nums] } } }
        : { specializedArray: { doubles: { values: [...nums] } } };
    }
    if (items.every((x) => typeof x === 'string')) return { specializedArray: { strings: { values: [...(items as string[])] } } };
    if (items.every((x) => typeof x === 'boolean')) return { specializedArray: { bools: { values: [...(items as boolean[])] } } };
    throw new InvalidArgumentError(argument, 'an array of numbers, of strings or of booleans', v);
  }
  return scalarLiteral(v, argument);
}

export function toMlParams(params: MlParams, where: string): ProtoMlParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new InvalidArgumentError(`${where}(params)`, 'an object of param values', params);
  const out: Record<string, Literal> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out[name] = toMlLiteral(value, `${where}(params.${name})`);
  }
  return { params: out };
}

function malformed(what: string): SparkConnectError {
  return new SparkConnectError(`the server sent a malformed ML result: ${what}`, { messageParameters: {}, exceptionClasses: [] }, 13);
}

function doublesOf(l: LiteralOut | undefined): Float64Array {
  const v = l?.specializedArray?.doubles?.values;
  if (v) return Float64Array.from(v);
  if (l?.array) return Float64Array.from(l.array.elements ?? [], (e) => Number(fromMlLiteral(e)));
  if (l?.literalType === 'null' || l === undefined) return new Float64Array(0);
  throw malformed('expected an array of doubles');
}

function intsOf(l: LiteralOut | undefined): Int32Array {
  const v = l?.specializedArray?.ints?.values;
  if (v) return Int32Array.from(v);
  if (l?.array) return Int32Array.from(l.array.elements ?? [], (e) => Number(fromMlLiteral(e)));
  return new Int32Array(0);
}

function udtClass(l: LiteralOut): string | undefined {
  return l.struct?.structType?.udt?.jvmClass ?? l.dataType?.udt?.jvmClass ?? undefined;
}

function decodeVector(elements: readonly LiteralOut[]): Float64Array {
  if (elements.length !== 4) throw malformed(`a vector with ${elements.length} fields`);
  const values = doublesOf(elements[3]);
  if (elements[0]?.byte === 1) return values;
  const size = elements[1]?.integer ?? 0;
  const indices = intsOf(elements[2]);
  const dense = new Float64Array(size);
  for (let i = 0; i < indices.length; i++) dense[indices[i]!] = values[i]!;
  return dense;
}

function decodeMatrix(elements: readonly LiteralOut[]): DenseMatrix {
  if (elements.length !== 7) throw malformed(`a matrix with ${elements.length} fields`);
  const numRows = elements[1]?.integer ?? 0;
  const numCols = elements[2]?.integer ?? 0;
  const values = doublesOf(elements[5]);
  const transposed = elements[6]?.boolean === true;
  const out = new Float64Array(numRows * numCols);
  if (elements[0]?.byte === 1) {
    // Dense storage is column-major unless transposed (then row-major).
    if (transposed) out.set(values.subarray(0, out.length));
    else for (let c = 0; c < numCols; c++) for (let r = 0; r < numRows; r++) out[r * numCols + c] = values[c * numRows + r]!;
  } else {
    // Sparse: CSC, or CSR when transposed.
    const ptrs = intsOf(elements[3]);
    const idx = intsOf(elements[4]);
    const major = transposed ? numRows : numCols;
    for (let m = 0; m < major; m++) {
      for (let p = ptrs[m]!; p < ptrs[m + 1]!; p++) {
        const [r, c] = transposed ? [m, idx[p]!] : [idx[p]!, m];
        out[r * numCols + c] = values[p]!;
      }
    }
  }
  return { numRows, numCols, values: out };
}

export function fromMlLiteral(l: LiteralOut): MlValue {
  switch (l.literalType) {
    case 'null':
    case undefined:
      return null;
    case 'boolean':
      return l.boolean ?? false;
    case 'byte':
      return l.byte ?? 0;
    case 'short':
      return l.short ?? 0;
    case 'integer':
      return l.integer ?? 0;
    case 'long': {
      const big = BigInt(l.long ?? '0');
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case 'float':
      return l.float ?? 0;
    case 'double':
      return l.double ?? 0;
    case 'string':
      return l.string ?? '';
    case 'array':
      return (l.array?.elements ?? []).map(fromMlLiteral);
    case 'specializedArray': {
      const s = l.specializedArray;
      if (s?.doubles) return Float64Array.from(s.doubles.values ?? []);
      if (s?.floats) return Float64Array.from(s.floats.values ?? []);
      if (s?.ints) return Int32Array.from(s.ints.values ?? []);
      if (s?.longs) return (s.longs.values ?? []).map((x) => fromMlLiteral({ long: String(x), literalType: 'long' }));
      if (s?.strings) return [...(s.strings.values ?? [])];
      if (s?.bools) return [...(s.bools.values ?? [])];
      return [];
    }
    case 'struct': {
      const elements = l.struct?.elements ?? [];
      const udt = udtClass(l);
      if (udt === VECTOR_UDT) return decodeVector(elements);
      if (udt === MATRIX_UDT) return decodeMatrix(elements);
      const names = l.struct?.structType?.struct?.fields?.map((f) => f.name ?? '') ?? l.dataType?.struct?.fields?.map((f) => f.name ?? '') ?? [];
      return Object.fromEntries(elements.map((e, i) => [names[i] || `_${i + 1}`, fromMlLiteral(e)]));
    }
    default:
      throw malformed(`an unsupported literal (${describe(l.literalType)})`);
  }
}
