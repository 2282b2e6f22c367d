/**
 * The gRPC channel (src/connect/transport/channel.ts) against a scripted HTTP/2 server in this
 * process: the failure shapes a Spark server does not produce on demand (HTTP errors, resets,
 * trailers-only errors, deadlines, dropped connections) and flow control of a long stream.
 * Real Spark Connect traffic is covered by every .spark test.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallMetadata, GrpcCallError, GrpcChannel } from '../../src/connect/transport/channel.js';
import { frame } from '../../src/connect/transport/framing.js';
import { trustedRoots } from '../../src/connect/transport/client.js';
import { InvalidArgumentError } from '../../src/common/errors.js';

// A self-signed certificate for localhost/127.0.0.1, made for these tests only (openssl req -x509).
const TLS_DIR = join(import.meta.dirname, '..', 'fixtures', 'tls');
const cert = readFileSync(join(TLS_DIR, 'localhost.crt'));
const key = readFileSync(join(TLS_DIR, 'localhost.key'));

type Handler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, body: Buffer) => void;

const servers: http2.Http2Server[] = [];
const channels: GrpcChannel[] = [];

/** An HTTP/2 server that hands each call's headers and whole request body to `handler`. */
async function serve(handler: Handler): Promise<{ port: number; server: http2.Http2Server }> {
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const parts: Buffer[] = [];
    stream.on('error', () => undefined); // resets the tests cause on purpose
    stream.on('data', (c: Buffer) => parts.push(c));
    stream.on('end', () => handler(stream, headers, Buffer.concat(parts)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, server };
}

function channel(port: number, headers: Record<string, string> = {}): GrpcChannel {
  const c = new GrpcChannel({ origin: `http://127.0.0.1:${port}`, headers, maxReceiveBytes: 1 << 20, windowBytes: 1 << 20, keepaliveMs: 60_000 });
  channels.push(c);
  return c;
}

const OK = { ':status': 200, 'content-type': 'application/grpc' };

async function failure(p: Promise<unknown>): Promise<GrpcCallError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(GrpcCallError);
    return e as GrpcCallError;
  }
  throw new Error('expected the call to fail');
}

