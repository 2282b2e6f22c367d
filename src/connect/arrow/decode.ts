/**
 * Arrow IPC payloads of ExecutePlan responses. Each `arrowBatch.data` is a
 * complete IPC stream (schema message + record batches). Batches are decoded
 * as they arrive; apache-arrow views the message bytes (copying only when
 * they are not 8-byte aligned), and a list<double> column's values stay one
 * contiguous Float64Array.
 */
import { RecordBatchReader, Table, type RecordBatch, type Schema } from 'apache-arrow';

export function decodeIpc(data: Uint8Array): { schema: Schema; batches: RecordBatch[] } {
  const reader = RecordBatchReader.from(data);
  const batches = reader.readAll();
  return { schema: reader.schema, batches };
}

/** Collects decoded batches into a Table (no copy: the Table references the batches). */
export class TableBuilder {
  private schema: Schema | undefined;
  private readonly batches: RecordBatch[] = [];
  rows = 0;

  add(data: Uint8Array): void {
    const { schema, batches } = decodeIpc(data);
    this.schema ??= schema;
    for (const b of batches) {
      if (b.numRows > 0) this.batches.push(b);
      this.rows += b.numRows;
    }
  }

  build(): Table {
    if (this.batches.length > 0) return new Table(this.batches);
    return this.schema ? new Table(this.schema) : new Table();
  }
}
