import {
  isAbortError,
  realClock,
  splitMetaNamespaceKey,
  type Clock,
  type KubeObject,
} from '@kubekit/apimachinery';
import {
  waitForCacheSync,
  type InformerEvent,
  type ResourceEventHandler,
  type ResourceEventHandlerRegistration,
} from '@kubekit/cache';
import {
  newPriorityQueue,
  newRateLimitingQueue,
  type MetricsProvider,
  type PriorityQueue,
  type RateLimiter,
  type RateLimitingQueue,
} from '@kubekit/workqueue';
import { checkOption, ControllerError, isTerminalError } from './controller-error';
import {
  noopControllerMetrics,
  type ControllerMetrics,
  type ReconcileOutcome,
} from './controller-metrics';
import type { MapToKeys } from './handlers';
import { eventHandler } from './internal/event-handler';
import { consoleLogger, type Logger } from './logger';
import type { Predicate } from './predicates';
import type { ReconcileContext, Reconciler, Result } from './reconcile';

/** The part of a SharedIndexInformer a controller watches (any informer or a fake). @see https://github.com/kubernetes/client-go/blob/master/tools/cache/shared_informer.go */
export interface WatchableInformer<T extends KubeObject = KubeObject> {
  /** See SharedIndexInformer.addEventHandler. */
  addEventHandler(handler: ResourceEventHandler<T>): ResourceEventHandlerRegistration;
}

/** Options of {@link Controller.watch}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/source/source.go */
export interface WatchOptions<T extends KubeObject = KubeObject> {
  /**
   * Which keys an object's event enqueues; default the object's own key ({@link enqueueForObject}).
   * Use {@link enqueueForOwner} for objects the controller owns. On update both the old and the
   * new object are mapped.
   */
  mapToKeys?: MapToKeys<T> | undefined;
  /** Events pass only when every predicate lets them through. */
  predicates?: readonly Predicate<T>[] | undefined;
  /**
   * Sees every event (before predicates), before its keys are enqueued, so bookkeeping such as
   * `expectations.creationObserved(key)` is done by the time the reconcile runs. Deletions carry
   * the last known object (a tombstone's object). Must not throw.
   */
  observe?: ((event: InformerEvent<T>) => void) | undefined;
}

/** Options of {@link newController}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/controller/controller.go (Options) */
export interface ControllerOptions {
  /** Names the controller in metrics, errors and the queue's metrics; required. */
  name: string;
  /** The reconcile function; required. */
  reconcile: Reconciler;
  /** How many keys are reconciled at once (an integer >= 1); default 1. */
  workers?: number | undefined;
  /** Backoff of failed keys; default the workqueue's `defaultControllerRateLimiter`. */
  rateLimiter?: RateLimiter<string> | undefined;
  /**
   * Queue keys in a priority queue (`newPriorityQueue` of @kubekit/workqueue, controller-runtime's
   * `UsePriorityQueue`): keys of objects from an informer's initial list and of resyncs (an update
   * with an unchanged resourceVersion) go in at `LowPriority`, so keys of real changes are
   * reconciled first, e.g. while a restarted controller works through a large initial list. With
   * `{ priorityAgingMs }`, how fast waiting keys gain priority (default 100 ms a level: a
   * low-priority key goes before changes made more than 10 s after it, so it is never starved).
   * Default off (FIFO).
   */
  priorityQueue?: boolean | { priorityAgingMs?: number | undefined } | undefined;
  /** Metrics of the queue (`workqueue_*`, named after the controller); default none. */
  metricsProvider?: MetricsProvider | undefined;
  /** Metrics of the reconciles (`controller_runtime_*`); default none. */
  metrics?: ControllerMetrics | undefined;
  /**
   * Time source of the queue, retries, timeouts and the polls for the caches' initial sync;
   * default the real clock. A fake clock that nothing advances holds the workers until the
   * caches synced within the first ten event-loop turns.
   */
  clock?: Clock | undefined;
  /** How long `run()` waits for the watched informers to sync; default 120 000 ms. */
  cacheSyncTimeoutMs?: number | undefined;
  /**
   * Gets every reconcile failure before the key is retried; default a `log.error` line (the
   * error's message, no stack). Aborts seen after the controller stopped are not failures.
   */
  onError?: ((error: unknown, key: string) => void) | undefined;
  /**
   * Decides how a failed key is retried (kube-rs's `error_policy`): return `{ requeueAfterMs }`
   * to retry after a fixed delay, `{}` to wait for the next event, `{ requeue: true }` or
   * nothing for the default (the rate limiter's backoff). Not called for a
   * {@link terminalError}, which is never retried. Must not throw (a throw means the default).
   */
  errorPolicy?: ((error: unknown, context: ReconcileContext) => Result | void) | undefined;
  /** The logger of the controller, handed to each reconcile bound to its key; default {@link consoleLogger}. */
  log?: Logger | undefined;
}

