/**
 * SharedIndexInformer: one list+watch feeding an indexed cache and any number of handlers.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/shared_informer.go
 * @packageDocumentation
 */
import { realClock, type KubeObject } from '@kubekit/apimachinery';
import type { Delta } from './delta-fifo';
import type { DeletedFinalStateUnknown } from './deleted-final-state-unknown';
import { newIndexerStore, type Indexer, type Indexers } from './indexer';
import { DeltaFIFOQueue } from './internal/delta-fifo-queue';
import { informerEvents } from './internal/informer-events';
import type { InformerQueue } from './internal/informer-queue';
import { RealFIFOQueue } from './internal/real-fifo-queue';
import type { ThreadSafeStore } from './internal/thread-safe-store';
import { ProcessorListener } from './internal/processor-listener';
import { determineResyncPeriod, SharedProcessor } from './internal/shared-processor';
import { newReflector, defaultWatchErrorHandler, type Reflector } from './reflector';
import type {
  HandlerOptions,
  InformerEvent,
  ResourceEventHandler,
  ResourceEventHandlerRegistration,
} from './resource-event-handler';
import { SharedInformerError } from './shared-informer-error';
import {
  checkSharedIndexInformerOptions,
  type SharedIndexInformerOptions,
} from './shared-informer-options';
import { deletionHandlingMetaNamespaceKeyFunc, type Store } from './store';

/** What an informer reports about its connection and cache. */
export interface InformerHealth {
  /** The initial list has been processed (see {@link SharedIndexInformer.hasSynced}). */
  synced: boolean;
  /** Clock reading (epoch ms) of the last list or watch event, bookmarks included. */
  lastEventTime: number | undefined;
  /** The last error the informer recovered from (watch, list, handler or cache error). */
  lastError: unknown;
  /** Clock reading of {@link InformerHealth.lastError}. */
  lastErrorTime: number | undefined;
  /** Watches re-opened since the first (timeouts, errors, relists). */
  watchRestarts: number;
  /** See {@link SharedIndexInformer.lastSyncResourceVersion}. */
  lastSyncResourceVersion: string;
}

/**
 * A cache of one resource kept in step with the server, notifying handlers of every change.
 * Consumable as an async iterable of {@link InformerEvent}s (each iteration is a handler).
 */
export interface SharedIndexInformer<T extends KubeObject = KubeObject> extends AsyncIterable<
  InformerEvent<T>
> {
  /** The name given in the options. */
  readonly name: string;
  /**
   * Adds a handler. Added after start, it first receives an add (isInInitialList true) for every
   * cached object. Throws {@link SharedInformerError} `Stopped` once the informer stopped.
   */
  addEventHandler(
    handler: ResourceEventHandler<T>,
    options?: HandlerOptions,
  ): ResourceEventHandlerRegistration;
  /** Same as `registration.remove()`. */
  removeEventHandler(registration: ResourceEventHandlerRegistration): void;
  /** The cache (read it; never write to it). */
  getStore(): Store<T>;
  /** The cache with its indices (read it; never write to it). */
  getIndexer(): Indexer<T>;
  /** Adds indices, built over the objects already cached. */
  addIndexers(indexers: Indexers<T>): void;
  /**
   * Lists, watches and notifies until `signal` aborts; resolves once fully stopped (the
   * reflector ended, no handler is running). Never rejects for API errors (they go to the watch
   * error handler and health); rejects with {@link SharedInformerError} `AlreadyStarted` when
   * called twice.
   */
  run(options?: { signal?: AbortSignal }): Promise<void>;
  /** True once the first list has been processed into the cache (and handlers' queues). */
  hasSynced(): boolean;
  /** The resourceVersion the cache is at; `''` before the first list. */
  lastSyncResourceVersion(): string;
  /** A snapshot of the informer's health. */
  health(): InformerHealth;
  /** Whether `run` has finished. */
  isStopped(): boolean;
  /**
   * The notifications as an async iterator (replaying the cache first when already running),
   * until `signal` aborts or the loop is left.
   */
  events(options?: { signal?: AbortSignal }): AsyncIterableIterator<InformerEvent<T>>;
}

