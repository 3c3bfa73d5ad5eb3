import { Agent } from 'undici';
import { parse as parseYaml } from 'yaml';
import type { WatchEvent } from '@kubekit/apimachinery';

/**
 * `@kubekit/testing/http`: a raw HTTP client for API-server test suites — the embedded
 * server's own tests and the conformance suite that runs against any cluster. Plain undici on
 * purpose: the server must be tested without the client (@kubekit/rest) it serves.
 * @packageDocumentation
 */

/** Where a cluster is and how to authenticate: what {@link TestClient} needs. */
export interface ClusterAccess {
  url: string;
  /** Bearer token (omit for client-certificate auth). */
  token?: string;
  /** PEM of the CA that signed the serving certificate. */
  caPem?: string;
  /** Client certificate and key (PEM), for clusters that authenticate by certificate. */
  certPem?: string;
  keyPem?: string;
}

/**
 * Reads the current context of a kubeconfig (YAML text): server, CA data, token or client
 * certificate data. Only inline data is supported (no file paths, no exec plugins).
 */
export function clusterAccessFromKubeconfig(yamlText: string): ClusterAccess {
  const cfg = parseYaml(yamlText) as any;
  const ctxName = cfg['current-context'];
  const ctx =
    (cfg.contexts ?? []).find((c: any) => c.name === ctxName)?.context ??
    cfg.contexts?.[0]?.context ??
    {};
  const cluster =
    (cfg.clusters ?? []).find((c: any) => c.name === ctx.cluster)?.cluster ??
    cfg.clusters?.[0]?.cluster;
  const user = (cfg.users ?? []).find((u: any) => u.name === ctx.user)?.user ?? {};
  if (!cluster?.server) throw new Error('kubeconfig has no cluster server');
  const b64 = (v: string | undefined): string | undefined =>
    v ? Buffer.from(v, 'base64').toString('utf8') : undefined;
  return {
    url: String(cluster.server).replace(/\/+$/, ''),
    token: user.token,
    caPem: b64(cluster['certificate-authority-data']),
    certPem: b64(user['client-certificate-data']),
    keyPem: b64(user['client-key-data']),
  };
}

/** A response as the tests look at it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  body: any;
}

/** An open watch: events as they arrive, and a way to stop it. */
export interface TestWatch {
  /** Resolves with the next event, or undefined once the stream has ended. */
  next(): Promise<WatchEvent | undefined>;
  /** Collects events until `n` have arrived (or the stream ends). */
  take(n: number): Promise<WatchEvent[]>;
  close(): void;
  status: number;
}

/**
 * A minimal HTTP client for API-server tests: sends the bearer token (or client certificate),
 * trusts the cluster's CA, parses JSON bodies, reads watch streams line by line. It never
 * retries and never interprets errors: tests see exactly what the server answered. It speaks
 * HTTP/1.1, as @kubekit/rest does, to kube-apiserver too (which offers HTTP/2): over HTTP/2 a
 * request aborted while being sent leaves a stream in Node that crashes the process when the
 * connection ends (see packages/rest/README.md, "HTTP/1.1").
 */
export class TestClient {
  private readonly agent: Agent;
  /** The pool's close, once started: closing again waits for it instead of failing. */
  private closing: Promise<void> | undefined;

  constructor(private readonly server: ClusterAccess) {
    this.agent = new Agent({
      allowH2: false,
      connect: {
        ...(server.caPem ? { ca: server.caPem } : {}),
        ...(server.certPem ? { cert: server.certPem, key: server.keyPem } : {}),
      },
    });
  }

  /**
   * Where a request goes: the path is sent byte for byte (no URL resolution, so `/..` and
   * `%2e` reach the server as written).
   */
  private target(path: string): { origin: string; path: string } {
    const base = new URL(this.server.url);
    return { origin: base.origin, path: base.pathname.replace(/\/$/, '') + path };
  }

  private authHeaders(): Record<string, string> {
    return this.server.token ? { authorization: `Bearer ${this.server.token}` } : {};
  }

  /** Sends a request; `body` is sent as JSON unless it is already a string. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    const payload =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const res = await this.agent.request({
      ...this.target(path),
      method: method as 'GET',
      headers: {
        authorization: `Bearer ${this.server.token}`,
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: payload,
    });
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, body: parsed };
  }

  /** GET `path`. */
  get(path: string, headers?: Record<string, string>): Promise<TestResponse> {
    return this.request('GET', path, undefined, headers);
  }

  /** POST `body` as JSON. */
  post(path: string, body: unknown): Promise<TestResponse> {
    return this.request('POST', path, body);
  }

  /** PUT `body` as JSON. */
  put(path: string, body: unknown): Promise<TestResponse> {
    return this.request('PUT', path, body);
  }

  /** PATCH with the given patch content type. */
  patch(path: string, body: unknown, contentType: string): Promise<TestResponse> {
    return this.request('PATCH', path, body, { 'content-type': contentType });
  }

  /** DELETE, with DeleteOptions as the body when given. */
  delete(path: string, body?: unknown): Promise<TestResponse> {
    return this.request('DELETE', path, body);
  }

  /** Opens a watch (`path` must carry `watch=true` or the `/watch/` prefix). */
  async watch(path: string): Promise<TestWatch> {
    const controller = new AbortController();
    const res = await this.agent.request({
      ...this.target(path),
      method: 'GET',
      headers: this.authHeaders(),
      signal: controller.signal,
    });
    const queue: WatchEvent[] = [];
    const waiters: Array<(e: WatchEvent | undefined) => void> = [];
    let ended = false;
    const push = (e: WatchEvent | undefined): void => {
      const w = waiters.shift();
      if (w) w(e);
      else if (e) queue.push(e);
    };
    void (async () => {
      let buf = '';
      try {
        for await (const chunk of res.body) {
          buf += chunk.toString();
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line.trim()) push(JSON.parse(line) as WatchEvent);
          }
        }
      } catch {
        // aborted or connection closed: the stream ends
      }
      ended = true;
      while (waiters.length) push(undefined);
    })();
    const next = (): Promise<WatchEvent | undefined> => {
      if (queue.length) return Promise.resolve(queue.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiters.push(resolve));
    };
    return {
      status: res.statusCode,
      next,
      take: async (n: number) => {
        const out: WatchEvent[] = [];
        while (out.length < n) {
          const e = await next();
          if (!e) break;
          out.push(e);
        }
        return out;
      },
      close: () => controller.abort(),
    };
  }

  /**
   * Closes the connection pool. Safe to call more than once: later calls resolve when the first
   * has finished (undici rejects a second close of a closed pool with ClientDestroyedError).
   */
  close(): Promise<void> {
    this.closing ??= this.agent.close();
    return this.closing;
  }
}
