/**
 * thunder-connect: Thunder-style neuroimaging analysis on Apache Spark over Spark Connect.
 *
 * The subpath exports are the main entry points (`thunder-connect/connect`,
 * `/thunder`, `/viz`, `/runtime`); this root re-exports the pieces most
 * scripts start with, plus each layer as a namespace.
 */
export { SparkSession, SparkConnectError, SparkConnectionError, SparkInterruptedError } from './connect/index.js';
export { images, series, Images, Series, NDArray } from './thunder/index.js';
export { Report } from './viz/index.js';
export { startSpark, stopSpark } from './runtime/index.js';
export { InvalidArgumentError, DataFormatError } from './common/errors.js';
export * as connect from './connect/index.js';
export * as thunder from './thunder/index.js';
export * as viz from './viz/index.js';
export * as runtime from './runtime/index.js';
