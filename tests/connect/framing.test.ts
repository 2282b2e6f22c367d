/**
 * gRPC message framing (src/connect/transport/framing.ts): messages cut at every possible chunk
 * boundary come back whole, views when they lie inside one chunk, and spanning messages are
 * placed so that the bytes the hint names start on an 8-byte boundary.
 */
import { describe, expect, it } from 'vitest';
import { FramingError, MessageReader, arrowPayloadOffset, frame } from '../../src/connect/transport/framing.js';

/** A protobuf varint, written out per the encoding rules (7 bits per byte, low first). */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** An ExecutePlanResponse: session_id (field 1), arrow_batch (field 2) { row_count (1), data (2) }. */
function executeResponse(session: string, payload: Uint8Array): Uint8Array {
  const batch = [0x08, ...varint(7), 0x12, ...varint(payload.length), ...payload];
  const sid = [...Buffer.from(session)];
  return Uint8Array.from([0x0a, ...varint(sid.length), ...sid, 0x12, ...varint(batch.length), ...batch]);
}

describe('gRPC framing', () => {
  it('frames a message as flag 0, big-endian length, bytes', () => {
    expect([...frame(Uint8Array.from([7, 8, 9]))]).toEqual([0, 0, 0, 0, 3, 7, 8, 9]);
  });

  it('gives messages back whole however the stream is cut', () => {
    const messages = [Uint8Array.from([1, 2, 3]), new Uint8Array(0), Uint8Array.from({ length: 300 }, (_, i) => i % 251)];
    const wire = Buffer.concat(messages.map((m) => frame(m)));
    for (let cut = 1; cut < wire.length; cut++) {
      const got: number[][] = [];
      const reader = new MessageReader((m) => got.push([...m]), 1 << 20);
      reader.push(wire.subarray(0, cut));
      reader.push(wire.subarray(cut));
      expect(got).toEqual(messages.map((m) => [...m]));
      expect(reader.idle).toBe(true);
    }
    // One byte at a time.
    const got: number[][] = [];
    const reader = new MessageReader((m) => got.push([...m]), 1 << 20);
    for (let i = 0; i < wire.length; i++) reader.push(wire.subarray(i, i + 1));
    expect(got).toEqual(messages.map((m) => [...m]));
  });

  it('hands out a view of the chunk when the message lies inside it', () => {
    const wire = frame(Uint8Array.from([4, 5, 6]));
    let got: Buffer | undefined;
    new MessageReader((m) => (got = m), 100).push(wire);
    expect(got!.buffer).toBe(wire.buffer);
    expect(got!.byteOffset).toBe(wire.byteOffset + 5);
  });

  it('is not idle inside a message', () => {
    const reader = new MessageReader(() => undefined, 100);
    reader.push(frame(Uint8Array.from([1, 2, 3])).subarray(0, 6));
    expect(reader.idle).toBe(false);
  });

  it('places a spanning ExecutePlanResponse so that its Arrow payload is 8-byte aligned', () => {
    const payload = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);
    // Session ids of every length mod 8 move the payload through every alignment.
    for (let extra = 0; extra < 8; extra++) {
      const message = executeResponse('s'.repeat(36 + extra), payload);
      const at = arrowPayloadOffset(message);
      // tag, length, id; tag, 2-byte length; row_count tag + value; data tag + 2-byte length
      expect(at).toBe(2 + 36 + extra + 1 + 2 + 2 + 1 + 2);
      const wire = frame(message);
      let got: Buffer | undefined;
      const reader = new MessageReader((m) => (got = m), 1 << 20, arrowPayloadOffset);
      reader.push(wire.subarray(0, 100));
      reader.push(wire.subarray(100));
      expect([...got!]).toEqual([...message]);
      expect((got!.byteOffset + at) % 8).toBe(0);
    }
  });

  it('finds no payload offset in a prefix too short to tell, or in a response without a batch', () => {
    const message = executeResponse('session', Uint8Array.from([1, 2, 3]));
    expect(arrowPayloadOffset(message.subarray(0, 12))).toBe(-1);
    expect(arrowPayloadOffset(Uint8Array.from([0x0a, 2, 0x41, 0x42, 0x72, 0]))).toBe(-1); // session_id, result_complete (14)
  });

  it('refuses an oversized message with RESOURCE_EXHAUSTED and a compressed one with INTERNAL', () => {
    const big = new MessageReader(() => undefined, 10);
    const e1 = (() => {
      try {
        big.push(frame(new Uint8Array(11)));
      } catch (e) {
        return e as FramingError;
      }
    })();
    expect(e1).toBeInstanceOf(FramingError);
    expect(e1!.code).toBe(8);
    expect(e1!.message).toMatch(/11 bytes, more than the 10/);
    const compressed = Buffer.from([1, 0, 0, 0, 1, 9]);
    expect(() => new MessageReader(() => undefined, 10).push(compressed)).toThrow(/compressed/);
  });
});
