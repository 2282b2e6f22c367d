/**
 * Local data as a plan leaf. Small data travel inline in the plan
 * (`LocalRelation`); data larger than the server's
 * `spark.sql.session.localRelationCacheThreshold` are uploaded once to the
 * session's artifact cache and referenced by hash, so plans stay small and
 * re-running a plan does not re-send the data. The upload is cut into row
 * chunks of at most `localRelationChunkSizeRows` rows and
 * `localRelationChunkSizeBytes` bytes, one artifact each: a
 * `ChunkedCachedLocalRelation` leaf per chunk on Spark ≥ 4.1 (what PySpark
 * sends, with one leaf for all chunks), a `CachedLocalRelation` leaf per chunk
 * on older servers, joined by a balanced UNION ALL. Many moderate blocks are
 * cheaper for the server to take in than one large one (measured: see
 * bench:client).
 *
 * Why a leaf per chunk: the server turns each leaf into one in-memory
 * LocalRelation, which its LocalTableScan cuts into only
 * `spark.sql.leafNodeDefaultParallelism` (default: the executors' total cores)
 * slices, and each slice travels inside its task, serialized by the driver's
 * scheduler thread. One leaf of 500 MB on a cluster with 4 executor cores made
 * tasks of 125 MB each: a 2 GiB driver ran out of heap in that thread
 * (which then died, leaving the job hanging with its tasks never sent). One
 * leaf per chunk keeps every task within a chunk's size.
 */
import { AsyncByteQueue, RecordBatchStreamWriter, type Table } from 'apache-arrow';
import { InvalidArgumentError } from '../../common/errors.js';
import type { ConnectClient } from '../transport/client.js';
import type { Relation } from '../transport/messages.js';
import { cacheArtifacts, joinBytes } from './artifacts.js';

export interface UploadLimits {
  /** Data up to this many bytes (Arrow IPC) travel inline in the plan. */
  readonly cacheThreshold: number;
  readonly chunkRows: number;
  readonly chunkBytes: number;
  /** Largest upload the server accepts. */
  readonly sizeLimit: number;
  /** Whether the server takes ChunkedCachedLocalRelation (Spark ≥ 4.1). */
  readonly chunked: boolean;
}

/** The server configurations behind UploadLimits, with Spark's defaults for servers that do not know them. */
export const UPLOAD_CONF: Readonly<Record<Exclude<keyof UploadLimits, 'chunked'>, readonly [string, number]>> = {
  cacheThreshold: ['spark.sql.session.localRelationCacheThreshold', 64 * 2 ** 20],
  chunkRows: ['spark.sql.session.localRelationChunkSizeRows', 10_000],
  chunkBytes: ['spark.sql.session.localRelationChunkSizeBytes', 16 * 2 ** 20],
  sizeLimit: ['spark.sql.session.localRelationSizeLimit', 3 * 2 ** 30],
};

/** Whether a server version string ("4.2.0") is at least major.minor. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  return Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor);
}

/** Parses Spark byte sizes ("67108864", "64m", "64MB", "1g"). */
export function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)i?b?\s*$/i.exec(text);
  if (!m) return NaN;
  const scale = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't' | 'p'];
  return Math.round(Number(m[1]) * scale);
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/**
 * The serialized `LocalRelation { bytes data = 1; string schema = 2; }` as parts,
 * hand-encoded so the Arrow payload is not copied into a protobuf buffer.
 */
export function localRelationParts(ipc: readonly Uint8Array[], ipcBytes: number, schema?: string): Uint8Array[] {
  const parts: Uint8Array[] = [Uint8Array.from([0x0a, ...varint(ipcBytes)]), ...ipc];
  if (schema !== undefined) {
    const s = new TextEncoder().encode(schema);
    parts.push(Uint8Array.from([0x12, ...varint(s.length)]), s);
  }
  return parts;
}

/** Keeps what the IPC writer emits as the pieces it is made of (the column buffers stay views of the table's). */
class PartsSink extends AsyncByteQueue {
  readonly parts: Uint8Array[] = [];
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.parts.push(value);
  }
}

/**
 * The table as an Arrow IPC stream, in pieces: tableToIPC would join them
 * into one new buffer, an extra copy (and allocation) of every byte of a
 * large upload, which the chunked upload does not need.
 */
