/**
 * Local data as a plan leaf. Small data travel inline in the plan
 * (`LocalRelation`); data larger than the server's
 * `spark.sql.session.localRelationCacheThreshold` are uploaded once to the
 * session's artifact cache and referenced by hash, so plans stay small and
 * re-running a plan does not re-send the data. Spark ≥ 4.1 takes the upload
 * as row chunks of at most `localRelationChunkSizeRows` rows and
 * `localRelationChunkSizeBytes` bytes, one artifact each
 * (`ChunkedCachedLocalRelation`, what PySpark sends); older servers as one
 * artifact (`CachedLocalRelation`). Many moderate blocks are cheaper for the
 * server to take in than one large one (measured: see bench:client).
 */
import { AsyncByteQueue, RecordBatchStreamWriter, type Table } from 'apache-arrow';
import { InvalidArgumentError } from '../../common/errors.js';
import type { ConnectClient } from '../transport/client.js';
import type { Relation } from '../transport/messages.js';
import { cacheArtifact, cacheArtifacts, joinBytes } from './artifacts.js';

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
  if (!limits.chunked) {
    const hash = await cacheArtifact(client, localRelationParts(ipc, bytes, schema));
    return { common, cachedLocalRelation: { hash } };
  }
  const chunks = rowChunks(table, bytes, limits).map((slice) => ipcStreamParts(slice));
  const blobs = schema === undefined ? chunks : [[new TextEncoder().encode(schema)], ...chunks];
  const hashes = await cacheArtifacts(client, blobs);
  const [schemaHash, dataHashes] = schema === undefined ? [undefined, hashes] : [hashes[0], hashes.slice(1)];
  return { common, chunkedCachedLocalRelation: { dataHashes, ...(schemaHash !== undefined ? { schemaHash } : {}) } };
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
