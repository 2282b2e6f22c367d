// Registers the run-file token lookup with SparkSession.connect() (see local-token.ts).
import './local-token.js';
export { fetchSpark, isSparkFetched } from './fetch.js';
export { startSpark, stopSpark, sparkStatus, readInstance, livePids, executors, masterJson } from './launch.js';
export type { StartOptions, SparkInstance, InstanceRecord, ProcessRecord, Topology, ExecutorSummary } from './launch.js';
export { findJava, findMaven } from './java.js';
export { SparkRuntimeError } from './errors.js';
export { SPARK_VERSION, sparkHome, runtimeDir } from './paths.js';
export { buildKernels, builtKernelsJar } from './kernels.js';
