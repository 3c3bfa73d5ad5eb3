import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type * as Undici from 'undici';
import type { Dispatcher, Pool, buildConnector } from 'undici';
import type { RestConfig } from '../config';
import type { HttpTransport, HttpTransportRequest, HttpTransportResponse } from '../http-transport';
import { ConfigError } from '../config-error';
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
  #pool: Promise<Pool> | undefined;
  #certInUse: ClientCertificate | undefined;

  constructor(origin: string, config: RestConfig, auth: Authenticator) {
    this.origin = origin;
    this.#tls = tlsOptionsFor(config);
    this.#auth = auth;
    this.#certInUse = auth.clientCertificate?.();
  }

  async #newPool(cert: ClientCertificate | undefined): Promise<Pool> {
    const { Pool, buildConnector } = await loadUndici();
    const connector = buildConnector({
      ...this.#tls,
      ...(cert ? { cert: cert.cert, key: cert.key } : {}),
    } as buildConnector.BuildOptions);
    return new Pool(this.origin, {
      connect: connector,
      // Timeouts are enforced per request by the client (overall deadline, watch inactivity).
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: keepAliveMs,
      keepAliveMaxTimeout: keepAliveMs,
    });
  }

  /** Sends one request on the pool. */
  async request(options: HttpTransportRequest): Promise<HttpTransportResponse> {
    const cert = this.#auth.clientCertificate?.();
    if (cert !== this.#certInUse) {
      this.#certInUse = cert;
      const old = this.#pool;
      this.#pool = undefined;
      void old?.then((p) => p.close()).catch(() => undefined);
    }
    return (await this.#current()).request({
      ...options,
      method: options.method as Dispatcher.HttpMethod,
    });
  }

  /**
   * The pool, made now if no request made it yet: closing a client that sent nothing must still
   * make later requests fail as closed.
   */
  #current(): Promise<Pool> {
    this.#pool ??= this.#newPool(this.#certInUse);
    return this.#pool;
  }

  /** Closes the pool once in-flight requests are done. */
  async close(): Promise<void> {
    await (await this.#current()).close();
  }

  /** Closes the pool now, failing in-flight requests. */
  async destroy(): Promise<void> {
    await (await this.#current()).destroy();
  }
}
