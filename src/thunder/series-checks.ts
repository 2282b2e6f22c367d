/** Run-time checks of Series arguments that several methods share. */
import { InvalidArgumentError } from '../common/errors.js';
import { DTYPES, type DType } from '../common/ndarray.js';

/** A dtype this package stores (uint8, uint16, int16, int32, float32, float64, int64, float16). */
export function checkDtype(dtype: unknown, argument: string): DType {
  if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype)) {
    throw new InvalidArgumentError(argument, `one of ${DTYPES.join(', ')}`, dtype);
  }
  return dtype as DType;
}

/** Thunder's axis argument of center/standardize/zscore: 1 within records, 0 across them. */
export function checkAxis(axis: unknown, argument: string): 0 | 1 {
  if (axis !== 0 && axis !== 1) throw new InvalidArgumentError(argument, '0 (across records) or 1 (within each record)', axis);
  return axis;
}