export function ipcStreamParts(table: Table): Uint8Array[] {
  const sink = new PartsSink();
  const writer = new RecordBatchStreamWriter();
  writer.reset(sink);
  writer.writeAll(table);
  writer.close();
  return sink.parts;
}

/**
 * The plan leaf of `table` (`numRows` rows, any schema): an inline LocalRelation up to
 * `limits.cacheThreshold` bytes of Arrow, else the chunks uploaded to the artifact cache
 * (only those the server lacks) under a UNION ALL of one leaf per chunk, in row order.
 * `schema` (DDL) is applied by the server to every leaf. Throws InvalidArgumentError above
 * `limits.sizeLimit` bytes, before uploading anything.
 */
export async function localRelation(client: ConnectClient, table: Table, planId: number, limits: UploadLimits, schema?: string): Promise<Relation> {
  const ipc = ipcStreamParts(table);
  const bytes = ipc.reduce((n, p) => n + p.byteLength, 0);
  const common = { planId: String(planId) };
  if (bytes <= limits.cacheThreshold) {
    return { common, localRelation: { data: joinBytes(ipc, bytes), ...(schema !== undefined ? { schema } : {}) } };
  }
  if (bytes > limits.sizeLimit) {
    throw new InvalidArgumentError('createDataFrame(data)', `at most ${limits.sizeLimit} bytes as Arrow (the server's ${UPLOAD_CONF.sizeLimit[0]})`, `${bytes} bytes`);
  }
  const chunks = rowChunks(table, bytes, limits).map((slice) => ipcStreamParts(slice));
  let leaves: Omit<Relation, 'common'>[];
  if (!limits.chunked) {
    // Before 4.1 each artifact is a whole serialized LocalRelation, the schema inside it.
    const hashes = await cacheArtifacts(client, chunks.map((c) => localRelationParts(c, c.reduce((n, p) => n + p.byteLength, 0), schema)));
    leaves = hashes.map((hash) => ({ cachedLocalRelation: { hash } }));
  } else {
    const blobs = schema === undefined ? chunks : [[new TextEncoder().encode(schema)], ...chunks];
    const hashes = await cacheArtifacts(client, blobs);
    const [schemaHash, dataHashes] = schema === undefined ? [undefined, hashes] : [hashes[0], hashes.slice(1)];
    leaves = dataHashes.map((h) => ({ chunkedCachedLocalRelation: { dataHashes: [h], ...(schemaHash !== undefined ? { schemaHash } : {}) } }));
  }
  return { common, ...unionAll(leaves) };
}

/**
 * `leaves` (at least one) in order under a balanced tree of UNION ALL nodes without plan ids
 * (only the caller's root has one): depth log2(n), far below the server's protobuf recursion
 * limit even for the largest upload the size limit allows.
 */
export function unionAll(leaves: readonly Omit<Relation, 'common'>[]): Omit<Relation, 'common'> {
  if (leaves.length === 0) throw new InvalidArgumentError('unionAll(leaves)', 'at least one leaf', 'none');
  if (leaves.length === 1) return leaves[0]!;
  const mid = Math.ceil(leaves.length / 2);
  return { setOp: { leftInput: unionAll(leaves.slice(0, mid)), rightInput: unionAll(leaves.slice(mid)), setOpType: 'SET_OP_TYPE_UNION', isAll: true } };
}

/** The cached-artifact leaves of a relation built by `localRelation`, in row order (for tests and inspection). */
export function uploadedLeaves(relation: Relation): Omit<Relation, 'common'>[] {
  const op = relation.setOp;
  if (op?.leftInput && op.rightInput) return [...uploadedLeaves(op.leftInput), ...uploadedLeaves(op.rightInput)];
  return [relation];
}

/** The table cut into row ranges within the chunk limits (slices share the table's buffers). */
export function rowChunks(table: Table, bytes: number, limits: Pick<UploadLimits, 'chunkRows' | 'chunkBytes'>): Table[] {
  const n = table.numRows;
  const byBytes = Math.floor((limits.chunkBytes * n) / Math.max(bytes, 1));
  const rows = Math.max(1, Math.min(limits.chunkRows, byBytes));
  const out: Table[] = [];
  for (let start = 0; start < n; start += rows) out.push(table.slice(start, Math.min(n, start + rows)));
  return out.length > 0 ? out : [table];
}