/**
 * Informers -> rate-limited work queue -> reconcile workers: the loop every controller repeats
 * (client-go's sample-controller, controller-runtime's `internal/controller`).
 *
 * Guarantees:
 * - A key is never reconciled by two workers at once (the queue hands a key to one worker; a key
 *   added meanwhile is reconciled again once the running reconcile returns).
 * - Keys are coalesced: many events for one key before a worker takes it make one reconcile.
 * - Failures are retried with backoff; success resets the key's backoff (`forget`).
 * - `run()` starts workers only once every watched informer (and handler) has synced, and
 *   resolves once stopped: after its signal aborts no reconcile starts, the running ones get an
 *   aborted signal, and `run()` resolves when they have returned.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/controller/controller.go
 * @see https://github.com/kubernetes/sample-controller/blob/master/controller.go
 */
export interface Controller {
  /** The controller's name. */
  readonly name: string;
  /** The queue of keys; `queue.add(key)` enqueues a key by hand. */
  readonly queue: RateLimitingQueue<string>;
  /**
   * Enqueues keys for the events of `informer`. Call before `run()`; handlers are removed when
   * `run()` ends.
   *
   * @throws ControllerError `AlreadyStarted` once `run()` was called.
   */
  watch<T extends KubeObject>(informer: WatchableInformer<T>, options?: WatchOptions<T>): void;
  /** True once every watched informer and handler has delivered its initial list. */
  hasSynced(): boolean;
  /**
   * Waits for the caches to sync, then reconciles with `workers` workers until `signal` aborts.
   *
   * @throws ControllerError `AlreadyStarted` when called twice; `CacheSyncTimeout` when the
   *   caches did not sync within `cacheSyncTimeoutMs` (the queue is shut down).
   */
  run(options?: { signal?: AbortSignal }): Promise<void>;
}

/**
 * Creates a {@link Controller}.
 *
 * @throws ControllerError `InvalidOptions` without a name or reconcile, or with bad `workers`.
 * @example
 * ```ts
 * const controller = newController({
 *   name: 'configmap-secrets',
 *   workers: 2,
 *   reconcile: async (key, { signal }) => {
 *     const cm = configMaps.lister.get(key);
 *     if (!cm) return; // deleted: owned objects go with it (garbage collection)
 *     await ensureSecret(cm, signal);
 *   },
 * });
 * controller.watch(configMaps.informer);
 * controller.watch(secrets.informer, { mapToKeys: enqueueForOwner({ group: '', kind: 'ConfigMap' }) });
 * await controller.run({ signal });
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/controller/controller.go
 */
export function newController(options: ControllerOptions): Controller {
  checkOption(typeof options?.name === 'string' && options.name !== '', 'name is required');
  checkOption(typeof options.reconcile === 'function', 'reconcile is required');
  const workers = options.workers ?? 1;
  checkOption(
    Number.isInteger(workers) && workers >= 1,
    `workers must be an integer >= 1, got ${workers}`,
  );
  const cacheSyncTimeoutMs = options.cacheSyncTimeoutMs ?? 120_000;
  checkOption(cacheSyncTimeoutMs > 0, 'cacheSyncTimeoutMs must be positive');
  return new ControllerImpl(options, workers, cacheSyncTimeoutMs);
}

class ControllerImpl implements Controller {
  readonly name: string;
  readonly queue: RateLimitingQueue<string>;
  /** The queue again when it is a priority queue. */
  private readonly priorityQueue: PriorityQueue<string> | undefined;
  private readonly registrations: ResourceEventHandlerRegistration[] = [];
  private readonly clock: Clock;
  private readonly metrics: ControllerMetrics;
  private readonly log: Logger;
  private started = false;

  constructor(
    private readonly options: ControllerOptions,
    private readonly workers: number,
    private readonly cacheSyncTimeoutMs: number,
  ) {
    this.name = options.name;
    this.clock = options.clock ?? realClock;
    this.metrics = options.metrics ?? noopControllerMetrics;
    this.log = (options.log ?? consoleLogger()).with({ controller: options.name });
    const queueOptions = {
      name: options.name,
      clock: this.clock,
      metricsProvider: options.metricsProvider,
      rateLimiter: options.rateLimiter,
    };
    const priority = options.priorityQueue;
    if (priority) {
      this.priorityQueue = newPriorityQueue<string>({
        ...queueOptions,
        ...(typeof priority === 'object' ? { priorityAgingMs: priority.priorityAgingMs } : {}),
      });
      this.queue = this.priorityQueue;
    } else {
      this.queue = newRateLimitingQueue<string>(queueOptions);
    }
  }

