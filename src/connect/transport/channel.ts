/**
 * A gRPC client channel over Node's own HTTP/2 (node:http2): unary, server-streaming and
 * client-streaming calls on one connection, reconnected on demand.
 *
 * Why not @grpc/grpc-js: profiles of this client showed its per-call machinery (interceptor
 * chains, call objects, status filters) as the largest share of the client's CPU time per small
 * query, and its message decoder joins every large message from its chunks and hands it to the
 * caller wherever the protobuf leaves the Arrow payload (6 mod 8), so apache-arrow copies it
 * again. Spark Connect needs only plain calls with metadata, deadlines, cancellation and
 * keepalive, which this file provides; TLS is Node's (`https://` origins).
 */
import http2 from 'node:http2';
import { GrpcStatus, statusFromHttp, statusFromReset } from './grpc-codes.js';
import { FramingError, MessageReader, frame, type AlignHint } from './framing.js';

/** Response trailers (or headers of a trailers-only response), read like grpc-js's Metadata. */
export class CallMetadata {
  constructor(private readonly headers: http2.IncomingHttpHeaders = {}) {}

  /** Values of `key`; `-bin` keys are base64 on the wire and come back as bytes. */
  get(key: string): (string | Buffer)[] {
    const raw = this.headers[key.toLowerCase()];
    if (raw === undefined) return [];
    const values = Array.isArray(raw) ? raw : String(raw).split(/,\s*/);
    return key.endsWith('-bin') ? values.map((v) => Buffer.from(v, 'base64')) : values;
  }
}

/** A call that ended with a non-OK gRPC status. Shaped like grpc-js's ServiceError (code, details, metadata). */
export class GrpcCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
    readonly metadata: CallMetadata = new CallMetadata(),
  ) {
    super(`${code} ${details}`);
  }
}

export interface ChannelOptions {
  /** `http://host:port` or `https://host:port`. */
  readonly origin: string;
  /** Sent with every call (authorization, user-agent, the URL's extra parameters). */
  readonly headers: Readonly<Record<string, string>>;
  /** Largest message accepted from the server. */
  readonly maxReceiveBytes: number;
  /** HTTP/2 receive window, per stream and per connection. */
  readonly windowBytes: number;
  /** Interval of keepalive pings while calls are open. */
  readonly keepaliveMs: number;
  /** For `https://` origins: the trusted root certificates (PEM), instead of Node's built-in list. */
  readonly ca?: string | Buffer;
}

export interface CallOptions {
  /** Absolute time (ms since the epoch) after which the call fails with DEADLINE_EXCEEDED. */
  readonly deadline?: number;
  /** For server streams: which bytes of each message to place on an 8-byte boundary. */
  readonly alignHint?: AlignHint;
}

/** The responses of a server-streaming call; `cancel()` ends it (iteration then throws CANCELLED). */
export interface MessageStream<T = Buffer> extends AsyncIterable<T> {
  cancel(): void;
}

/** The request side of a client-streaming call. */
export interface RequestWriter {
  /** False when the caller should wait for `drain` before writing more. */
  write(message: Uint8Array): boolean;
  once(event: 'drain', listener: () => void): void;
  /** Ends the requests (the server then answers). */
  end(): void;
  /** The single response; rejects as soon as the call fails, even before `end()`. */
  readonly response: Promise<Buffer>;
}

const KEEPALIVE_ACK_MS = 20_000;
// Queued responses before the stream stops reading (HTTP/2 flow control then holds the server).
const HIGH_WATER_MESSAGES = 16;

