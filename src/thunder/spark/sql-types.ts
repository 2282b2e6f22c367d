/**
 * How each dtype is stored in Spark. Spark has no unsigned types, so unsigned values take the next
 * wider signed type (uint8 → smallint, uint16 → int): exact, and half or a quarter of array<double>
 * on the wire and in memory. int64 (integers within ±(2^53 − 1)) is double, float16 float. The dtype itself stays on the driver.
 */
import type { DType } from '../../common/ndarray.js';

const ELEMENT: Record<DType, string> = {
  uint8: 'SMALLINT',
  int16: 'SMALLINT',
  uint16: 'INT',
  int32: 'INT',
  float32: 'FLOAT',
  float64: 'DOUBLE',
  // Exact integers up to 2^53 − 1 as doubles: no bigint on the wire, and Spark sums them without
  // bigint overflow errors. Halves as floats (every half is a float).
  int64: 'DOUBLE',
  float16: 'FLOAT',
};

/** The Spark SQL element type that holds every value of `dtype` exactly. */
export function sqlElementType(dtype: DType): string {
  return ELEMENT[dtype];
}

/** `array` (SQL text, any numeric element type) converted to the storage type of `dtype`. */
export function castArrayTo(array: string, dtype: DType): string {
  return `CAST(${array} AS ARRAY<${ELEMENT[dtype]}>)`;
}

/** `array` (SQL text) as array<double>; a no-op for double storage (float64, int64). */
export function asDoubles(array: string, dtype: DType): string {
  return ELEMENT[dtype] === 'DOUBLE' ? array : `CAST(${array} AS ARRAY<DOUBLE>)`;
}
