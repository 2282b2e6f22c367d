/**
 * gRPC's length-prefixed messages over an HTTP/2 stream: each message is a
 * 1-byte compression flag, a 4-byte big-endian length, then the protobuf bytes.
 * HTTP/2 hands the bytes over in DATA-frame-sized chunks that ignore message
 * boundaries.
 */
import protobuf from 'protobufjs';

/** One message framed for sending (uncompressed). */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** Thrown by `MessageReader.push` when the bytes cannot be gRPC messages of the accepted size. */
export class FramingError extends Error {
  constructor(
    message: string,
    /** RESOURCE_EXHAUSTED for an oversized message, INTERNAL for a malformed stream. */
    readonly code: number,
  ) {
    super(message);
  }
}

/**
 * Where, in a message that starts with `prefix` (its first bytes only), the bytes lie that should
 * start on an 8-byte boundary, or -1 when the prefix does not tell (too short, or no such bytes).
 */
export type AlignHint = (prefix: Uint8Array) => number;

/**
 * Cuts a stream of chunks into whole messages. A message that lies inside one chunk is handed
 * out as a view of it (no copy); one that spans chunks is copied once into its own buffer,
 * placed so that the bytes `alignHint` names start on an 8-byte boundary (Arrow's typed-array
 * views need that; otherwise apache-arrow copies the payload again).
 */
export class MessageReader {
  private readonly header = Buffer.alloc(5);
  private headerFill = 0;
  private body: Buffer | undefined;
  private bodyFill = 0;

  constructor(
    private readonly onMessage: (message: Buffer) => void,
    private readonly maxBytes: number,
    private readonly alignHint?: AlignHint,
  ) {}

  /** True between messages: a stream that ends here ended cleanly. */
  get idle(): boolean {
    return this.headerFill === 0 && this.body === undefined;
  }

  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.body) {
        const take = Math.min(this.body.length - this.bodyFill, chunk.length - off);
        chunk.copy(this.body, this.bodyFill, off, off + take);
        this.bodyFill += take;
        off += take;
        if (this.bodyFill === this.body.length) {
          const done = this.body;
          this.body = undefined;
          this.onMessage(done);
        }
        continue;
      }
      const take = Math.min(5 - this.headerFill, chunk.length - off);
      chunk.copy(this.header, this.headerFill, off, off + take);
      this.headerFill += take;
      off += take;
      if (this.headerFill < 5) return;
      this.headerFill = 0;
      if (this.header[0] !== 0) {
        throw new FramingError('the server sent a compressed message, but this client asked for none (grpc-accept-encoding: identity)', 13);
      }
      const length = this.header.readUInt32BE(1);
      if (length > this.maxBytes) {
        throw new FramingError(`the server sent a message of ${length} bytes, more than the ${this.maxBytes} this client accepts`, 8);
      }
      if (chunk.length - off >= length) {
        this.onMessage(chunk.subarray(off, off + length));
        off += length;
        continue;
      }
      this.body = this.allocate(length, chunk.subarray(off));
      this.bodyFill = 0;
    }
  }

  private allocate(length: number, prefix: Buffer): Buffer {
    const at = this.alignHint ? this.alignHint(prefix) : -1;
    if (at < 0) return Buffer.allocUnsafeSlow(length);
    // An unpooled buffer starts its own ArrayBuffer (8-aligned) and is not zero-filled: shift the
    // message so that byte `at` is aligned too.
    const shift = (8 - (at % 8)) % 8;
    return Buffer.allocUnsafeSlow(length + shift).subarray(shift);
  }
}

/**
 * Where the next length-delimited field number `field` starts in `r` before `end`: [start of its
 * bytes, their length], or undefined. Throws (protobufjs's RangeError) when the bytes end first.
 */
function seek(r: protobuf.Reader, end: number, field: number): [number, number] | undefined {
  while (r.pos < end) {
    const key = r.uint32();
    if (key >>> 3 === field && (key & 7) === 2) {
      const length = r.uint32();
      return [r.pos, length];
    }
    r.skipType(key & 7);
  }
  return undefined;
}

/**
 * For ExecutePlanResponse (spark/connect/base.proto): the offset of `arrow_batch.data` (field 2,
 * then its field 2), the Arrow IPC stream whose buffers apache-arrow views as typed arrays.
 */
export const arrowPayloadOffset: AlignHint = (prefix) => {
  try {
    const r = protobuf.Reader.create(prefix);
    const batch = seek(r, prefix.length, 2);
    if (!batch) return -1;
    const data = seek(r, Math.min(prefix.length, batch[0] + batch[1]), 2);
    return data ? data[0] : -1;
  } catch {
    return -1; // the prefix ends inside the fields before the payload
  }
};
