import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type * as Undici from 'undici';
import type { Dispatcher, Pool, buildConnector } from 'undici';
import type { RestConfig } from '../config';
import type { HttpTransport, HttpTransportRequest, HttpTransportResponse } from '../http-transport';
import { ConfigError } from '../config-error';
import { abortableDispatcher, type AbortSource } from './abortable-dispatcher';
import type { Attempt } from './received-response';
import { sendWhole, type WholeResponse } from './whole-response';
import type { Authenticator, ClientCertificate } from './authenticator';

let undici: Promise<typeof Undici> | undefined;

/**
 * undici, loaded on the first request rather than with the package: on an unsupported Node.js
 * the package entry's version check then reports the problem instead of undici crashing while
 * it loads.
 */
function loadUndici(): Promise<typeof Undici> {
  undici ??= import('undici');
  return undici;
}

/** How long an idle keep-alive connection is kept (kube-apiserver keeps them 90 s). */
const keepAliveMs = 60_000;

function readPem(path: string | undefined, field: string): string | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      'FileNotFound',
      `cannot read ${path}`,
      { file: path, field },
      { cause: err },
    );
  }
}

/** The TLS options of `config`, files read now. Throws ConfigError for contradictions. */
export function tlsOptionsFor(config: RestConfig): ConnectionOptions {
  const ca = config.caData ?? readPem(config.caFile, 'caFile');
  if (config.insecureSkipTLSVerify && ca !== undefined)
    throw new ConfigError('Invalid', 'a CA cannot be combined with insecureSkipTLSVerify', {
      field: 'insecureSkipTLSVerify',
    });
  const cert = config.certData ?? readPem(config.certFile, 'certFile');
  const key = config.keyData ?? readPem(config.keyFile, 'keyFile');
  if ((cert === undefined) !== (key === undefined))
    throw new ConfigError('Invalid', 'a client certificate needs both a certificate and a key', {
      field: cert === undefined ? 'certData' : 'keyData',
    });
  const tls: ConnectionOptions = { rejectUnauthorized: !config.insecureSkipTLSVerify };
  if (ca !== undefined) tls.ca = ca;
  if (cert !== undefined) tls.cert = cert;
  if (key !== undefined) tls.key = key;
  if (config.tlsServerName) tls.servername = config.tlsServerName;
  return tls;
}

/** undici's dispatch options of a request (its method, path, headers and body). */
function dispatchOptions(request: Attempt): Dispatcher.DispatchOptions {
  return {
    method: request.method as Dispatcher.HttpMethod,
    path: request.path,
    headers: request.headers,
    body: request.body,
  };
}

/** The pool and the dispatcher that sends through it with {@link AbortSource}s. */
interface Connections {
  pool: Pool;
  abortable: Dispatcher;
}

/**
 * The one keep-alive connection pool to an API server. Connections are made with the config's
 * TLS settings; a client certificate handed out by an exec plugin is used for connections made
 * after it arrived, and a changed certificate retires the pool's idle connections.
 */
export class Transport implements HttpTransport {
  readonly origin: string;
  readonly #tls: ConnectionOptions;
  readonly #auth: Authenticator;
  /** Created on the first request (undici is loaded then). */
  #pool: Promise<Connections> | undefined;
  /** {@link #pool} once it has resolved: requests then go out without waiting a turn for it. */
  #ready: Connections | undefined;
  #certInUse: ClientCertificate | undefined;
  /** Pools retired by a changed client certificate, closing once their requests are done. */
  readonly #retired = new Set<Promise<Connections>>();
  /** Set by the first close(): later calls share it (undici rejects a second close). */
  #closing: Promise<void> | undefined;
  /** Set by the first destroy(): later close() and destroy() calls share it. */
  #destroying: Promise<void> | undefined;

  constructor(origin: string, config: RestConfig, auth: Authenticator) {
    this.origin = origin;
    this.#tls = tlsOptionsFor(config);
    this.#auth = auth;
    this.#certInUse = auth.clientCertificate?.();
  }

