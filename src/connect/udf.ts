/**
 * `spark.udf`: registering JVM functions that the session has on its class path (built into the
 * server, or uploaded with `spark.addJar`). PySpark's `registerJavaFunction` / `registerJavaUDAF`.
 *
 * Spark Connect refuses a Java UDF used inline in an expression; it has to be registered by name
 * first and then called with `callFunction(name, ...)`. Registering the same name again replaces
 * the earlier function in this session only. The declared return type is not checked against the
 * class at registration: a mismatch fails when a query runs it (FAILED_EXECUTE_UDF).
 */
import { InvalidArgumentError } from '../common/errors.js';
import { toProtoDataType, type DataType } from './plan/types.js';
import type { Command } from './transport/messages.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CLASS = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

export interface JavaFunctionSpec {
  /** SQL name to call it by (letters, digits, underscore). */
  readonly name: string;
  /** Fully qualified class implementing `org.apache.spark.sql.api.java.UDF0..22`, or `UserDefinedAggregateFunction` when `aggregate`. */
  readonly className: string;
  /** Result type of a scalar function (required unless `aggregate`; ignored by the server for aggregates). */
  readonly returnType?: DataType | undefined;
  readonly aggregate?: boolean;
  /** Deterministic functions may be reordered and deduplicated by the optimizer (default true). */
  readonly deterministic?: boolean;
}

/** The `register_function` command for a Java UDF or UDAF; validates every field. */
export function registerJavaCommand(spec: JavaFunctionSpec): Command {
  if (typeof spec !== 'object' || spec === null) throw new InvalidArgumentError('registerJava(spec)', 'an object { name, className, returnType?, aggregate? }', spec);
  const known = new Set(['name', 'className', 'returnType', 'aggregate', 'deterministic']);
  for (const k of Object.keys(spec)) if (!known.has(k)) throw new InvalidArgumentError(`registerJava(${k})`, `one of ${[...known].join(', ')}`, k);
  const { name, className, returnType, aggregate = false, deterministic = true } = spec;
  if (typeof name !== 'string' || !NAME.test(name)) throw new InvalidArgumentError('registerJava(name)', 'a SQL identifier (letters, digits, _)', name);
  if (typeof className !== 'string' || !CLASS.test(className)) throw new InvalidArgumentError('registerJava(className)', 'a fully qualified Java class name', className);
  if (typeof aggregate !== 'boolean') throw new InvalidArgumentError('registerJava(aggregate)', 'a boolean', aggregate);
  if (typeof deterministic !== 'boolean') throw new InvalidArgumentError('registerJava(deterministic)', 'a boolean', deterministic);
  if (!aggregate && returnType === undefined) throw new InvalidArgumentError('registerJava(returnType)', 'the result type of a scalar function', returnType);
  return {
    registerFunction: {
      functionName: name,
      deterministic,
      arguments: [],
      isDistinct: false,
      javaUdf: {
        className,
        aggregate,
        ...(returnType !== undefined ? { outputType: toProtoDataType(returnType) } : {}),
      },
    },
  };
}
