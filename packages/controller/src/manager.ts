/**
 * newManager: what the controllers of one binary share (controller-runtime's `Manager`,
 * kube-rs's `Client` + `Controller` runtime): the config, one RESTClient, the typed clients, one
 * informer factory, the event recorder, leader election, the metrics and health server and
 * signal handling. Everything it does is a call of the public primitives of this package
 * ({@link newController}, {@link runControllerManager}, {@link startManagerServer}, ...).
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/manager.go
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock, KubeObject } from '@kubekit/apimachinery';
import { informerHealthCheck, type InformerFIFO, type ReflectorBackoff } from '@kubekit/cache';
import {
  Clientset,
  newInformerFactory,
  informerFor,
  ResourceClient,
  type InformerFactory,
  type ResourceInfo,
} from '@kubekit/clientset';
import { LeaseLock, leaseClientFromRest } from '@kubekit/leaderelection';
import {
  EventBroadcaster,
  coreV1EventSink,
  eventClientFromRest,
  type EventRecorder,
} from '@kubekit/record';
import { RESTClient, loadConfig, type RestConfig } from '@kubekit/rest';
import { prometheusMetricsProvider, type PromClientLike } from '@kubekit/workqueue';
import { buildController, type ControllerBuilderOptions } from './builder';
import type { Controller } from './controller';
import { ControllerError } from './controller-error';
import {
  factoryRunnable,
  runControllerManager,
  type ManagerLeaderElection,
  type Runnable,
} from './controller-manager';
import { prometheusControllerMetrics, type PromClientModule } from './controller-metrics';
import { consoleLogger, type Logger } from './logger';
import type { ManagerServer, MetricsRegistry } from './manager-server';
import { setupSignalHandler } from './signals';

/** The `prom-client` module (`import * as promClient from 'prom-client'`), structurally. */
export type PrometheusModule<R extends MetricsRegistry = MetricsRegistry> = PromClientModule<R> &
  PromClientLike<R>;

/** Leader election of {@link newManager}: a Lease named `id`. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/leaderelection/leader_election.go */
export interface LeaderElectionOptions {
  /** The Lease's name, unique per operator (controller-runtime's `LeaderElectionID`). */
  id: string;
  /** The Lease's namespace; default the config's namespace (in a pod: its own), else `default`. */
  namespace?: string | undefined;
  /** This replica's identity; default `<hostname>_<random>`. */
  identity?: string | undefined;
  /** Default 15 000 (see @kubekit/leaderelection). */
  leaseDurationMs?: number | undefined;
  /** Default 10 000. */
  renewDeadlineMs?: number | undefined;
  /** Default 2 000. */
  retryPeriodMs?: number | undefined;
  /** Give the Lease up on shutdown so a standby takes over at once; default true. */
  releaseOnCancel?: boolean | undefined;
}

