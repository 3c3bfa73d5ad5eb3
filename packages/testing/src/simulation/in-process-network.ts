import * as http from 'node:http';
import { PassThrough, duplexPair, type Duplex, type Readable } from 'node:stream';
import type { Clock } from '@kubekit/apimachinery';
import { arrayBuffer } from 'node:stream/consumers';

/** A request as a kubekit RESTClient's transport receives it (@kubekit/rest `HttpTransportRequest`). */
export interface InProcessRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: string | Uint8Array | undefined;
  signal?: AbortSignal | undefined;
}

/** A response as a kubekit RESTClient's transport returns it (@kubekit/rest `HttpTransportResponse`). */
export interface InProcessResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable & { arrayBuffer(): Promise<ArrayBuffer> };
}

/**
 * An HTTP transport of one simulated process (a controller manager): structurally the
 * `HttpTransport` of @kubekit/rest, so `new RESTClient(config, { transport })` sends through it.
 */
export interface InProcessTransport {
  request(request: InProcessRequest): Promise<InProcessResponse>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

/** What the network tells the simulation about each exchange. */
export interface ExchangeObserver {
  /** A request reached the server (or was refused: `statusCode` 0). */
  onResponse(client: string, method: string, path: string, statusCode: number): void;
}

/** The socket methods Node's HTTP code calls on a connection; no-ops on an in-memory pipe. */
function asSocket(side: Duplex): Duplex {
  return Object.assign(side, {
    setNoDelay: () => side,
    setKeepAlive: () => side,
    setTimeout: () => side,
    ref: () => side,
    unref: () => side,
    remoteAddress: '127.0.0.1',
    remotePort: 0,
  });
}

const refused = (path: string): Error =>
  Object.assign(new Error(`connect ECONNREFUSED (simulated partition) ${path}`), {
    code: 'ECONNREFUSED',
  });

/**
 * Real HTTP/1.1 between in-process clients and an `http.Server` that never listens: each
 * request gets its own in-memory socket pair (`duplexPair`), so no byte touches the OS and the
 * order of everything is decided by the event loop alone (no keep-alive: a connection per
 * request, closed after it). A client can be cut off (a partition: new connections are refused)
 * or killed (its open connections are destroyed, and it never connects again).
 */
export class InProcessNetwork {
  readonly #server: http.Server;
  readonly #observer: ExchangeObserver;
  readonly #serverSockets = new Set<Duplex>();
  /** Bytes moved so far (a measure of activity). */
  bytes = 0;

  readonly #clock: Clock;

  constructor(handler: http.RequestListener, observer: ExchangeObserver, clock: Clock) {
    this.#clock = clock;
    this.#server = http.createServer({ requestTimeout: 0, headersTimeout: 0 }, handler);
    this.#server.keepAliveTimeout = 0;
    this.#observer = observer;
  }

  /** Destroys every server-side socket (an API server restart cuts every connection). */
  cutAll(): void {
    for (const s of this.#serverSockets) s.destroy();
  }

  /**
   * A transport for the process named `name`; `watchLagMs` (read per chunk) delays what watch
   * streams deliver to it, in order: its caches lag the server.
   */
  transport(
    name: string,
    watchLagMs: () => number = () => 0,
  ): InProcessTransport & {
    partitioned: boolean;
    kill(): void;
  } {
    const open = new Set<Duplex>();
    let dead = false;
    const self = {
      partitioned: false,
      request: (req: InProcessRequest): Promise<InProcessResponse> => {
        if (dead || self.partitioned) {
          this.#observer.onResponse(name, req.method, req.path, 0);
          return Promise.reject(refused(req.path));
        }
        return this.#exchange(name, req, open, watchLagMs);
      },
      close: async () => {
        dead = true;
      },
      destroy: async () => {
        dead = true;
        for (const s of open) s.destroy();
      },
      kill: () => {
        dead = true;
        for (const s of open) s.destroy();
      },
    };
    return self;
  }

  #exchange(
    name: string,
    req: InProcessRequest,
    open: Set<Duplex>,
    watchLagMs: () => number,
  ): Promise<InProcessResponse> {
    const [clientSide, serverSide] = duplexPair().map(asSocket) as [Duplex, Duplex];
    open.add(clientSide);
    this.#serverSockets.add(serverSide);
    clientSide.on('close', () => open.delete(clientSide));
    serverSide.on('close', () => this.#serverSockets.delete(serverSide));
    clientSide.on('data', (chunk: Buffer) => (this.bytes += chunk.length));
    this.#server.emit('connection', serverSide);
    return new Promise((resolve, reject) => {
      const outgoing = http.request({
        method: req.method,
        path: req.path,
        // Node sends a DELETE body without framing unless told its length
        headers: {
          ...req.headers,
          host: 'simulation',
          ...(req.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(req.body)) }),
        },
        createConnection: () => clientSide as never,
        ...(req.signal ? { signal: req.signal } : {}),
      });
      outgoing.on('error', (err) => {
        clientSide.destroy();
        reject(err);
      });
      outgoing.on('response', (res) => {
        this.#observer.onResponse(name, req.method, req.path, res.statusCode ?? 0);
        res.on('close', () => clientSide.destroy());
        const stream = /[?&]watch=(true|1)(&|$)/.test(req.path)
          ? this.#lagging(res, watchLagMs)
          : res;
        const body = Object.assign(stream, { arrayBuffer: () => arrayBuffer(stream) });
        resolve({
          statusCode: res.statusCode ?? 0,
          headers: res.headers as Record<string, string | string[] | undefined>,
          body,
        });
      });
      outgoing.end(req.body);
    });
  }

  /**
   * `res` delivered late: each chunk, its end or its error `lag()` ms after it arrived (never
   * before an earlier one). Destroying the result destroys `res`.
   */
  #lagging(res: http.IncomingMessage, lag: () => number): Readable {
    const out = new PassThrough();
    let last = 0;
    const later = (fn: () => void): void => {
      const ms = lag();
      if (ms <= 0 && last <= this.#clock.now()) return fn();
      last = Math.max(last, this.#clock.now() + ms);
      this.#clock.setTimeout(fn, last - this.#clock.now());
    };
    res.on('data', (chunk: Buffer) => later(() => void (out.destroyed || out.write(chunk))));
    res.on('end', () => later(() => out.end()));
    res.on('error', (err) => later(() => out.destroy(err)));
    res.on('aborted', () =>
      later(() => out.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))),
    );
    out.on('close', () => res.destroy());
    return out;
  }
}
