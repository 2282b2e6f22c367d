/**
 * Conversions between SQL arrays and ML vectors. MLlib estimators read a vector column
 * (`features`); Spark Connect keeps data in `array<double>`. Both functions live in the server's
 * internal function registry (registered by spark-mllib), which `callFunction` does not search,
 * so they are sent as unresolved functions.
 */
import { InvalidArgumentError } from '../../common/errors.js';
import { Column, columnExpr, type ColumnOrName } from '../plan/column.js';
import { fn } from '../plan/expressions.js';
import { literalExpression } from '../plan/literals.js';

/** `array<numeric>` → dense ML vector (nulls are not allowed by the server). */
export function arrayToVector(col: ColumnOrName): Column {
  return new Column(fn('array_to_vector', [columnExpr(col, 'arrayToVector(col)')]));
}

/** ML vector (dense or sparse) → `array<double>` (or `array<float>` with dtype 'float32'). */
export function vectorToArray(col: ColumnOrName, dtype: 'float64' | 'float32' = 'float64'): Column {
  if (dtype !== 'float64' && dtype !== 'float32') throw new InvalidArgumentError('vectorToArray(dtype)', "'float64' or 'float32'", dtype);
  return new Column(fn('vector_to_array', [columnExpr(col, 'vectorToArray(col)'), literalExpression(dtype)]));
}
