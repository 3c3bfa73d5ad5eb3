import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { newUnauthorized, type Clock, type KubeObject } from '@kubekit/apimachinery';
import type { PodLogHook } from './server/api-core';
import { generateServingCerts, type ServingCerts } from './server/certs';
import { FaultState, type FailureRule } from './server/faults';
import { sendError } from './server/http-util';
import { buildKubeConfig, kubeConfigYaml, type KubeConfigFile } from './server/kubeconfig';
import { parseRequestTarget, type RequestTarget } from './server/request-info';
import { enforceDeadline, requestDeadlineMs } from './server/request-deadline';
import { route } from './server/router';
import { ServerState } from './server/server-state';
import {
  DefaultRequestTimeoutMs,
  DefaultWatchBufferBytesPerWatcher,
  DefaultWatchBufferBytesTotal,
  DefaultWatchHistoryBytes,
} from './limits';
import { newStorageAccess, type StorageAccess } from './storage-access';

export type { PodLogHook, PodLogRequest } from './server/api-core';
export type { FailureRule } from './server/faults';
export type { KubeConfigFile } from './server/kubeconfig';

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Serve plain HTTP instead of HTTPS with a generated CA. */
  http?: boolean;
  /** The bearer token clients must send (default: random). */
  token?: string;
  /** Events kept for watch resumption and exact-revision lists (default 50,000); older -> 410. */
  historySize?: number;
  /**
   * Bytes of objects (as JSON) the watch history may hold beyond its newest event; older events
   * are compacted, as by `historySize` (default {@link DefaultWatchHistoryBytes}, 128 MiB).
   */
  historyBytes?: number;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 60 s, as kube's cacher). */
  bookmarkIntervalMs?: number;
  /**
   * Unsent bytes one watcher may hold (its client not reading) before it is dropped, its
   * connection cut (default {@link DefaultWatchBufferBytesPerWatcher}, 16 MiB).
   */
  watchBufferBytesPerWatcher?: number;
  /**
   * Unsent bytes all watchers together may hold: past it the watchers holding the most are
   * dropped until the total is under it (default {@link DefaultWatchBufferBytesTotal}, 128 MiB).
   */
  watchBufferBytesTotal?: number;
  /** The `gitVersion` `/version` reports (default `v1.33.0`; kubectl dispatches on it). */
  gitVersion?: string;
  /** Supplies the text of `pods/{name}/log` (a pod runner's role). */
  podLogs?: PodLogHook;
  /** The server's clock for timestamps (default the `clock`'s time, or `new Date()`). */
  now?: () => Date;
  /**
   * Timers of grace periods, watch timeouts, bookmarks and the built-in node controllers (see
   * `nodeLifecycle`); default the real clock. A FakeClock (from `@kubekit/apimachinery`) lets a
   * test step through grace periods and tolerations; it also stamps objects unless `now` is
   * given.
   */
  clock?: Clock;
  /**
   * The node lifecycle controller (kube-controller-manager's): a node whose kubelet has not
   * renewed its Lease in `kube-node-lease` (nor posted a status heartbeat) for
   * `monitorGracePeriodMs` (default 50 s; `startupGracePeriodMs`, default 60 s, for a node that
   * never posted status) turns Ready=Unknown and gets the `node.kubernetes.io/unreachable`
   * NoSchedule and NoExecute taints; the pods on it are then deleted once their toleration of
   * the taint runs out (300 s by default). `false` runs neither.
   */
  nodeLifecycle?: false | { monitorGracePeriodMs?: number; startupGracePeriodMs?: number };
  /**
   * Where errors of the built-in controllers and of the listening server (e.g. `EMFILE` when
   * accepting a connection; it keeps listening) go (default: console.error).
   */
  onError?: (err: unknown) => void;
  /**
   * Called with every request the server receives (method and URL with its query string, as
   * sent), before it is authenticated or served: for tests of what a client sends. It must not
   * throw.
   */
  onRequest?: (req: { method: string; url: string }) => void;
  /**
   * How long a request that is not long-running may take before it is answered 504 Timeout
   * (kube-apiserver's `--request-timeout`, default {@link DefaultRequestTimeoutMs}, 60 s); a
   * shorter `timeout` query parameter (a Go duration such as `5s`) lowers it for its request,
   * an invalid one is a 400. Watches and the log, exec, attach, port-forward and proxy
   * subresources have no deadline.
   */
  requestTimeoutMs?: number;
}

/** Faults a test can inject to exercise a client's resilience. */
export interface FaultInjector {
  /** Ends every open watch stream (clients see a clean end and must re-watch). */
  dropWatches(): void;
  /** Destroys every open connection, watches and keep-alive sockets alike. */
  closeConnections(): void;
  /** Fails a share of requests with 429 (Retry-After), 500, 503 or 504; `undefined` clears. */
  failRequests(rule: FailureRule | undefined): void;
  /** Delays every request by `ms` before it is served (0 clears). */
  setLatency(ms: number): void;
  /** Drops all watch history: watches and exact lists from older revisions get 410 Expired. */
  compactHistory(): void;
  /** Clears failures and latency. */
  clear(): void;
}

