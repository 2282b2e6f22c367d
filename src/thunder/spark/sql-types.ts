/**
 * How each dtype is stored in Spark. Spark has no unsigned types, so unsigned values take the next
 * wider signed type (uint8 → smallint, uint16 → int): exact, and half or a quarter of array<double>
 * on the wire and in memory. The dtype itself stays on the driver.
 */
import type { DType } from '../../common/ndarray.js';

const ELEMENT: Record<DType, string> = {
  uint8: 'SMALLINT',
  int16: 'SMALLINT',
  uint16: 'INT',
  int32: 'INT',
  float32: 'FLOAT',
  float64: 'DOUBLE',
};

/** The Spark SQL element type that holds every value of `dtype` exactly. */
export function sqlElementType(dtype: DType): string {
  return ELEMENT[dtype];
}

/** `array` (SQL text, any numeric element type) converted to the storage type of `dtype`. */
export function castArrayTo(array: string, dtype: DType): string {
  return `CAST(${array} AS ARRAY<${ELEMENT[dtype]}>)`;
}

/** `array` (SQL text) as array<double>; a no-op for float64 storage. */
export function asDoubles(array: string, dtype: DType): string {
  return dtype === 'float64' ? array : `CAST(${array} AS ARRAY<DOUBLE>)`;
}
