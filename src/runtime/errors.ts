/** Failures of the local Spark runtime tooling (fetching jars, starting and stopping JVMs). */
export class SparkRuntimeError extends Error {
  override readonly name = 'SparkRuntimeError';
}
