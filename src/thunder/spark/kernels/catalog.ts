/**
 * The JVM kernels (`spark-kernels/`, package `org.thunderconnect.kernels`) as SQL functions: the
 * name each is registered under in a session, its class and its declared result type. The
 * declared type is not checked at registration (a wrong one fails only when a query runs the
 * kernel), so tests/thunder/kernels.spark.test.ts calls every entry.
 */
import { DataTypes, type DataType } from '../../../connect/index.js';

export interface KernelFunction {
  readonly name: string;
  readonly className: string;
  readonly returnType?: DataType;
  readonly aggregate?: boolean;
}

const PKG = 'org.thunderconnect.kernels.udf';
const doubles = DataTypes.array(DataTypes.double, false);

/** Must equal `Version.PROTOCOL` in the jar. */
export const KERNEL_PROTOCOL = 1;

export const KERNEL_FUNCTIONS: readonly KernelFunction[] = [
  { name: 'thunder_kernels_version', className: `${PKG}.Version`, returnType: DataTypes.integer },
];

export const VERSION_FUNCTION = 'thunder_kernels_version';
export { doubles as DOUBLE_ARRAY };