/** Options of {@link newManager}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/manager.go (Options) */
export interface ManagerOptions<R extends MetricsRegistry = MetricsRegistry> {
  /**
   * Names the operator: the component of its events and the prefix of its log lines; default
   * the leader election `id`, else `kubekit-manager`.
   */
  name?: string | undefined;
  /** How to reach the API server; default `loadConfig()` (KUBECONFIG, in-cluster, ~/.kube/config). */
  config?: RestConfig | undefined;
  /** Use this client instead of one built from `config` (the manager then does not close it). */
  restClient?: RESTClient | undefined;
  /** Watch only this namespace; default all (cluster-wide RBAC needed). */
  namespace?: string | undefined;
  /** Run the controllers only on the replica holding this Lease; default none (one replica). */
  leaderElection?: LeaderElectionOptions | undefined;
  /**
   * The queue between each informer's Reflector and its cache: `'RealFIFO'` (default, client-go's
   * since 1.33: events in arrival order, a relist's deletions first) or `'DeltaFIFO'` (the
   * changes of a key merged, keys in first-queued order). See `SharedIndexInformerOptions.fifo`.
   */
  informerFifo?: InformerFIFO | undefined;
  /**
   * The informers' backoff between list-and-watch rounds and retried watches (client-go's
   * `ReflectorOptions.Backoff`); each field defaults to client-go's: 800 ms doubling up to 30 s,
   * jitter 1.0, reset after 2 min without a failure.
   */
  reflectorBackoff?: ReflectorBackoff | undefined;
  /**
   * The prom-client module: controllers and their queues record controller-runtime's metrics
   * in its global registry, served on `/metrics`. Default none (prom-client stays optional).
   */
  prometheus?: PrometheusModule<R> | undefined;
  /** Where `/metrics` listens (`host:port`, `:port`, `'0'` = off); default `:8080` with `prometheus`, else off. */
  metricsAddress?: string | undefined;
  /** Where `/healthz`, `/livez`, `/readyz` listen (`'0'` = off); default `:8081`. */
  healthAddress?: string | undefined;
  /** Called with the metrics and health server once it listens. */
  onServerStarted?: ((server: ManagerServer) => void) | undefined;
  /** The logger of the manager and its controllers; default {@link consoleLogger}. */
  log?: Logger | undefined;
  /**
   * Time source of the informers, the controllers' queues, leader election and the event
   * recorder (a simulation's virtual clock); default the real clock (a monotonic one for leader
   * election). The RESTClient takes its own (`restClient`).
   */
  clock?: Clock | undefined;
}

/**
 * The manager of {@link newManager}.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/manager.go
 */
export interface Manager {
  /** The operator's name (events' component, default controller names are per kind). */
  readonly name: string;
  /** The one client every request of the manager goes through. */
  readonly restClient: RESTClient;
  /** Typed clients of the built-in kinds over `restClient`. */
  readonly clientset: Clientset;
  /** The shared informer factory (typed informers of the built-in kinds, `forResource` for any). */
  readonly informers: InformerFactory;
  /** Records events (component = `name`); events are written in the background. */
  readonly recorder: EventRecorder;
  /** The manager's logger. */
  readonly log: Logger;
  /** A typed client of `resource` (e.g. of a generated client), in `namespace` or all; `T` is the resource's object type. */
  client<T extends KubeObject>(resource: ResourceInfo<T>, namespace?: string): ResourceClient<T>;
  /**
   * Builds a controller (see {@link ControllerBuilderOptions}) that runs with the manager.
   *
   * @throws ControllerError `InvalidOptions` for bad options; `AlreadyStarted` after `start()`.
   */
  controller<T extends KubeObject>(options: ControllerBuilderOptions<T>): Controller;
  /** Adds something to run on every replica from start to shutdown (webhook server, ...). */
  add(runnable: Runnable): void;
  /**
   * Starts informers, server and leader election, runs the controllers (on the leader), and
   * resolves once everything stopped after `signal` aborted (default: SIGTERM / SIGINT, see
   * {@link setupSignalHandler}). Then flushes events and closes the client it created.
   *
   * @throws ControllerError `LeadershipLost` when the lease was lost (exit non-zero);
   *   `AlreadyStarted` when called twice; a controller's or the server's error.
   */
  start(options?: { signal?: AbortSignal | undefined }): Promise<void>;
}

/**
 * Creates a {@link Manager}: the smallest complete operator is `newManager(...)`,
 * `mgr.controller({ for, owns, reconcile })`, `await mgr.start()`.
 *
 * @throws ConfigError from `loadConfig()` when no config is found and none is given.
 * @example
 * ```ts
 * const mgr = newManager({ leaderElection: { id: 'crontab-operator' }, prometheus: promClient });
 * mgr.controller({ for: exampleV1.cronTabsResource, owns: [coreV1.configMapsResource], reconcile });
 * await mgr.start();
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/manager.go
 */
