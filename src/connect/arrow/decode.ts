/**
 * Arrow IPC payloads of ExecutePlan responses. Each `arrowBatch.data` is a
 * complete IPC stream (schema message + record batches). Batches are decoded
 * as they arrive; apache-arrow views the message bytes (copying only when
 * they are not 8-byte aligned), and a list<double> column's values stay one
 * contiguous Float64Array.
 *
 * In a gRPC message the payload lands where the protobuf fields before it leave
 * it (at 6 mod 8 in Spark 4.2's responses, measured), so apache-arrow copies each body
 * once. Copying unaligned payloads into shared 16 MiB slabs instead (a few
 * allocations per result rather than one per batch) was measured slower: the
 * garbage collector's work follows the bytes allocated, not the count of
 * buffers, and touching fresh slabs cost more than the small copies.
 */
import { RecordBatchReader, Table, type RecordBatch } from 'apache-arrow';

export function decodeIpc(data: Uint8Array): RecordBatch[] {
  return RecordBatchReader.from(data).readAll();
}

/** Collects decoded batches into a Table (no copy: the Table references the batches). */
export class TableBuilder {
  private readonly batches: RecordBatch[] = [];
  rows = 0;

  /** Decodes one IPC stream payload (schema + record batches) and keeps its batches. */
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