/** A running in-memory API server. */
export interface ApiServer {
  /** `https://127.0.0.1:<port>` (or `http://` with `http: true`). */
  readonly url: string;
  /** A kubeconfig object reaching this server (YAML keys exactly as in a kubeconfig file). */
  readonly kubeConfig: KubeConfigFile;
  /** {@link ApiServer.kubeConfig} as YAML, ready to write to a file for kubectl. */
  readonly kubeconfigYaml: string;
  /** The bearer token the server accepts. */
  readonly token: string;
  /** The CA certificate (PEM) that signed the serving certificate; undefined over plain HTTP. */
  readonly caPem?: string;
  /** Fault injection. */
  readonly faults: FaultInjector;
  /** Direct access to the stored objects (same semantics as the API, no HTTP). */
  readonly storage: StorageAccess;
  /** Resolves once the built-in controllers (GC, namespaces, CRDs) have caught up. */
  settle(): Promise<void>;
  /**
   * Stops and starts the server on the same port: open connections break; with `keepData`
   * (default true) objects and revisions survive, otherwise it comes back empty.
   */
  restart(options?: { keepData?: boolean }): Promise<void>;
  /** Stops the server and closes every connection. */
  stop(): Promise<void>;
}

const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

/**
 * Starts an in-memory Kubernetes API server on 127.0.0.1 that speaks the real HTTP and watch
 * protocol: discovery, the built-in resources, CRDs, list/watch with selectors, pagination,
 * bookmarks and resource version semantics, patches, finalizers and garbage collection.
 *
 * Guarantees: HTTPS with a generated CA and bearer-token auth by default; every error is a
 * Status with kube-apiserver's code, reason and message.
 * Caveats: no RBAC, no admission webhooks, no workload controllers, no protobuf.
 *
 * @example
 * ```ts
 * const server = await startApiServer();
 * // write server.kubeconfigYaml to a file and point kubectl or a client at it
 * await server.stop();
 * ```
 * @see https://github.com/kubernetes/apiserver
 */
export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const certs: ServingCerts | undefined = options.http ? undefined : await generateServingCerts();
  const { clock } = options;
  const onError = (err: unknown, where: 'controller' | 'server'): void =>
    options.onError
      ? options.onError(err)
      : console.error(`kubekit-apiserver ${where} error:`, err);
  const makeState = (): ServerState =>
    new ServerState({
      historySize: options.historySize ?? 50_000,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
      historyBytes: options.historyBytes ?? DefaultWatchHistoryBytes,
      watchBuffers: {
        perWatcher: options.watchBufferBytesPerWatcher ?? DefaultWatchBufferBytesPerWatcher,
        total: options.watchBufferBytesTotal ?? DefaultWatchBufferBytesTotal,
      },
      now: options.now ?? (clock ? () => new Date(clock.now()) : () => new Date()),
      clock,
      nodeLifecycle:
        options.nodeLifecycle === false
          ? false
          : {
              monitorGracePeriodMs: options.nodeLifecycle?.monitorGracePeriodMs ?? 50_000,
              startupGracePeriodMs: options.nodeLifecycle?.startupGracePeriodMs ?? 60_000,
            },
      podLogs: options.podLogs,
      onError: (err) => onError(err, 'controller'),
    });
  let state = makeState();
  const faults = new FaultState();
  const sockets = new Set<Socket>();
  const gitVersion = options.gitVersion ?? 'v1.33.0';
  let port = options.port ?? 0;
  const requestTimeoutMs = options.requestTimeoutMs ?? DefaultRequestTimeoutMs;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const current = state;
    options.onRequest?.({ method: req.method ?? 'GET', url: req.url ?? '/' });
    let target: RequestTarget;
    let deadlineMs: number | undefined;
    try {
      target = parseRequestTarget(req.url ?? '/');
      deadlineMs = requestDeadlineMs(req.method ?? 'GET', target, requestTimeoutMs);
    } catch (err) {
      sendError(res, err);
      return;
    }
    if (deadlineMs !== undefined && enforceDeadline(res, deadlineMs)) return;
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.headers.authorization !== `Bearer ${token}` && !publicPaths.has(path)) {
      sendError(res, newUnauthorized());
      return;
    }
    const failure = faults.failureFor(req.method ?? 'GET', path);
    if (failure) {
      sendError(res, failure);
      return;
    }
    const serve = (): void =>
      void route(current, { gitVersion, address: () => `127.0.0.1:${port}` }, target, req, res);
    if (faults.latencyMs > 0) setTimeout(serve, faults.latencyMs);
    else serve();
  };

  let server: http.Server;
  const listen = async (): Promise<void> => {
    server = certs
      ? https.createServer({ key: certs.keyPem, cert: certs.certPem }, handler)
      : http.createServer(handler);
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    server.on(certs ? 'secureConnection' : 'connection', (s: Socket) => s.setNoDelay(true));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => onError(err, 'server'));
    port = (server.address() as { port: number }).port;
  };
  const close = async (): Promise<void> => {
    state.hub.closeAll();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  await listen();

  const url = `${certs ? 'https' : 'http'}://127.0.0.1:${port}`;
  const kubeConfig = buildKubeConfig({ server: url, token, caPem: certs?.caPem });
  const storage = newStorageAccess(() => state);
  return {
    url,
    kubeConfig,
    kubeconfigYaml: kubeConfigYaml(kubeConfig),
    token,
    caPem: certs?.caPem,
    storage,
    faults: {
      dropWatches: () => state.hub.closeAll(),
      closeConnections: () => {
        for (const s of sockets) s.destroy();
      },
      failRequests: (rule) => faults.setRule(rule),
      setLatency: (ms) => {
        faults.latencyMs = ms;
      },
      compactHistory: () => state.store.compact(),
      clear: () => {
        faults.setRule(undefined);
        faults.latencyMs = 0;
      },
    },
    settle: () => state.settle(),
    restart: async ({ keepData = true } = {}) => {
      await close();
      if (!keepData) {
        state.stop();
        state = makeState();
      }
      await listen();
    },
    stop: async () => {
      await close();
      state.stop();
    },
  };
}

/** A kube object as the storage helpers take and return it. */
export type StoredObject = KubeObject & Record<string, unknown>;
