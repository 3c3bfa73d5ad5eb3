import { LeaderElector, type LeaderElectorOptions } from '@kubekit/leaderelection';
import type { Controller } from './controller';
import { ControllerError } from './controller-error';
import type { HealthCheck } from './internal/healthz';
import {
  startManagerServer,
  type ManagerServer,
  type ManagerServerOptions,
} from './manager-server';

/**
 * Something the manager runs until its signal aborts, on every replica whether leading or not:
 * an informer (`SharedIndexInformer.run` fits), an informer factory ({@link factoryRunnable}), a
 * webhook server. `run` should resolve once fully stopped.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/manager.go (Runnable)
 */
export interface Runnable {
  /** Runs until `signal` aborts; resolves once stopped. */
  run(options: { signal: AbortSignal }): Promise<void> | void;
}

/** The part of an informer factory {@link factoryRunnable} uses. @see https://github.com/kubernetes/client-go/blob/master/informers/factory.go */
export interface StartableFactory {
  /** Starts the informers created so far. */
  start(options: { signal?: AbortSignal }): void;
  /** Stops every informer; resolves once all have stopped. */
  shutdown(): Promise<void>;
}

/**
 * A {@link Runnable} of an informer factory (`newSharedInformerFactory` or a clientset's):
 * starts its informers and, once the signal aborts, shuts them down. Create the informers (and
 * watch them from controllers) before the manager runs.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/informers/factory.go (Start, Shutdown)
 */
export function factoryRunnable(factory: StartableFactory): Runnable {
  return {
    async run({ signal }) {
      factory.start({ signal });
      if (!signal.aborted)
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      await factory.shutdown();
    },
  };
}

/**
 * The leader election of a manager: a LeaderElector's options minus its callbacks.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/leaderelection/leader_election.go
 */
export type ManagerLeaderElection = Omit<
  LeaderElectorOptions,
  'onStartedLeading' | 'onStoppedLeading'
>;

/** Options of {@link runControllerManager}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/manager.go (Options) */
export interface ControllerManagerOptions {
  /** Run (each with its own `run()`) only while this replica leads; required (may be empty). */
  controllers: readonly Pick<Controller, 'name' | 'run' | 'hasSynced'>[];
  /** Run on every replica from start to shutdown: informers, factories. */
  runnables?: readonly Runnable[] | undefined;
  /** Without it every replica runs the controllers (fine for a single replica). */
  leaderElection?: ManagerLeaderElection | undefined;
  /**
   * Starts {@link startManagerServer} with these options for the manager's lifetime, adding a
   * `informer-sync` readiness check (every controller's caches synced) and, with leader
   * election, a `leaderElection` liveness check (the leader still renews; 20 s tolerance).
   */
  server?: ManagerServerOptions | undefined;
  /** Called with the server once it listens (to learn its URLs or add checks). */
  onServerStarted?: ((server: ManagerServer) => void) | undefined;
  /** Stops everything: controllers first, then runnables, then the server. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs controllers the way a controller binary does (controller-runtime's Manager, client-go's
 * leaderelection.RunOrDie): starts the runnables (informers) on every replica, competes for
 * leadership when configured, runs the controllers only while leading, serves metrics and
 * health, and shuts everything down cleanly when `signal` aborts.
 *
 * Guarantees: controllers get a signal that aborts when leadership ends (before another replica
 * can take the lease, see @kubekit/leaderelection), and the manager waits for their reconciles to
 * return before it resolves. Shutdown order: controllers (their reconciles drained), then the
 * runnables (informers), then the server. A controller or runnable failing (a cache sync
 * timeout, a listener that cannot bind) stops the manager, which then rejects with its error.
 *
 * @throws ControllerError `LeadershipLost` (after everything stopped) when this replica led and
 *   lost the lease before `signal` aborted: exit non-zero and let Kubernetes restart the pod, as
 *   controller-runtime does, since caches and queues of a lost term are not to be trusted.
 * @example
 * ```ts
 * await runControllerManager({
 *   controllers: [controller],
 *   runnables: [factoryRunnable(factory)],
 *   leaderElection: { lock, identity, releaseOnCancel: true },
 *   server: { metricsAddress: ':8080', healthAddress: ':8081' },
 *   signal: setupSignalHandler(),
 * });
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/internal.go
 */
export async function runControllerManager(options: ControllerManagerOptions): Promise<void> {
  const { controllers, leaderElection } = options;
  const signal = options.signal ?? new AbortController().signal;
  // Controllers (and the election) stop on the caller's signal or on the first failure;
  // runnables only once the controllers have stopped, so reconciles still see live caches.
  const stopping = new AbortController();
  const runnablesStop = new AbortController();
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
    stopping.abort(error);
  };
  const stopAll = () => stopping.abort(signal.reason);
  signal.addEventListener('abort', stopAll, { once: true });
  if (signal.aborted) stopAll();

  const synced: HealthCheck = () => {
    const waiting = controllers.filter((c) => !c.hasSynced()).map((c) => c.name);
    if (waiting.length) throw new Error(`caches not synced: ${waiting.join(', ')}`);
  };
  let server: ManagerServer | undefined;
  const runnables = (options.runnables ?? []).map((r) =>
    Promise.resolve()
      .then(() => r.run({ signal: runnablesStop.signal }))
      .catch((error: unknown) => {
        if (!runnablesStop.signal.aborted) fail(error);
      }),
  );
  try {
    if (options.server) {
      server = await startManagerServer({
        ...options.server,
        readyChecks: { 'informer-sync': synced, ...options.server.readyChecks },
      });
      options.onServerStarted?.(server);
    }
    if (!leaderElection) {
      await runAll(controllers, stopping.signal).catch(fail);
    } else {
      let led = false;
      let term: Promise<void> = Promise.resolve();
      const elector = new LeaderElector({
        ...leaderElection,
        onStartedLeading: (leading) => {
          led = true;
          term = runAll(controllers, leading).catch(fail);
          return term;
        },
        onStoppedLeading: () => {},
      });
      server?.addHealthCheck('leaderElection', () => {
        const health = elector.check(20_000);
        if (!health.ok) throw new Error(health.message);
      });
      await elector.run({ signal: stopping.signal });
      await term;
      if (led && !failure && !signal.aborted)
        fail(
          new ControllerError(
            'LeadershipLost',
            `leader election lost: ${leaderElection.lock.describe()} (identity ${leaderElection.identity})`,
          ),
        );
    }
    if (failure) throw failure.error;
  } finally {
    signal.removeEventListener('abort', stopAll);
    stopping.abort();
    runnablesStop.abort();
    await Promise.allSettled(runnables);
    await server?.close();
  }
}

/** Runs every controller until `signal` aborts; one failing stops the others, then rethrows. */
async function runAll(
  controllers: ControllerManagerOptions['controllers'],
  signal: AbortSignal,
): Promise<void> {
  const stop = new AbortController();
  const both = AbortSignal.any([signal, stop.signal]);
  const results = await Promise.allSettled(
    controllers.map((c) =>
      Promise.resolve()
        .then(() => c.run({ signal: both }))
        .catch((err: unknown) => {
          stop.abort(err);
          throw err;
        }),
    ),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}