  watch<T extends KubeObject>(informer: WatchableInformer<T>, options: WatchOptions<T> = {}): void {
    if (this.started)
      throw new ControllerError('AlreadyStarted', `${this.name}: watch() must come before run()`);
    this.registrations.push(
      informer.addEventHandler(eventHandler(this.queue, options, this.priorityQueue)),
    );
  }

  hasSynced(): boolean {
    return this.registrations.every((r) => r.hasSynced());
  }

  async run(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.started)
      throw new ControllerError('AlreadyStarted', `${this.name}: run() was already called`);
    this.started = true;
    const signal = options.signal ?? new AbortController().signal;
    const stop = () => this.queue.shutDown();
    signal.addEventListener('abort', stop, { once: true });
    try {
      if (!(await this.waitForSync(signal))) return;
      this.metrics.maxConcurrentReconciles(this.name, this.workers);
      const loops: Promise<void>[] = [];
      for (let i = 0; i < this.workers; i++) loops.push(this.worker(signal));
      await Promise.all(loops);
    } finally {
      signal.removeEventListener('abort', stop);
      this.queue.shutDown();
      for (const r of this.registrations) r.remove();
    }
  }

  /** True once synced; false when `signal` aborted first; throws on timeout. */
  private async waitForSync(signal: AbortSignal): Promise<boolean> {
    const timeout = new AbortController();
    const timer = this.clock.setTimeout(() => timeout.abort(), this.cacheSyncTimeoutMs);
    try {
      await waitForCacheSync(
        { signal: AbortSignal.any([signal, timeout.signal]), clock: this.clock },
        ...this.registrations,
      );
      return true;
    } catch (err) {
      if (signal.aborted) return false;
      throw new ControllerError(
        'CacheSyncTimeout',
        `${this.name}: caches did not sync within ${this.cacheSyncTimeoutMs} ms`,
        { cause: err },
      );
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  /** One worker: reconciles keys until the queue is shut down; skips keys once stopping. */
  private async worker(signal: AbortSignal): Promise<void> {
    for (;;) {
      const next = await this.queue.get();
      if (next.shutdown) return;
      try {
        if (!signal.aborted) await this.reconcileOne(next.item, signal);
      } finally {
        this.queue.done(next.item);
      }
    }
  }

  private async reconcileOne(key: string, signal: AbortSignal): Promise<void> {
    const { queue, name } = this;
    const start = this.clock.now();
    const context = this.contextFor(key, signal);
    let outcome: ReconcileOutcome | undefined;
    this.metrics.activeWorkers(name, 1);
    try {
      outcome = this.follow(key, await this.options.reconcile(key, context));
    } catch (err) {
      if (signal.aborted && isAbortError(err)) return; // stopping is not a failure
      this.report(err, key, context.log);
      if (isTerminalError(err)) {
        queue.forget(key);
        outcome = 'terminal_error';
      } else {
        const action = this.errorPolicy(err, context);
        if (action) this.follow(key, action);
        else queue.addRateLimited(key);
        outcome = 'error';
      }
    } finally {
      this.metrics.activeWorkers(name, -1);
      if (outcome) this.metrics.reconciled(name, outcome, (this.clock.now() - start) / 1000);
    }
  }

  private contextFor(key: string, signal: AbortSignal): ReconcileContext {
    let namespace = '';
    let name = key;
    try {
      ({ namespace, name } = splitMetaNamespaceKey(key));
    } catch {
      // a key added by hand that is not namespace/name: the reconcile still gets it whole
    }
    return {
      key,
      namespace,
      name,
      log: this.log.with({ key }),
      signal,
      numRequeues: this.queue.numRequeues(key),
      controller: this.name,
    };
  }

  /** Queues `key` as `result` says; the outcome to count. */
  private follow(key: string, result: Result | void): ReconcileOutcome {
    const { queue } = this;
    if (result?.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
      queue.forget(key);
      queue.addAfter(key, result.requeueAfterMs);
      return 'requeue_after';
    }
    if (result?.requeue) {
      queue.addRateLimited(key);
      return 'requeue';
    }
    queue.forget(key);
    return 'success';
  }

  /** The error policy's answer, or undefined for the default backoff. */
  private errorPolicy(err: unknown, context: ReconcileContext): Result | undefined {
    try {
      return this.options.errorPolicy?.(err, context) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private report(err: unknown, key: string, log: Logger): void {
    try {
      if (this.options.onError) this.options.onError(err, key);
      else log.error('reconcile failed', { error: err });
    } catch {
      // A failing hook must not stop the worker or lose the retry.
    }
  }
}
