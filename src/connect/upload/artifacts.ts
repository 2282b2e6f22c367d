/**
 * Uploading artifacts through AddArtifacts. A blob given as several parts is
 * sent in fixed-size chunks, each with its CRC-32, without joining the parts
 * into one buffer first (a 500 MB upload stays one copy of the data).
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { SparkClientError } from '../errors.js';
import type { ConnectClient } from '../transport/client.js';
import type { AddArtifactsRequest } from '../transport/messages.js';

/** Chunk size of chunked uploads: well below the server's inbound message limit. */
export const ARTIFACT_CHUNK_BYTES = 4 * 1024 * 1024;

export function sha256Hex(parts: readonly Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** Slices the concatenation of `parts` into chunks of `size` bytes; copies only chunks that straddle parts. */
export function* chunksOf(parts: readonly Uint8Array[], size: number): Generator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for (const part of parts) {
    let at = 0;
    while (at < part.length) {
      const take = Math.min(size - pendingBytes, part.length - at);
      const piece = part.subarray(at, at + take);
      at += take;
      if (pendingBytes === 0 && take === size) {
        yield piece;
        continue;
      }
      pending.push(piece);
      pendingBytes += take;
      if (pendingBytes === size) {
        yield joinBytes(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield joinBytes(pending, pendingBytes);
}

/** The concatenation of `pieces` (`total` bytes long); a single piece is returned as it is. */
export function joinBytes(pieces: readonly Uint8Array[], total: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function chunkMessage(data: Uint8Array): { data: Uint8Array; crc: string } {
  return { data, crc: String(crc32(data)) };
}

/** The AddArtifacts request payloads for one artifact. */
export function* artifactRequests(name: string, parts: readonly Uint8Array[], chunkBytes = ARTIFACT_CHUNK_BYTES): Generator<Omit<AddArtifactsRequest, 'sessionId' | 'userContext' | 'clientType' | 'clientObservedServerSideSessionId'>> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (total <= chunkBytes) {
    yield { batch: { artifacts: [{ name, data: chunkMessage(joinBytes(parts, total)) }] } };
    return;
  }
  const numChunks = Math.ceil(total / chunkBytes);
  let first = true;
  for (const chunk of chunksOf(parts, chunkBytes)) {
    if (first) {
      yield { beginChunk: { name, totalBytes: String(total), numChunks: String(numChunks), initialChunk: chunkMessage(chunk) } };
      first = false;
    } else {
      yield { chunk: chunkMessage(chunk) };
    }
  }
}

/**
 * Uploads one artifact under `name` (e.g. `jars/kernels-<hash>.jar`, which the server adds to this
 * session's class loader only). The server accepts identical bytes under a name it already has and
 * refuses different ones (ARTIFACT_ALREADY_EXISTS), so callers put a content hash in the name.
 * Throws SparkClientError when the server does not acknowledge the artifact's CRC.
 */
export async function addArtifact(client: ConnectClient, name: string, parts: readonly Uint8Array[]): Promise<void> {
  const res = await client.addArtifacts(artifactRequests(name, parts));
  const summary = res.artifacts?.find((a) => a.name === name);
  if (!summary?.isCrcSuccessful) {
    throw new SparkClientError(`uploading artifact ${name} failed: the server ${summary ? 'reported a CRC mismatch' : 'did not acknowledge it'}`);
  }
}

/**
 * Makes sure the server's artifact cache holds each blob (its parts joined) under
 * `cache/<sha256>`: one ArtifactStatus call for all, then one AddArtifacts stream
 * carrying every missing blob (each in chunks). Returns the hashes in input order.
 */
export async function cacheArtifacts(client: ConnectClient, blobs: readonly (readonly Uint8Array[])[]): Promise<string[]> {
  const hashes = blobs.map((parts) => sha256Hex(parts));
  const names = [...new Set(hashes)].map((h) => `cache/${h}`);
  const status = await client.artifactStatus(names);
  const missing = new Map<string, readonly Uint8Array[]>();
  hashes.forEach((h, i) => {
    const name = `cache/${h}`;
    if (!status.statuses?.[name]?.exists && !missing.has(name)) missing.set(name, blobs[i]!);
  });
  if (missing.size === 0) return hashes;
  const res = await client.addArtifacts(
    (function* () {
      for (const [name, parts] of missing) yield* artifactRequests(name, parts);
    })(),
  );
  for (const name of missing.keys()) {
    const summary = res.artifacts?.find((a) => a.name === name);
    if (!summary?.isCrcSuccessful) {
      throw new SparkClientError(`uploading artifact ${name} failed: the server ${summary ? 'reported a CRC mismatch' : 'did not acknowledge it'}`);
    }
  }
  return hashes;
}
