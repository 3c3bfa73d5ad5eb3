import type { Clock } from './clock';
import { realClock } from './clock';
import type { MetricsProvider } from './metrics';
import { abortReason, GetWaiters, QueueShutdown } from './internal/get-waiters';
import type { QueueMetrics } from './internal/queue-metrics';
import { newQueueMetrics } from './internal/queue-metrics';
import { QueuedItems } from './internal/queued-items';

/**
 * What {@link Queue.get} resolves to: an item to process (call {@link Queue.done} with it when
 * finished), or `shutdown: true` once the queue is shut down and empty (the worker should exit).
 */
export type GetResult<T> =
  | { readonly shutdown: false; readonly item: T }
  | { readonly shutdown: true; readonly item?: undefined };

/** Options of {@link Queue.get}. */
export interface GetOptions {
  /**
   * Stops waiting: the promise rejects with `signal.reason` (an `AbortError` by default). An item
   * is never lost to an aborted get: it stays queued for the next one.
   */
  signal?: AbortSignal;
}

/**
 * A work queue: a set of keys waiting to be processed, each handed to one worker at a time.
 *
 * Guarantees (as client-go's queue.go):
 * - Fair: items are handed out in the order they were added.
 * - Stingy: an item added several times before a worker gets it is processed once.
 * - Exclusive: an item is never handed to two workers at once. An item added while it is being
 *   processed is remembered ("dirty") and queued again when {@link Queue.done} is called.
 *
 * Items are compared like `Set` members (SameValueZero): strings and numbers by value, objects by
 * identity. Use string keys (`namespace/name`) for Kubernetes objects, as client-go does.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/queue.go
 */
export interface Queue<T = string> {
  /** Marks `item` as needing processing. Ignored once the queue is shutting down. */
  add(item: T): void;
  /** The number of items waiting to be handed out (informational; not for synchronisation). */
  len(): number;
  /**
   * Waits for an item to process, or for the queue to be shut down and empty. After shutdown,
   * the items still queued are handed out first. Waiting gets are served in call order.
   */
  get(options?: GetOptions): Promise<GetResult<T>>;
  /**
   * Marks `item` as processed. If it was added again meanwhile it is queued again. Calling it for
   * an item that is not being processed does nothing.
   */
  done(item: T): void;
  /**
   * Stops accepting new items. Workers still get the items already queued, then `shutdown: true`.
   * Also makes a pending {@link Queue.shutDownWithDrain} resolve at once.
   */
  shutDown(): void;
  /**
   * Like {@link Queue.shutDown}, and resolves once the queue is empty and no item is being
   * processed. Caveat: if no worker is running (or one never calls `done`), it waits until
   * {@link Queue.shutDown} is called.
   */
  shutDownWithDrain(): Promise<void>;
  /** True once {@link Queue.shutDown} or {@link Queue.shutDownWithDrain} has been called. */
  shuttingDown(): boolean;
}

/** Options of {@link newQueue}. */
export interface QueueOptions {
  /** Name of the queue in metrics; a queue without a name records no metrics. */
  name?: string;
  /** Where metrics go; the default records nothing. */
  metricsProvider?: MetricsProvider;
  /** Time source for the latency and duration metrics; defaults to {@link realClock}. */
  clock?: Clock;
}

/**
 * Creates a {@link Queue}.
 *
 * @example
 * ```ts
 * const queue = newQueue<string>();
 * queue.add('default/web');
 * const { item, shutdown } = await queue.get();
 * if (!shutdown) { try { await reconcile(item); } finally { queue.done(item); } }
 * ```
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/queue.go
 */
export function newQueue<T = string>(options: QueueOptions = {}): Queue<T> {
  return new WorkQueue<T>(options);
}

class WorkQueue<T> implements Queue<T> {
  /** Items waiting to be handed out, oldest first. Never holds an item of `processing`. */
  private readonly queued = new QueuedItems<T>();
  /**
   * Items handed to a worker and not yet done, mapped to whether they were added again meanwhile
   * ("dirty": `done` queues them again). An item is never in `queued` and `processing` at once.
   */
  private readonly processing = new Map<T, boolean>();
  /** Pending gets, in call order. Non-empty only while `queued` is empty and not shutting down. */
  private readonly waiters = new GetWaiters<T>();
  private readonly shutdown = new QueueShutdown({
    onStart: () => {
      this.metrics.shutDown();
      // Waiters exist only while the queue is empty: they all learn of the shutdown now.
      this.waiters.shutDown();
    },
    isDrained: () => this.processing.size === 0 && this.queued.size === 0,
  });
  private readonly metrics: QueueMetrics<T>;

  constructor(options: QueueOptions) {
    this.metrics = newQueueMetrics<T>({
      name: options.name,
      provider: options.metricsProvider,
      clock: options.clock ?? realClock,
    });
  }

  add(item: T): void {
    if (this.shutdown.isShuttingDown) return;
    // A coalesced add (the key is queued already) costs one lookup while `queued` is small (a
    // hot set of keys). A large `queued` (up to millions of keys) is touched once: add() itself
    // tells whether the item was new. `processing` is small (one entry per busy worker).
    if (this.queued.hasCheaply(item)) return;
    const dirty = this.processing.size === 0 ? undefined : this.processing.get(item);
    if (dirty === undefined) {
      if (!this.queued.add(item)) return;
      this.metrics.add(item);
      this.dispatch();
    } else if (!dirty) {
      this.processing.set(item, true);
      this.metrics.add(item);
    }
  }

  len(): number {
    return this.queued.size;
  }

  get(options: GetOptions = {}): Promise<GetResult<T>> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.queued.size > 0) return Promise.resolve({ shutdown: false, item: this.take() });
    if (this.shutdown.isShuttingDown) return Promise.resolve({ shutdown: true });
    return this.waiters.wait(signal);
  }

  done(item: T): void {
    const dirty = this.processing.get(item);
    if (dirty === undefined) return;
    this.processing.delete(item);
    this.metrics.done(item);
    if (dirty) {
      this.queued.add(item);
      this.dispatch();
    } else {
      this.shutdown.checkDrained();
    }
  }

  shutDown(): void {
    this.shutdown.shutDown();
  }

  shutDownWithDrain(): Promise<void> {
    return this.shutdown.shutDownWithDrain();
  }

  shuttingDown(): boolean {
    return this.shutdown.isShuttingDown;
  }

  /** Hands queued items to waiting gets, oldest first. */
  private dispatch(): void {
    while (this.queued.size > 0) {
      const waiter = this.waiters.next();
      if (waiter === undefined) return;
      waiter.resolve({ shutdown: false, item: this.take() });
    }
  }

  /** Moves the oldest queued item to `processing`. `queued` must not be empty. */
  private take(): T {
    const item = this.queued.shift();
    this.processing.set(item, false);
    this.metrics.get(item);
    return item;
  }
}
