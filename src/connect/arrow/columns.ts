/**
 * Numeric columns of an Arrow result as typed arrays, without a JavaScript
 * object per value (the path Images/Series `toArray` take).
 *
 * - One record batch: the typed arrays view the Arrow buffers (zero-copy).
 * - Several batches: one contiguous copy per buffer.
 *
 * Nulls are not represented in the values: a null number reads as whatever
 * the buffer holds (Spark writes 0) and a null list as an empty one. The
 * null counts say whether that matters; filter nulls in Spark when it does.
 */
import { DataType as ArrowType, Type, type Data, type Table } from 'apache-arrow';
import { InvalidArgumentError } from '../../common/errors.js';

export type NumericArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

export interface NumericColumn<T extends NumericArray = NumericArray> {
  readonly values: T;
  readonly length: number;
  readonly nullCount: number;
}

export interface ListColumn<T extends NumericArray = NumericArray> {
  /** All elements of all rows, row after row. */
  readonly values: T;
  /** Row i is `values.subarray(offsets[i], offsets[i + 1])`; `offsets[0]` is 0, `offsets[length]` is `values.length`. */
  readonly offsets: Int32Array;
  /** Number of rows. */
  readonly length: number;
  /** Null rows (they read as empty). */
  readonly nullCount: number;
  /** Null elements (they read as 0). */
  readonly valueNullCount: number;
}

type TypedArrayConstructor = { new (length: number): NumericArray };

const NUMERIC_TYPES = new Set<Type>([Type.Int, Type.Float]);

function chunksOf(table: Table, name: string, argument: string): Data[] {
  const vector = table.getChild(name);
  if (!vector) {
    const names = table.schema.fields.map((f) => f.name).join(', ');
    throw new InvalidArgumentError(argument, `a column of the table (${names})`, name);
  }
  return vector.data as Data[];
}

function numericValues(data: Data, argument: string): NumericArray {
  if (!NUMERIC_TYPES.has(data.type.typeId) || (ArrowType.isFloat(data.type) && data.type.precision === 0)) {
    throw new InvalidArgumentError(argument, 'a numeric column (integers, float or double)', String(data.type));
  }
  return data.values as NumericArray;
}

function emptyLike(type: ArrowType): NumericArray {
  const ctor = (type as unknown as { ArrayType: TypedArrayConstructor }).ArrayType;
  return new ctor(0);
}

/** Concatenates pieces of the same typed array kind into one new array. */
function concat(pieces: readonly NumericArray[], total: number, like: NumericArray): NumericArray {
  const out = new (like.constructor as TypedArrayConstructor)(total);
  let at = 0;
  for (const p of pieces) {
    (out as Float64Array).set(p as Float64Array, at);
    at += p.length;
  }
  return out;
}

/**
 * A scalar numeric column (`int`, `bigint`, `double`...) as one typed array
 * of the Arrow type's kind: Float64Array for double, BigInt64Array for bigint, and so on.
 */
export function numericColumn(table: Table, name: string): NumericColumn {
  const argument = 'numericColumn(name)';
  const chunks = chunksOf(table, name, argument);
  const field = table.schema.fields.find((f) => f.name === name)!;
  if (chunks.length === 0) return { values: emptyLike(field.type), length: 0, nullCount: 0 };
  const pieces = chunks.map((d) => numericValues(d, argument).subarray(0, d.length) as NumericArray);
  const nullCount = chunks.reduce((n, d) => n + d.nullCount, 0);
  const length = table.numRows;
  const values = pieces.length === 1 ? pieces[0]! : concat(pieces, length, pieces[0]!);
  return { values, length, nullCount };
}

interface ListChunk {
  readonly rows: number;
  /** Offsets of this chunk's rows into `child` (length rows + 1). */
  readonly offsets: ArrayLike<number | bigint>;
  readonly child: Data;
  readonly nullCount: number;
}

function listChunk(data: Data, argument: string): ListChunk {
  const t = data.type;
  if (t.typeId === Type.FixedSizeList) {
    const size = (t as unknown as { listSize: number }).listSize;
    const offsets = Int32Array.from({ length: data.length + 1 }, (_, i) => i * size);
    return { rows: data.length, offsets, child: data.children[0]!, nullCount: data.nullCount };
  }
  if (t.typeId === Type.List || t.typeId === Type.LargeList) {
    return { rows: data.length, offsets: data.valueOffsets as ArrayLike<number | bigint>, child: data.children[0]!, nullCount: data.nullCount };
  }
  throw new InvalidArgumentError(argument, 'a column of numeric arrays (array<double>, array<float>, array<int>...)', String(t));
}

/** Rows of variable length over one element buffer per chunk, joined into one buffer and one offsets array. */
interface RowsChunk {
  readonly rows: number;
  readonly offsets: ArrayLike<number | bigint>;
  /** The chunk's whole element buffer (rows index into it from offsets[0]). */
  readonly elements: NumericArray;
}

