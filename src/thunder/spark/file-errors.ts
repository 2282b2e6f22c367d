/**
 * Errors of the file kernels, back as the driver's typed errors. A kernel that cannot read or write
 * a file throws `FileFormatException` (spark-kernels .../io/FileFormatException.java), whose
 * message carries the path and the problem base64-encoded between fixed markers; Spark wraps it
 * (FAILED_EXECUTE_UDF, a task failure) and this finds it again in the message or its causes, so
 * a corrupt file read on the executors fails like the local reader does: a `DataFormatError`
 * naming the file, raised by the action that ran the read.
 */
import { DataFormatError } from '../../common/errors.js';

const MARKER = /thunder-file-error:([A-Za-z0-9+/=]*):([A-Za-z0-9+/=]*):/;

function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

/** The `DataFormatError` a Spark error carries from a file kernel, else undefined. */
export function fileErrorOf(e: unknown): DataFormatError | undefined {
  if (!(e instanceof Error)) return undefined;
  const texts = [e.message, ...((e as { causes?: readonly string[] }).causes ?? [])];
  for (const t of texts) {
    const m = MARKER.exec(t);
    if (m) return new DataFormatError(decode(m[1]!), decode(m[2]!), { cause: e });
  }
  return undefined;
}

/** `action`'s result; a file kernel's failure becomes its `DataFormatError`, others pass unchanged. */
export async function withFileErrors<T>(action: Promise<T>): Promise<T> {
  try {
    return await action;
  } catch (e) {
    throw fileErrorOf(e) ?? e;
  }
}
