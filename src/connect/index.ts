export { SparkSession, type ConnectOptions } from './session.js';
export { DataFrame, type ActionOptions } from './dataframe.js';
export { SparkConnectError, SparkConnectionError, SparkInterruptedError, SparkClientError } from './errors.js';
export type { SparkErrorInfo, SparkStackFrame } from './errors.js';
export { parseConnectUrl, type ConnectionOptions } from './transport/url.js';
export type { Row, Value } from './arrow/rows.js';
export type { ProgressEvent, StageProgress, ExecuteOptions } from './transport/execute.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './transport/retry.js';