/**
 * Creates a {@link SharedIndexInformer} (client-go's `NewSharedIndexInformer`).
 *
 * @example
 * ```ts
 * const informer = newSharedIndexInformer<Pod>({ listerWatcher: lw });
 * informer.addEventHandler({ onAdd: (pod) => queue.add(key(pod)) });
 * const done = informer.run({ signal });
 * await waitForCacheSync(signal, informer);
 * ```
 */
export function newSharedIndexInformer<T extends KubeObject>(
  options: SharedIndexInformerOptions<T>,
): SharedIndexInformer<T> {
  return new SharedIndexInformerImpl(options);
}

/**
 * Keys the informer pops in one synchronous run before letting handlers catch up (one microtask
 * turn): enough to amortise the turn, few enough that handler buffers stay far below their size.
 */
const popBatch = 64;

const resolved: Promise<void> = Promise.resolve();

class SharedIndexInformerImpl<T extends KubeObject> implements SharedIndexInformer<T> {
  readonly name: string;
  private readonly indexer: ThreadSafeStore<T>;
  private readonly processor: SharedProcessor<T>;
  private readonly clock;
  private readonly defaultResyncMs: number;
  private started = false;
  private stopped = false;
  private fifo: InformerQueue<T> | undefined;
  private reflector: Reflector | undefined;
  private lastError: unknown;
  private lastErrorTime: number | undefined;

  constructor(private readonly options: SharedIndexInformerOptions<T>) {
    checkSharedIndexInformerOptions(options);
    this.name = options.name ?? 'informer';
    this.clock = options.clock ?? realClock;
    this.indexer = newIndexerStore<T>({ indexers: options.indexers });
    this.defaultResyncMs = options.resyncPeriodMs ?? 0;
    this.processor = new SharedProcessor<T>(this.defaultResyncMs);
  }

  [Symbol.asyncIterator](): AsyncIterator<InformerEvent<T>> {
    return this.events();
  }

  events(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<InformerEvent<T>> {
    return informerEvents((handler) => this.addEventHandler(handler), options.signal);
  }

  getStore(): Store<T> {
    return this.indexer;
  }

  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  hasSynced(): boolean {
    return this.fifo?.hasSynced() ?? false;
  }

  lastSyncResourceVersion(): string {
    return this.reflector?.lastSyncResourceVersion() ?? '';
  }

  isStopped(): boolean {
    return this.stopped;
  }

  health(): InformerHealth {
    const stats = this.reflector?.stats();
    const ownIsNewer = (this.lastErrorTime ?? -Infinity) >= (stats?.lastErrorTime ?? -Infinity);
    return {
      synced: this.hasSynced(),
      lastEventTime: stats?.lastEventTime,
      lastError: ownIsNewer ? this.lastError : stats?.lastError,
      lastErrorTime: ownIsNewer ? this.lastErrorTime : stats?.lastErrorTime,
      watchRestarts: stats?.watchRestarts ?? 0,
      lastSyncResourceVersion: this.lastSyncResourceVersion(),
    };
  }

  addEventHandler(
    handler: ResourceEventHandler<T>,
    options: HandlerOptions = {},
  ): ResourceEventHandlerRegistration {
    if (this.stopped) {
      throw new SharedInformerError(
        'Stopped',
        `${this.name}: handler was not added to shared informer because it has stopped already`,
      );
    }
    const resync = this.processor.resyncPeriodFor(
      options.resyncPeriodMs ?? this.defaultResyncMs,
      this.started,
    );
    const listener = new ProcessorListener<T>(
      handler,
      resync,
      determineResyncPeriod(resync, this.processor.resyncCheckPeriodMs),
      this.clock.now(),
      this.options.bufferSize ?? 1024,
      {
        keyOf: (obj) =>
          deletionHandlingMetaNamespaceKeyFunc(
            obj as KubeObject | DeletedFinalStateUnknown<KubeObject>,
          ),
        upstreamHasSynced: () => this.hasSynced(),
        onHandlerError: (err) => this.reportHandlerError(err),
      },
    );
    this.processor.add(listener);
    if (this.started) {
      for (const object of this.indexer.list())
        listener.add({ type: 'add', object, isInInitialList: true });
    }
    return {
      hasSynced: () => listener.hasSynced(),
      remove: () => this.processor.remove(listener),
      pending: () => listener.pending(),
    };
  }

  removeEventHandler(registration: ResourceEventHandlerRegistration): void {
    registration.remove();
  }

  async run(options: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.started)
      throw new SharedInformerError(
        'AlreadyStarted',
        `${this.name}: the sharedIndexInformer has started, run more than once is not allowed`,
      );
    this.started = true;
    const signal = options.signal ?? new AbortController().signal;
    const fifo = this.newQueue();
    this.fifo = fifo;
    const onWatchError = this.options.watchErrorHandler ?? defaultWatchErrorHandler;
    this.reflector = newReflector<T>({
      ...this.options,
      name: this.name,
      store: fifo,
      resyncPeriodMs: this.processor.resyncCheckPeriodMs,
      shouldResync: () => this.processor.shouldResync(this.clock.now()),
      watchErrorHandler: onWatchError,
    });
    try {
      await Promise.all([this.reflector.run({ signal }), this.processLoop(fifo, signal)]);
    } finally {
      fifo.close();
      this.stopped = true;
      await this.processor.stop();
    }
  }