  /**
   * A pool speaking HTTP/1.1, though kube-apiserver offers HTTP/2 (which undici 8 would take).
   * undici's HTTP/2 client ends a request aborted while it is being written (a watch stopped
   * right after it started, a timeout) without a RST_STREAM (client-h2.js `abort`:
   * `stream.close()` defers the reset to the stream's 'finish', the `destroy()` right after it
   * drops the stream first). The server answers anyway, and Node opens a new stream for the
   * unknown id (http2 core `onSessionHeaders`) that nobody reads or listens to: it stalls the
   * shared connection once its unread data fills the flow-control window, and when the session
   * ends with an error (the pool closed at shutdown or at a credential rotation, a connection
   * reset) it emits 'error' with no listener, an uncaught exception. HTTP/1.1 costs less client
   * CPU per GET and delivers watch events about as fast (test/bench/http-version.ts); each open
   * watch holds a connection of its own.
   */
  async #newPool(cert: ClientCertificate | undefined): Promise<Connections> {
    const undici = await loadUndici();
    const connector = undici.buildConnector({
      ...this.#tls,
      ...(cert ? { cert: cert.cert, key: cert.key } : {}),
      // ALPN offers http/1.1 alone. Set here: the connector buildConnector makes ignores the
      // allowH2 a Pool hands it per connection.
      allowH2: false,
    } as buildConnector.BuildOptions);
    const pool = new undici.Pool(this.origin, {
      connect: connector,
      allowH2: false,
      // Timeouts are enforced per request by the client (overall deadline, watch inactivity).
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: keepAliveMs,
      keepAliveMaxTimeout: keepAliveMs,
    });
    return { pool, abortable: abortableDispatcher(undici, pool) };
  }

  /** Sends one request on the pool; `options.signal` aborts it. */
  async request(options: HttpTransportRequest): Promise<HttpTransportResponse> {
    return (await this.#current()).pool.request({
      ...options,
      method: options.method as Dispatcher.HttpMethod,
    });
  }

  /**
   * Sends one request on the pool that `source` (the request's Deadline) can end, without an
   * AbortSignal; resolves once the headers arrived, the body unread: what the RESTClient uses
   * with its own transport for streams (watches, `stream()`).
   */
  send(options: Attempt, source: AbortSource): Promise<HttpTransportResponse> {
    const request = { ...dispatchOptions(options), opaque: source };
    return this.#onPool((c) => c.abortable.request(request));
  }

  /**
   * Sends one request as {@link send} does and reads its response whole ({@link sendWhole}):
   * what the RESTClient uses for every request whose body it reads whole.
   */
  sendWhole(options: Attempt, source: AbortSource): Promise<WholeResponse> {
    const request = dispatchOptions(options);
    return this.#onPool((c) => sendWhole(c.pool, request, source));
  }

  /**
   * Runs `use` on the pool, made first if no request made it yet. A request made once close()
   * or destroy() was called fails, even before the pool ends.
   */
  #onPool<R>(use: (c: Connections) => Promise<R>): Promise<R> {
    if (this.#closing || this.#destroying) return Promise.reject(this.#closedError());
    const ready = this.#currentNow();
    return ready ? use(ready) : this.#current().then(use);
  }

  /**
   * The pool, made now if no request made it yet (a changed client certificate retires it);
   * after close() or destroy() none is made, the request fails.
   */
  #current(): Promise<Connections> {
    this.#currentNow();
    if (!this.#pool) {
      if (this.#closing || this.#destroying) return Promise.reject(this.#closedError());
      const made = this.#newPool(this.#certInUse);
      this.#pool = made;
      made.then(
        (c) => {
          if (this.#pool === made) this.#ready = c;
        },
        () => undefined,
      );
    }
    return this.#pool;
  }

  #closedError(): Error {
    return new Error(
      `the client of ${this.origin} is ${this.#destroying ? 'destroyed' : 'closed'}`,
    );
  }

  /** The resolved pool for the credentials in use, if there is one; retires a stale one. */
  #currentNow(): Connections | undefined {
    const cert = this.#auth.clientCertificate?.();
    if (cert !== this.#certInUse) {
      this.#certInUse = cert;
      const old = this.#pool;
      this.#pool = undefined;
      this.#ready = undefined;
      if (old) this.#retire(old);
    }
    return this.#ready;
  }

  #retire(old: Promise<Connections>): void {
    this.#retired.add(old);
    void old
      .then((c) => c.pool.close())
      .catch(() => undefined)
      .finally(() => this.#retired.delete(old));
  }

  /**
   * Closes the pool once in-flight requests are done; idempotent, and after destroy() it
   * resolves once the pool is destroyed. No pool is made for it.
   */
  close(): Promise<void> {
    if (this.#destroying) return this.#destroying;
    // retired pools are closing already
    this.#closing ??= this.#endPools([this.#pool], (pool) => pool.close());
    return this.#closing;
  }

  /** Closes the pool (and retired ones) now, failing in-flight requests; idempotent. */
  destroy(): Promise<void> {
    this.#destroying ??= this.#endPools([...this.#retired, this.#pool], (pool) => pool.destroy());
    return this.#destroying;
  }

  /** Ends `pools` (skipping none made yet and one whose creation failed). */
  async #endPools(
    pools: (Promise<Connections> | undefined)[],
    end: (pool: Pool) => Promise<void>,
  ): Promise<void> {
    await Promise.all(
      pools.map((made) =>
        made?.then(
          (c) => end(c.pool),
          () => undefined,
        ),
      ),
    );
  }
}
