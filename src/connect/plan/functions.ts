/**
 * SQL functions over Columns, named as PySpark's `pyspark.sql.functions` in
 * camelCase (`countDistinct`, `stddevPop`, `zipWith`, `rowNumber`). One
 * convention only: the snake_case SQL names are reachable through
 * `callFunction('stddev_pop', 'v')`, which also covers every function not
 * listed here. Where a parameter is a column, a string is a column name; use
 * `lit` for string values.
 */
export * from './functions/core.js';
export * from './functions/math.js';
export * from './functions/aggregate.js';
export * from './functions/array.js';
export * from './functions/lambda.js';
export * from './functions/ranking.js';
export * from './functions/string.js';
