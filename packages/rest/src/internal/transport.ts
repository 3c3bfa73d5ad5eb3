import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Pool, buildConnector, type Dispatcher } from 'undici';
import type { RestConfig } from '../config';
import { ConfigError } from '../config-error';
import type { Authenticator, ClientCertificate } from './authenticator';

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
export class Transport {
  readonly origin: string;
  readonly #tls: ConnectionOptions;
  readonly #auth: Authenticator;
  #pool: Pool;
  #certInUse: ClientCertificate | undefined;

  constructor(origin: string, config: RestConfig, auth: Authenticator) {
    this.origin = origin;
    this.#tls = tlsOptionsFor(config);
    this.#auth = auth;
    this.#certInUse = auth.clientCertificate?.();
    this.#pool = this.#newPool();
  }

  #newPool(): Pool {
    const cert = this.#certInUse;
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
  request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    const cert = this.#auth.clientCertificate?.();
    if (cert !== this.#certInUse) {
      this.#certInUse = cert;
      const old = this.#pool;
      this.#pool = this.#newPool();
      void old.close().catch(() => undefined);
    }
    return this.#pool.request(options);
  }

  /** Closes the pool once in-flight requests are done. */
  close(): Promise<void> {
    return this.#pool.close();
  }

  /** Closes the pool now, failing in-flight requests. */
  destroy(): Promise<void> {
    return this.#pool.destroy();
  }
}
