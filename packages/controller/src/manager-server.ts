import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ControllerError } from './controller-error';
import { runChecks, runSingle, type HealthCheck } from './internal/healthz';

export type { HealthCheck } from './internal/healthz';

/** What `/metrics` serves: a prom-client `Registry` fits. @see https://github.com/siimon/prom-client */
export interface MetricsRegistry {
  /** The exposition text. */
  metrics(): Promise<string> | string;
  /** Its Content-Type. */
  readonly contentType: string;
}

/** Options of {@link startManagerServer}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/metrics/server/server.go */
export interface ManagerServerOptions {
  /**
   * Where `/metrics` listens: `host:port`, `:port` (all interfaces) or `[::1]:port`; port 0 picks
   * a free one. Omitted or `'0'`: no metrics endpoint (as controller-runtime's `"0"`). The same
   * text as `healthAddress` (`:0` included) serves both from one server.
   */
  metricsAddress?: string | undefined;
  /** Where `/healthz`, `/livez` and `/readyz` listen; same forms. Omitted or `'0'`: none. */
  healthAddress?: string | undefined;
  /** Served on `/metrics`; default prom-client's global `register` (loaded when first scraped). */
  registry?: MetricsRegistry | undefined;
  /** Liveness checks, by name, on `/healthz` and `/livez`; a `ping` check is always there. */
  healthChecks?: Record<string, HealthCheck> | undefined;
  /** Readiness checks, by name, on `/readyz` (e.g. caches synced); `ping` is always there. */
  readyChecks?: Record<string, HealthCheck> | undefined;
  /**
   * Write `reason withheld` instead of each failing check's reason in responses (as
   * kube-apiserver does). Default false: a probe's output says why (`[-]informers failed: pods:
   * not synced: GET https://...: connection refused (...)`); errors of kubekit never carry
   * credentials, but set this when your own checks' messages may.
   */
  withholdReasons?: boolean | undefined;
  /** Gets the error of each failing check; default ignored. */
  onCheckFailed?: ((endpoint: string, name: string, err: unknown) => void) | undefined;
  /**
   * Gets an error a listening server emits (e.g. `EMFILE` when accepting a connection with no
   * file descriptor left); the server keeps listening. Default ignored: such an error never
   * crashes the process.
   */
  onServerError?: ((err: Error) => void) | undefined;
}