  /** client-go's newQueueFIFO: the queue the options choose, over this informer's cache. */
  private newQueue(): InformerQueue<T> {
    const transformer = this.options.transform;
    if (this.options.fifo === 'DeltaFIFO') {
      return new DeltaFIFOQueue<T>({
        knownObjects: this.indexer,
        emitDeltaTypeReplaced: true,
        transformer,
      });
    }
    return new RealFIFOQueue<T>({ knownObjects: this.indexer, transformer, batchSize: popBatch });
  }

  /**
   * Pops and processes deltas until `signal` aborts or the queue is closed and drained: whatever
   * is queued is processed synchronously (in runs of about {@link popBatch}), and the loop waits
   * on the queue only when it is empty. Processing errors are reported and skipped.
   */
  private async processLoop(fifo: InformerQueue<T>, signal: AbortSignal): Promise<void> {
    let stopping = signal.aborted;
    const onAbort = () => {
      stopping = true;
      fifo.interrupt();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!stopping) {
        let popped = 0;
        while (popped < popBatch && !stopping) {
          const n = fifo.processNow(this.processDelta);
          if (n === 0) break;
          popped += n;
        }
        if (popped >= popBatch) await resolved;
        else if (fifo.isClosed() && fifo.size() === 0) return;
        else await fifo.whenReady();
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private readonly processDelta = (delta: Delta<T>, key: string, isInInitialList: boolean) => {
    try {
      this.handleDelta(delta, key, isInInitialList);
    } catch (err) {
      this.reportProcessingError(err);
    }
  };

  private reportProcessingError(err: unknown): void {
    this.recordError(err);
    try {
      (this.options.watchErrorHandler ?? defaultWatchErrorHandler)(err, { reflector: this.name });
    } catch {
      // A throwing handler must not stop delta processing.
    }
  }

  /**
   * client-go's processDeltas for one delta: apply it to the cache, then notify. `key` is the
   * delta's key in both the queue and the cache (they share the key function).
   */
  private handleDelta({ type, object }: Delta<T>, key: string, isInInitialList: boolean): void {
    if (type === 'Deleted') {
      this.indexer.delete(object);
      this.processor.distribute({ type: 'delete', object }, false);
      return;
    }
    const obj = object as T;
    const old = this.indexer.upsert(key, obj);
    if (old !== undefined) {
      // Same resourceVersion: a resync or an unchanged relist item, for resyncing handlers only.
      const isSync = old.metadata?.resourceVersion === obj.metadata?.resourceVersion;
      this.processor.distribute({ type: 'update', oldObject: old, object: obj }, isSync);
    } else {
      this.processor.distribute({ type: 'add', object: obj, isInInitialList }, false);
    }
  }

  private recordError(err: unknown): void {
    this.lastError = err;
    this.lastErrorTime = this.clock.now();
  }

  private reportHandlerError(err: unknown): void {
    this.recordError(err);
    const handler = this.options.handlerErrorHandler;
    try {
      if (handler) handler(err, { informer: this.name });
      else console.error(`${this.name}: event handler failed:`, err);
    } catch {
      // never let a reporting failure escape
    }
  }
}