export function newManager<R extends MetricsRegistry = MetricsRegistry>(
  options: ManagerOptions<R> = {},
): Manager {
  const config = options.restClient ? undefined : (options.config ?? loadConfig());
  const restClient = options.restClient ?? new RESTClient(config!);
  const name = options.name ?? options.leaderElection?.id ?? 'kubekit-manager';
  const log = (options.log ?? consoleLogger()).with({ manager: name });
  const clock = options.clock ? { clock: options.clock } : {};
  const broadcaster = new EventBroadcaster(clock);
  const recorder = broadcaster.newRecorder({ component: name });
  const informers = newInformerFactory({
    client: restClient,
    ...clock,
    ...(options.namespace ? { namespace: options.namespace } : {}),
    fifo: options.informerFifo,
    backoff: options.reflectorBackoff,
  });
  const prometheus = options.prometheus;
  const controllerOptions = {
    log: options.log ?? consoleLogger(),
    ...clock,
    ...(prometheus
      ? {
          metrics: prometheusControllerMetrics(prometheus),
          metricsProvider: prometheusMetricsProvider(prometheus),
        }
      : {}),
  };
  const controllers: Controller[] = [];
  const runnables: Runnable[] = [factoryRunnable(informers)];
  let started = false;
  const refuseAfterStart = (what: string) => {
    if (started) throw new ControllerError('AlreadyStarted', `${what} after start()`);
  };

  return {
    name,
    restClient,
    clientset: new Clientset(restClient),
    informers,
    recorder,
    log,
    client: <T extends KubeObject>(resource: ResourceInfo<T>, namespace?: string) =>
      new ResourceClient<T>({
        client: restClient,
        resource,
        ...(namespace ? { namespace } : {}),
      }),
    controller(builderOptions) {
      refuseAfterStart('controller()');
      const controller = buildController(
        {
          restClient,
          recorder,
          informerFor: (resource) => informerFor(informers, resource),
          controllerOptions,
        },
        builderOptions,
      );
      controllers.push(controller);
      return controller;
    },
    add(runnable) {
      refuseAfterStart('add()');
      runnables.push(runnable);
    },
    async start(startOptions = {}) {
      refuseAfterStart('start()');
      started = true;
      const signal = startOptions.signal ?? setupSignalHandler();
      broadcaster.startRecordingToSink(coreV1EventSink(eventClientFromRest(restClient, 'v1')));
      const election = options.leaderElection;
      const leaderElection = election && {
        ...leaderElectionOf(election, restClient, config),
        ...clock,
      };
      log.info('starting', {
        controllers: controllers.map((c) => c.name).join(','),
        leaderElection: leaderElection ? leaderElection.lock.describe() : 'off',
      });
      try {
        await runControllerManager({
          controllers,
          runnables,
          ...(leaderElection ? { leaderElection } : {}),
          server: {
            metricsAddress: options.metricsAddress ?? (prometheus ? ':8080' : '0'),
            healthAddress: options.healthAddress ?? ':8081',
            ...(prometheus ? { registry: prometheus.register } : {}),
            // names each unsynced informer and its last error (connection refused, 403, ...)
            readyChecks: { informers: informerHealthCheck(() => informers.startedInformers()) },
            onCheckFailed: (endpoint, check, error) =>
              log.debug('check failed', { endpoint, check, error }),
            onServerError: (error) => log.error('metrics/health server error', { error }),
          },
          onServerStarted: (server) => {
            if (server.metricsUrl || server.healthUrl)
              log.info('serving', { metrics: server.metricsUrl, health: server.healthUrl });
            options.onServerStarted?.(server);
          },
          signal,
        });
        log.info('stopped');
      } finally {
        await broadcaster.shutdown({ timeoutMs: 5_000 });
        if (!options.restClient) await restClient.close();
      }
    },
  };
}

/** The leader election of runControllerManager for `options`. */
function leaderElectionOf(
  options: LeaderElectionOptions,
  restClient: RESTClient,
  config: RestConfig | undefined,
): ManagerLeaderElection {
  const namespace = options.namespace ?? config?.namespace ?? 'default';
  const { id, namespace: _ns, identity, releaseOnCancel, ...timing } = options;
  return {
    lock: new LeaseLock({
      client: leaseClientFromRest(restClient, { namespace }),
      name: id,
      namespace,
    }),
    identity: identity ?? `${hostname()}_${randomBytes(4).toString('hex')}`,
    releaseOnCancel: releaseOnCancel ?? true,
    ...timing,
  };
}
