/**
 * Arrow IPC payloads of ExecutePlan responses. Each `arrowBatch.data` is a
 * complete IPC stream (schema message + record batches). Batches are decoded
 * as they arrive; apache-arrow views the message bytes (copying only when
 * they are not 8-byte aligned), and a list<double> column's values stay one
 * contiguous Float64Array.
 */
import { RecordBatchReader, Table, type RecordBatch } from 'apache-arrow';

export function decodeIpc(data: Uint8Array): RecordBatch[] {
  return RecordBatchReader.from(data).readAll();
}

/** Collects decoded batches into a Table (no copy: the Table references the batches). */
export class TableBuilder {
  private readonly batches: RecordBatch[] = [];
  rows = 0;

  add(data: Uint8Array): void {
    // Keep empty batches too: for an empty result, the server's one empty batch carries the schema.
    for (const b of decodeIpc(data)) {
      this.batches.push(b);
      this.rows += b.numRows;
    }
  }

  build(): Table {
    return this.batches.length > 0 ? new Table(this.batches) : new Table();
  }
}