function joinRows(chunks: readonly RowsChunk[], argument: string): { values: NumericArray; offsets: Int32Array; length: number } {
  const length = chunks.reduce((n, c) => n + c.rows, 0);
  const pieces: NumericArray[] = [];
  let total = 0;
  for (const c of chunks) {
    const begin = Number(c.offsets[0]);
    const end = Number(c.offsets[c.rows]);
    pieces.push(c.elements.subarray(begin, end) as NumericArray);
    total += end - begin;
  }
  if (total > 2 ** 31 - 1) throw new InvalidArgumentError(argument, 'at most 2^31-1 elements in all', total);
  const only = chunks.length === 1 ? chunks[0]! : undefined;
  if (only && only.offsets instanceof Int32Array && only.offsets[0] === 0) {
    return { values: pieces[0]!, offsets: only.offsets.subarray(0, length + 1), length };
  }
  const offsets = new Int32Array(length + 1);
  let row = 0;
  let base = 0;
  for (const c of chunks) {
    const begin = Number(c.offsets[0]);
    for (let i = 1; i <= c.rows; i++) offsets[row + i] = base + Number(c.offsets[i]) - begin;
    row += c.rows;
    base = offsets[row]!;
  }
  const values = pieces.length === 1 ? pieces[0]! : concat(pieces, total, pieces[0]!);
  return { values, offsets, length };
}

/** One record batch's rows of a list column: row i is `values.subarray(offsets[i], offsets[i + 1])`. */
export interface ListChunkView<T extends NumericArray = NumericArray> {
  /** The batch's element buffer, viewed (rows index into it from offsets[0], not necessarily 0). */
  readonly values: T;
  /** length + 1 offsets into `values`. */
  readonly offsets: ArrayLike<number | bigint>;
  /** Number of rows in this batch. */
  readonly length: number;
}

/**
 * A column of numeric arrays batch by batch, as views of the Arrow buffers:
 * no copy at all, for a consumer that writes each row to its final place
 * anyway (Series/Images `toArray`); `listColumn` joins them into one array.
 * Nulls read as in `listColumn`.
 */
export function listChunks(table: Table, name: string): ListChunkView[] {
  const argument = 'listChunks(name)';
  return chunksOf(table, name, argument).map((d) => {
    const c = listChunk(d, argument);
    return { values: numericValues(c.child, argument), offsets: c.offsets, length: c.rows };
  });
}

/**
 * A column of numeric arrays (`array<double>`, `array<float>`, `array<int>`,
 * ...) as one typed array of all elements plus row offsets.
 */
export function listColumn(table: Table, name: string): ListColumn {
  const argument = 'listColumn(name)';
  const chunks = chunksOf(table, name, argument).map((d) => listChunk(d, argument));
  if (chunks.length === 0) {
    const field = table.schema.fields.find((f) => f.name === name)!;
    const childType = field.type.children?.[0]?.type;
    if (!childType || !NUMERIC_TYPES.has(childType.typeId)) throw new InvalidArgumentError(argument, 'a column of numeric arrays', String(field.type));
    return { values: emptyLike(childType), offsets: new Int32Array(1), length: 0, nullCount: 0, valueNullCount: 0 };
  }
  const nullCount = chunks.reduce((n, c) => n + c.nullCount, 0);
  // The child's null count covers all of its elements; that is these rows' elements unless the list was sliced.
  const valueNullCount = chunks.reduce((n, c) => n + c.child.nullCount, 0);
  const joined = joinRows(
    chunks.map((c) => ({ rows: c.rows, offsets: c.offsets, elements: numericValues(c.child, argument) })),
    argument,
  );
  return { ...joined, nullCount, valueNullCount };
}

export interface BinaryColumn {
  /** All bytes of all rows, row after row. */
  readonly values: Uint8Array;
  /** Row i is `values.subarray(offsets[i], offsets[i + 1])`. */
  readonly offsets: Int32Array;
  readonly length: number;
  /** Null rows (they read as empty). */
  readonly nullCount: number;
}

/** A `binary` column as one byte array plus row offsets (a view of the Arrow buffer for one batch). */
export function binaryColumn(table: Table, name: string): BinaryColumn {
  const argument = 'binaryColumn(name)';
  const chunks = chunksOf(table, name, argument);
  for (const d of chunks) {
    if (d.type.typeId !== Type.Binary) throw new InvalidArgumentError(argument, 'a binary column', String(d.type));
  }
  if (chunks.length === 0) return { values: new Uint8Array(0), offsets: new Int32Array(1), length: 0, nullCount: 0 };
  const joined = joinRows(
    chunks.map((d) => ({ rows: d.length, offsets: d.valueOffsets as Int32Array, elements: d.values as Uint8Array })),
    argument,
  );
  return { values: joined.values as Uint8Array, offsets: joined.offsets, length: joined.length, nullCount: chunks.reduce((n, d) => n + d.nullCount, 0) };
}