/** As `serve`, over TLS with the test certificate. */
async function serveTls(handler: Handler): Promise<number> {
  const server = http2.createSecureServer({ key, cert });
  server.on('stream', (stream) => {
    stream.on('error', () => undefined);
    stream.resume();
    stream.on('end', () => handler(stream, {}, Buffer.alloc(0)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server as unknown as http2.Http2Server);
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  for (const c of channels.splice(0)) c.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('GrpcChannel', () => {
  it('sends the method path, gRPC headers and the caller headers; returns the one response', async () => {
    let seen: http2.IncomingHttpHeaders = {};
    let request: Buffer = Buffer.alloc(0);
    const { port } = await serve((stream, headers, body) => {
      seen = headers;
      request = body;
      stream.respond(OK, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(Uint8Array.from([42])));
    });
    const response = await channel(port, { authorization: 'Bearer t', 'x-extra': 'v' }).unary('/pkg.Svc/Method', Uint8Array.from([1, 2]));
    expect([...response]).toEqual([42]);
    expect([...request]).toEqual([0, 0, 0, 0, 2, 1, 2]);
    expect(seen[':path']).toBe('/pkg.Svc/Method');
    expect(seen['content-type']).toBe('application/grpc');
    expect(seen['te']).toBe('trailers');
    expect(seen['authorization']).toBe('Bearer t');
    expect(seen['x-extra']).toBe('v');
  });

  it('reads a trailers-only error: status, percent-encoded message and binary details', async () => {
    const details = Buffer.from([8, 16, 18, 3, 0x61, 0x62, 0x63]);
    const { port } = await serve((stream) => {
      stream.respond({ ...OK, 'grpc-status': '16', 'grpc-message': 'bad%20token%3A%20no', 'grpc-status-details-bin': details.toString('base64') }, { endStream: true });
    });
    const e = await failure(channel(port).unary('/pkg.Svc/M', new Uint8Array(0)));
    expect(e.code).toBe(16);
    expect(e.details).toBe('bad token: no');
    expect(e.metadata).toBeInstanceOf(CallMetadata);
    expect([...(e.metadata.get('grpc-status-details-bin')[0] as Buffer)]).toEqual([...details]);
  });

  it('maps an HTTP error to its gRPC status (503 → UNAVAILABLE, 401 → UNAUTHENTICATED)', async () => {
    for (const [http, code] of [
      [503, 14],
      [401, 16],
      [404, 12],
    ] as const) {
      const { port } = await serve((stream) => stream.respond({ ':status': http }, { endStream: true }));
      const e = await failure(channel(port).unary('/pkg.Svc/M', new Uint8Array(0)));
      expect(e.code).toBe(code);
      expect(e.details).toContain(`HTTP ${http}`);
    }
  });

  it('maps a reset stream: REFUSED_STREAM → UNAVAILABLE, INTERNAL_ERROR → INTERNAL', async () => {
    for (const [rst, code] of [
      [http2.constants.NGHTTP2_REFUSED_STREAM, 14],
      [http2.constants.NGHTTP2_INTERNAL_ERROR, 13],
    ] as const) {
      const { port } = await serve((stream) => stream.close(rst));
      const e = await failure(channel(port).unary('/pkg.Svc/M', new Uint8Array(0)));
      expect(e.code).toBe(code);
    }
  });

  it('fails a call whose stream ends inside a message, or without a response', async () => {
    const { port } = await serve((stream) => {
      stream.respond(OK, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(Uint8Array.from([1, 2, 3])).subarray(0, 6));
    });
    expect((await failure(channel(port).unary('/pkg.Svc/M', new Uint8Array(0)))).details).toMatch(/inside a message/);
    const { port: p2 } = await serve((stream) => stream.respond({ ...OK, 'grpc-status': '0' }, { endStream: true }));
    expect((await failure(channel(p2).unary('/pkg.Svc/M', new Uint8Array(0)))).details).toMatch(/no response/);
  });

  it('ends a call at its deadline with DEADLINE_EXCEEDED and sends grpc-timeout', async () => {
    let timeout: string | undefined;
    const { port } = await serve((stream, headers) => {
      timeout = headers['grpc-timeout'] as string;
      stream.respond(OK); // and never answers
    });
    const e = await failure(channel(port).unary('/pkg.Svc/M', new Uint8Array(0), { deadline: Date.now() + 200 }));
    expect(e.code).toBe(4);
    expect(timeout).toMatch(/^\d+m$/);
  });

  it('streams many responses at the reader’s pace and in order', async () => {
    const n = 2000;
    const { port } = await serve((stream) => {
      stream.respond(OK, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      let i = 0;
      const pump = () => {
        while (i < n) {
          const m = Buffer.alloc(4096, i % 256);
          m.writeUInt32BE(i++, 0);
          if (!stream.write(frame(m))) return void stream.once('drain', pump);
        }
        stream.end();
      };
      pump();
    });
    const got: number[] = [];
    for await (const m of channel(port).serverStream('/pkg.Svc/S', new Uint8Array(0))) {
      got.push(m.readUInt32BE(0));
      if (got.length % 100 === 0) await new Promise((r) => setTimeout(r, 1)); // a slow reader
    }
    expect(got).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('cancel() ends a server stream with CANCELLED and the server sees the reset', async () => {
    let reset: Promise<number> | undefined;
    const { port } = await serve((stream) => {
      reset = new Promise((r) => stream.on('close', () => r(stream.rstCode)));
      stream.respond(OK);
      stream.write(frame(Uint8Array.from([1])));
    });
    const calls = channel(port).serverStream('/pkg.Svc/S', new Uint8Array(0));
    const seen: number[] = [];
    const e = await failure(
      (async () => {
        for await (const m of calls) {
          seen.push(m[0]!);
          calls.cancel();
        }
      })(),
    );
    expect(seen).toEqual([1]);
    expect(e.code).toBe(1);
    expect(await reset).toBe(http2.constants.NGHTTP2_CANCEL);
  });

  it('a refused connection is UNAVAILABLE; waitReady rejects at once', async () => {
    const { port, server } = await serve(() => undefined);
    await new Promise((r) => server.close(r));
    servers.length = 0;
    const c = channel(port);
    await expect(c.waitReady(5000)).rejects.toThrow(/ECONNREFUSED/);
    expect((await failure(c.unary('/pkg.Svc/M', new Uint8Array(0)))).code).toBe(14);
  });

  it('connects again after the server closed the connection', async () => {
    const { port, server } = await serve((stream) => {
      stream.respond({ ...OK, 'grpc-status': '0' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(Uint8Array.from([5])));
    });
    const sessions: http2.ServerHttp2Session[] = [];
    server.on('session', (s) => sessions.push(s));
    const c = channel(port);
    expect([...(await c.unary('/pkg.Svc/M', new Uint8Array(0)))]).toEqual([5]);
    await new Promise<void>((r) => sessions[0]!.close(r));
    await new Promise((r) => setTimeout(r, 50));
    expect([...(await c.unary('/pkg.Svc/M', new Uint8Array(0)))]).toEqual([5]);
    expect(sessions.length).toBe(2);
  });

  it('a client stream sends every request and returns the one response; a failure rejects before end()', async () => {
    const { port } = await serve((stream, _h, body) => {
      stream.respond(OK, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(Uint8Array.from([body.length % 256])));
    });
    const call = channel(port).clientStream('/pkg.Svc/C');
    for (let i = 0; i < 3; i++) call.write(Uint8Array.from([i, i]));
    call.end();
    expect([...(await call.response)]).toEqual([3 * 7]); // three frames of 5 + 2 bytes

    const failing = new Promise<number>((resolve) => {
      void serve((stream) => stream.respond({ ...OK, 'grpc-status': '3', 'grpc-message': 'no' }, { endStream: true })).then(({ port: p }) => resolve(p));
    });
    // The server answers only once the request side ends, so end it; the response carries the error.
    const bad = channel(await failing).clientStream('/pkg.Svc/C');
    bad.end();
    expect((await failure(bad.response)).code).toBe(3);
  });

  it('speaks TLS to a server whose certificate the given roots trust, and refuses one they do not', async () => {
    const port = await serveTls((stream) => {
      stream.respond(OK, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(Uint8Array.from([7])));
    });
    const options = { headers: {}, maxReceiveBytes: 1 << 20, windowBytes: 1 << 20, keepaliveMs: 60_000 };
    const trusted = new GrpcChannel({ ...options, origin: `https://localhost:${port}`, ca: cert });
    channels.push(trusted);
    expect([...(await trusted.unary('/pkg.Svc/M', new Uint8Array(0)))]).toEqual([7]);
    // Node's built-in roots do not include a self-signed certificate.
    const untrusted = new GrpcChannel({ ...options, origin: `https://localhost:${port}` });
    channels.push(untrusted);
    const e = await failure(untrusted.unary('/pkg.Svc/M', new Uint8Array(0)));
    expect(e.code).toBe(14);
    expect(e.details).toMatch(/self[- ]signed/i);
  });

  it('reads the trusted roots from GRPC_DEFAULT_SSL_ROOTS_FILE_PATH, and names it when unreadable', () => {
    const file = join(tmpdir(), `roots-${process.pid}.pem`);
    writeFileSync(file, cert);
    expect(trustedRoots({ GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: file })?.equals(cert)).toBe(true);
    expect(trustedRoots({})).toBeUndefined();
    expect(() => trustedRoots({ GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: join(tmpdir(), 'no-such-roots.pem') })).toThrow(InvalidArgumentError);
    expect(() => trustedRoots({ GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: join(tmpdir(), 'no-such-roots.pem') })).toThrow(/GRPC_DEFAULT_SSL_ROOTS_FILE_PATH.*ENOENT/);
    rmSync(file);
  });
});
