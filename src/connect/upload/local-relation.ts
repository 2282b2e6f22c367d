/**
 * Local data as a plan leaf. Small data travel inline in the plan
 * (`LocalRelation`); data larger than the server's
 * `spark.sql.session.localRelationCacheThreshold` are uploaded once to the
 * session's artifact cache and referenced by hash (`CachedLocalRelation`), so
 * plans stay small and re-running a plan does not re-send the data.
 */
import { AsyncByteQueue, RecordBatchStreamWriter, type Table } from 'apache-arrow';
import type { ConnectClient } from '../transport/client.js';
import type { Relation } from '../transport/messages.js';
import { cacheArtifact, joinBytes } from './artifacts.js';

export const CACHE_THRESHOLD_KEY = 'spark.sql.session.localRelationCacheThreshold';
/** Spark's default for the threshold (64 MiB), used when the server does not say. */
export const DEFAULT_CACHE_THRESHOLD = 64 * 1024 * 1024;

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

export async function localRelation(client: ConnectClient, table: Table, planId: number, threshold: number, schema?: string): Promise<Relation> {
  const ipc = ipcStreamParts(table);
  const bytes = ipc.reduce((n, p) => n + p.byteLength, 0);
  const common = { planId: String(planId) };
  if (bytes <= threshold) {
    return { common, localRelation: { data: joinBytes(ipc, bytes), ...(schema !== undefined ? { schema } : {}) } };
  }
  const hash = await cacheArtifact(client, localRelationParts(ipc, bytes, schema));
  return { common, cachedLocalRelation: { hash } };
}