export class GrpcChannel {
  private session: http2.ClientHttp2Session | undefined;
  private active = 0;
  private keepalive: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ChannelOptions) {}

  /** The open connection, or a new one (the previous was closed, refused or sent GOAWAY). */
  private connection(): http2.ClientHttp2Session {
    if (this.closed) throw new GrpcCallError(GrpcStatus.UNAVAILABLE, 'the channel is closed');
    const open = this.session;
    if (open && !open.closed && !open.destroyed) return open;
    const session = http2.connect(this.options.origin, {
      settings: { enablePush: false, initialWindowSize: this.options.windowBytes, maxFrameSize: 16 * 1024 * 1024 - 1 },
      ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
    });
    session.on('connect', () => session.setLocalWindowSize(this.options.windowBytes));
    // Failures reach the calls through their streams; without a listener Node would throw them.
    session.on('error', () => undefined);
    const forget = () => {
      if (this.session === session) this.session = undefined;
    };
    session.on('goaway', forget);
    session.on('close', forget);
    if (this.active === 0) session.unref();
    this.session = session;
    return session;
  }

  /** Resolves once connected; rejects with the connection's error, or after `timeoutMs`. */
  waitReady(timeoutMs: number): Promise<void> {
    const session = this.connection();
    if (!session.connecting) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const done = (err?: Error) => {
        clearTimeout(timer);
        session.off('connect', ok);
        session.off('error', done);
        session.off('close', closed);
        if (err) reject(err);
        else resolve();
      };
      const ok = () => done();
      const closed = () => done(new Error('the connection closed'));
      session.once('connect', ok);
      session.once('error', done);
      session.once('close', closed);
    });
  }

  /** Closes the connection; calls still open fail with UNAVAILABLE. */
  close(): void {
    this.closed = true;
    this.stopKeepalive();
    this.session?.close();
    this.session?.destroy();
    this.session = undefined;
  }

  private begin(session: http2.ClientHttp2Session): () => void {
    if (this.active++ === 0) {
      session.ref();
      this.startKeepalive();
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.active === 0) {
        this.stopKeepalive();
        this.session?.unref();
      }
    };
  }

  // A connection that died without a TCP reset (a server host gone) is noticed by the missing ping ack.
  private startKeepalive(): void {
    this.keepalive = setInterval(() => {
      const session = this.session;
      if (!session || session.connecting || session.destroyed) return;
      const timer = setTimeout(() => session.destroy(new Error('keepalive ping not answered')), KEEPALIVE_ACK_MS).unref();
      try {
        session.ping(() => clearTimeout(timer));
      } catch {
        clearTimeout(timer);
      }
    }, this.options.keepaliveMs).unref();
  }

  private stopKeepalive(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = undefined;
  }

  /**
   * Opens a call: sends the headers, hands every response message to `onMessage` and the
   * outcome to `onEnd` (undefined for OK) exactly once.
   */
  private open(
    method: string,
    options: CallOptions,
    onMessage: (m: Buffer) => void,
    onEnd: (err: GrpcCallError | undefined) => void,
  ): http2.ClientHttp2Stream {
    const session = this.connection();
    const end = this.begin(session);
    const stream = session.request(
      {
        ':method': 'POST',
        ':path': method,
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-accept-encoding': 'identity',
        ...(options.deadline !== undefined ? { 'grpc-timeout': `${Math.max(1, Math.ceil(options.deadline - Date.now()))}m` } : {}),
        ...this.options.headers,
      },
      { endStream: false },
    );
    let finished = false;
    let status: number | undefined;
    let detail = '';
    let trailers: http2.IncomingHttpHeaders | undefined;
    const finish = (err: GrpcCallError | undefined) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      end();
      onEnd(err);
    };
    const timer =
      options.deadline !== undefined
        ? setTimeout(() => {
            finish(new GrpcCallError(GrpcStatus.DEADLINE_EXCEEDED, 'deadline exceeded'));
            stream.close(http2.constants.NGHTTP2_CANCEL);
          }, Math.max(0, options.deadline - Date.now()))
        : undefined;
    const reader = new MessageReader(onMessage, this.options.maxReceiveBytes, options.alignHint);
    const readStatus = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] === undefined) return;
      trailers = headers;
      status = Number(headers['grpc-status']);
      const message = headers['grpc-message'];
      if (typeof message === 'string') {
        try {
          detail = decodeURIComponent(message);
        } catch {
          detail = message;
        }
      }
    };
    stream.on('response', (headers) => {
      const http = Number(headers[':status']);
      if (http !== 200) {
        finish(new GrpcCallError(statusFromHttp(http), `the server answered HTTP ${http}`, new CallMetadata(headers)));
        stream.close(http2.constants.NGHTTP2_CANCEL);
        return;
      }
      readStatus(headers);
    });
    stream.on('trailers', readStatus);
    stream.on('data', (chunk: Buffer) => {
      if (finished) return;
      try {
        reader.push(chunk);
      } catch (e) {
        const err = e as FramingError;
        finish(new GrpcCallError(err.code ?? GrpcStatus.INTERNAL, err.message));
        stream.close(http2.constants.NGHTTP2_CANCEL);
      }
    });
    // The outcome is decided at 'close', which always follows: a reset's code is known by then.
    // A connection failure (refused, reset, keepalive) is UNAVAILABLE whatever reset code it leaves.
    let failure: (Error & { code?: string }) | undefined;
    stream.on('error', (e: Error) => {
      failure = e;
    });
    stream.on('close', () => {
      if (status === undefined) {
        const rst = stream.rstCode ?? 0;
        if (rst !== 0 && (failure === undefined || failure.code === 'ERR_HTTP2_STREAM_ERROR')) {
          finish(new GrpcCallError(statusFromReset(rst), `the server reset the stream (HTTP/2 error ${rst})`));
        } else finish(new GrpcCallError(GrpcStatus.UNAVAILABLE, failure?.message ?? 'the stream closed without a status'));
      } else if (status !== GrpcStatus.OK) {
        finish(new GrpcCallError(status, detail, new CallMetadata(trailers)));
      } else if (!reader.idle) {
        finish(new GrpcCallError(GrpcStatus.INTERNAL, 'the stream ended inside a message'));
      } else finish(undefined);
    });
    return stream;
  }

  /** One request, one response. */
  unary(method: string, request: Uint8Array, options: CallOptions = {}): Promise<Buffer> {
    const { stream, response } = this.openForOneResponse(method, options);
    stream.end(frame(request));
    return response;
  }

  /** Opens a call whose single response (or failure) settles `response`. */
  private openForOneResponse(method: string, options: CallOptions): { stream: http2.ClientHttp2Stream; response: Promise<Buffer> } {
    let stream!: http2.ClientHttp2Stream;
    const response = new Promise<Buffer>((resolve, reject) => {
      let last: Buffer | undefined;
      stream = this.open(
        method,
        options,
        (m) => {
          last = m;
        },
        (err) => {
          if (err) reject(err);
          else if (!last) reject(new GrpcCallError(GrpcStatus.INTERNAL, `${method} returned no response`));
          else resolve(last);
        },
      );
    });
    return { stream, response };
  }

  /**
   * One request, a stream of responses, read at the consumer's pace; `decode` turns each message
   * into what the iteration yields, when it is read.
   */
  serverStream<T = Buffer>(method: string, request: Uint8Array, options: CallOptions & { decode?: (m: Buffer) => T } = {}): MessageStream<T> {
    const decode = options.decode ?? ((m: Buffer) => m as unknown as T);
    const queue: Buffer[] = [];
    let outcome: { err: GrpcCallError | undefined } | undefined;
    let waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
    let paused = false;
    // Hands the next message (or the end) to a reader waiting for it.
    const settle = () => {
      const w = waiting;
      if (!w) return;
      waiting = undefined;
      if (queue.length > 0) deliver(w.resolve, w.reject);
      else if (outcome?.err) w.reject(outcome.err);
      else w.resolve({ value: undefined, done: true });
    };
    const deliver = (resolve: (r: IteratorResult<T>) => void, reject: (e: unknown) => void) => {
      const next = queue.shift()!;
      if (paused && queue.length < HIGH_WATER_MESSAGES / 2) {
        paused = false;
        stream.resume();
      }
      try {
        resolve({ value: decode(next), done: false });
      } catch (e) {
        reject(e);
      }
    };
    const stream = this.open(
      method,
      options,
      (m) => {
        queue.push(m);
        if (queue.length >= HIGH_WATER_MESSAGES && !paused) {
          paused = true;
          stream.pause();
        }
        settle();
      },
      (err) => {
        outcome = { err };
        settle();
      },
    );
    stream.end(frame(request));
    const iterator: AsyncIterator<T> = {
      next: () =>
        new Promise<IteratorResult<T>>((resolve, reject) => {
          if (queue.length > 0) deliver(resolve, reject);
          else if (outcome) {
            if (outcome.err) reject(outcome.err);
            else resolve({ value: undefined, done: true });
          } else waiting = { resolve, reject };
        }),
      // A consumer that stops early (break) leaves the call to cancel(), as grpc-js streams did.
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
    return {
      cancel: () => {
        if (outcome) return;
        outcome = { err: new GrpcCallError(GrpcStatus.CANCELLED, 'cancelled by the client') };
        queue.length = 0;
        stream.close(http2.constants.NGHTTP2_CANCEL);
        settle();
      },
      [Symbol.asyncIterator]: () => iterator,
    };
  }

  /** A stream of requests, one response. */
  clientStream(method: string, options: CallOptions = {}): RequestWriter {
    const { stream, response } = this.openForOneResponse(method, options);
    return {
      write: (message) => stream.write(frame(message)),
      once: (_event, listener) => void stream.once('drain', listener),
      end: () => void stream.end(),
      response,
    };
  }
}