/** A running {@link startManagerServer}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/internal.go */
export interface ManagerServer {
  /** `http://host:port` of `/metrics`, when served. */
  readonly metricsUrl: string | undefined;
  /** `http://host:port` of the health endpoints, when served. */
  readonly healthUrl: string | undefined;
  /** Adds (or replaces) a liveness check. */
  addHealthCheck(name: string, check: HealthCheck): void;
  /** Adds (or replaces) a readiness check. */
  addReadyCheck(name: string, check: HealthCheck): void;
  /** Stops listening and closes open connections; resolves once closed. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP endpoints a controller binary exposes (controller-runtime's metrics server and
 * health probes): `/metrics` in the Prometheus text format, `/healthz` and `/livez` (liveness),
 * `/readyz` (readiness), each answering like kube-apiserver's healthz: `ok`, or 500 with a line
 * per check; `?verbose` lists every check, `?exclude=name` skips one, `/readyz/<name>` runs one.
 *
 * Guarantees: checks run on each request (nothing cached); a failing check's response line gives
 * the first line of its error (300 characters at most; `reason withheld` with
 * `withholdReasons`), and the whole error goes to `onCheckFailed`.
 *
 * @throws ControllerError `ServerFailed` when an address cannot be listened on;
 *   `InvalidOptions` when it cannot be parsed.
 * @example
 * ```ts
 * const server = await startManagerServer({
 *   metricsAddress: ':8080',
 *   healthAddress: ':8081',
 *   readyChecks: { 'informer-sync': () => { if (!controller.hasSynced()) throw new Error('not synced'); } },
 * });
 * // later: await server.close();
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/internal.go
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/server/healthz/healthz.go
 */
export async function startManagerServer(options: ManagerServerOptions): Promise<ManagerServer> {
  const health = new Map<string, HealthCheck>([['ping', () => {}]]);
  const ready = new Map<string, HealthCheck>([['ping', () => {}]]);
  for (const [n, c] of Object.entries(options.healthChecks ?? {})) health.set(n, c);
  for (const [n, c] of Object.entries(options.readyChecks ?? {})) ready.set(n, c);
  const onCheckFailed = options.onCheckFailed ?? (() => {});
  const onServerError = options.onServerError ?? (() => {});
  const withholdReasons = options.withholdReasons ?? false;

  const metricsAt = parseAddress(options.metricsAddress);
  const healthAt = parseAddress(options.healthAddress);
  const shared = metricsAt && healthAt && options.metricsAddress === options.healthAddress;

  const serveMetrics = async (res: ServerResponse) => {
    const registry = options.registry ?? (await import('prom-client')).register;
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType }).end(text);
  };
  const serveHealth = async (path: string, query: URLSearchParams, res: ServerResponse) => {
    const [, endpoint = '', name] = path.split('/');
    const checks = endpoint === 'readyz' ? ready : health;
    if (name !== undefined) {
      const check = checks.get(name);
      if (!check) return void res.writeHead(404).end('404 page not found\n');
      const answer = await runSingle(check, withholdReasons);
      return void reply(res, answer.status, answer.body);
    }
    const answer = await runChecks(endpoint, checks, {
      verbose: query.has('verbose'),
      exclude: new Set(query.getAll('exclude')),
      withholdReasons,
      onFailure: (n, err) => onCheckFailed(endpoint, n, err),
    });
    reply(res, answer.status, answer.body);
  };

  const handler =
    (withMetrics: boolean, withHealth: boolean) => (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname.replace(/\/+$/, '');
      const work = async () => {
        if (withMetrics && path === '/metrics') return serveMetrics(res);
        if (withHealth && /^\/(healthz|livez|readyz)(\/[^/]+)?$/.test(path))
          return serveHealth(path, url.searchParams, res);
        res.writeHead(404).end('404 page not found\n');
      };
      work().catch((err: unknown) => {
        if (!res.headersSent) reply(res, 500, `internal server error: ${String(err)}\n`);
        else res.destroy();
      });
    };

  const servers: Server[] = [];
  const listen = async (at: ListenAddress, withMetrics: boolean, withHealth: boolean) => {
    const server = createServer(handler(withMetrics, withHealth));
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      const failed = (err: Error) =>
        reject(
          new ControllerError('ServerFailed', `cannot listen on ${at.text}: ${err.message}`, {
            cause: err,
          }),
        );
      server.once('error', failed);
      server.listen(at.port, at.host, () => {
        server.off('error', failed);
        resolve();
      });
    });
    server.on('error', onServerError);
    const { address, port } = server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    return `http://${host === '[::]' ? '[::1]' : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  };

  const close = async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  };
  try {
    let metricsUrl: string | undefined;
    let healthUrl: string | undefined;
    if (shared) {
      metricsUrl = healthUrl = await listen(metricsAt, true, true);
    } else {
      if (metricsAt) metricsUrl = await listen(metricsAt, true, false);
      if (healthAt) healthUrl = await listen(healthAt, false, true);
    }
    return {
      metricsUrl,
      healthUrl,
      addHealthCheck: (name, check) => void health.set(name, check),
      addReadyCheck: (name, check) => void ready.set(name, check),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

interface ListenAddress {
  text: string;
  host: string | undefined;
  port: number;
}

function reply(res: ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
    })
    .end(body);
}

/** `host:port`, `:port`, `[v6]:port`; `undefined` for omitted or `'0'` (disabled). */
function parseAddress(text: string | undefined): ListenAddress | undefined {
  if (text === undefined || text === '' || text === '0') return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || !Number.isInteger(port) || port > 65535)
    throw new ControllerError(
      'InvalidOptions',
      `bind address ${JSON.stringify(text)} is not host:port, :port or [ipv6]:port`,
    );
  const host = match[1] ?? match[2];
  return { text, host: host === '' ? undefined : host, port };
}
