export { SparkSession, setLocalTokenLookup, type ConnectOptions, type LocalTokenLookup, type SqlArgs } from './session.js';
export { DataFrame, type ActionOptions, type ExplainMode, type JoinHow, type ShowOptions } from './dataframe.js';
export { GroupedData } from './grouped.js';
export { DataFrameReader } from './reader.js';
export { DataFrameWriter } from './writer.js';
export { RuntimeConfig } from './conf.js';
export type { JavaFunctionSpec } from './udf.js';
export type { OptionValue } from './options.js';
export { Column, type ColumnOrName, type ColumnOrValue } from './plan/column.js';
export * from './plan/functions.js';
export type { ColumnOrNumber } from './plan/functions/shared.js';
export { Window, WindowSpec } from './plan/window.js';
export type { LiteralValue, NumericTypedArray } from './plan/literals.js';
export { DataTypes, simpleString, sqlString, toDDL, isNumeric } from './plan/types.js';
export type {
  DataType,
  AtomicKind,
  AtomicType,
  DecimalType,
  CharType,
  ArrayType,
  MapType,
  StructField,
  StructType,
  DayTimeIntervalType,
  YearMonthIntervalType,
  TimeType,
  UserDefinedType,
  SpatialType,
  UnparsedType,
} from './plan/types.js';
export { StorageLevels, type StorageLevel } from './plan/storage.js';
export type { SaveMode } from './plan/commands.js';
export { binaryColumn, listChunks, listColumn, numericColumn, type BinaryColumn, type ListChunkView, type ListColumn, type NumericColumn, type NumericArray } from './arrow/columns.js';
export { SparkConnectError, SparkConnectionError, SparkInterruptedError, SparkClientError, SparkAuthenticationError, SparkSessionLostError } from './errors.js';
export type { SparkErrorInfo, SparkStackFrame } from './errors.js';
export { parseConnectUrl, redactConnectUrl, type ConnectionOptions } from './transport/url.js';
export type { Row, Value } from './arrow/rows.js';
export type { ProgressEvent, StageProgress, ExecuteOptions } from './transport/execute.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, type RetryEvent } from './transport/retry.js';
export { InvalidArgumentError } from '../common/errors.js';
export type { DataInput, ColumnData, ListInput, CellValue, RowData } from './upload/arrow-build.js';
export * from './ml/index.js';
