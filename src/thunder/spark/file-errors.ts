/**
 * Errors of the file kernels, back as the driver's typed errors. A kernel that cannot read or write
 * a file throws `FileFormatException` (spark-kernels .../io/FileFormatException.java), whose
 * message carries the path and the problem base64-encoded between fixed markers; Spark wraps it
 * (FAILED_EXECUTE_UDF, a task failure) and this finds it again in the message or its causes, so
 * a corrupt file read on the executors fails like the local reader does: a `DataFormatError`
 * naming the file, raised by the action that ran the read.
 *
 * Record checks that can only run where the records are (a NaN given to a Spark model's
 * `predict`) come back the same way: `raiseArgumentErrorSql` builds the `raise_error` whose
 * message carries the argument, the rule and the offending record, and the action that ran it
 * throws the `InvalidArgumentError` the local engine throws for the same input.
 */
import { DataFormatError, InvalidArgumentError } from '../../common/errors.js';
import { raiseArgumentErrorSql } from '../../udf/spark-sql.js';

// The expression compiler raises argument errors too (`astype('int64')` of a NaN), so the SQL
// that raises them lives with it; the driver side that reads them back is here.
export { raiseArgumentErrorSql };

const MARKER = /thunder-file-error:([A-Za-z0-9+/=]*):([A-Za-z0-9+/=]*):/;

// The value is encoded by Spark's base64(), which breaks lines every 76 characters (MIME, the
// default of spark.sql.chunkBase64String.enabled): line breaks belong to the encoded text.
const ARGUMENT_MARKER = /thunder-argument-error:([A-Za-z0-9+/=]*):([A-Za-z0-9+/=]*):([A-Za-z0-9+/=\r\n]*):/;

/** Base64 to text; Node's decoder skips the line breaks of chunked base64. */
function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

function encode(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * SQL that fails the query with `DataFormatError(path, problem)` once back on the driver (through
 * `withFileErrors`), as a file kernel's `FileError` does. Both texts are encoded here: Spark's
 * `base64` breaks lines after 76 characters, which the markers do not allow.
 */
export function fileErrorSql(path: string, problem: string): string {
  return `raise_error('${path}: ${problem.replace(/'/g, '')} [thunder-file-error:${encode(path)}:${encode(problem)}:]')`;
}

/** The `DataFormatError` of a file kernel or the `InvalidArgumentError` of a record check a Spark error carries, else undefined. */
export function fileErrorOf(e: unknown): DataFormatError | InvalidArgumentError | undefined {
  if (!(e instanceof Error)) return undefined;
  const texts = [e.message, ...((e as { causes?: readonly string[] }).causes ?? [])];
  for (const t of texts) {
    const m = MARKER.exec(t);
    if (m) return new DataFormatError(decode(m[1]!), decode(m[2]!), { cause: e });
    const a = ARGUMENT_MARKER.exec(t);
    if (a) return Object.assign(new InvalidArgumentError(decode(a[1]!), decode(a[2]!), decode(a[3]!)), { cause: e });
  }
  return undefined;
}

/** `action`'s result; a file kernel's failure or a record check's becomes its typed error, others pass unchanged. */
export async function withFileErrors<T>(action: Promise<T>): Promise<T> {
  try {
    return await action;
  } catch (e) {
    throw fileErrorOf(e) ?? e;
  }
}
