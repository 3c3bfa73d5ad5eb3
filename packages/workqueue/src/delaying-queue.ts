import { realClock } from './clock';
import type { CounterMetric } from './metrics';
import type { Queue, QueueOptions } from './queue';
import { newQueue } from './queue';
import { ForwardingQueue } from './internal/forwarding-queue';
import { WaitingItems } from './internal/waiting-items';

/**
 * A {@link Queue} that can also add an item after a delay, to requeue after a failure without a
 * hot loop.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/delaying_queue.go
 */
export interface DelayingQueue<T = string> extends Queue<T> {
  /**
   * Adds `item` once `delayMs` milliseconds have passed (at once when `delayMs <= 0`).
   *
   * An item already waiting keeps the earlier of its two ready times. Ignored once the queue is
   * shutting down; items still waiting at shutdown are dropped. Counted in the retries metric.
   */
  addAfter(item: T, delayMs: number): void;
}

/** Options of {@link newDelayingQueue}. */
export interface DelayingQueueOptions<T> extends QueueOptions {
  /** The queue that ready items are added to; by default a new {@link Queue} with these options. */
  queue?: Queue<T>;
}

/**
 * Creates a {@link DelayingQueue}. Waiting items are kept in a binary heap ordered by ready time,
 * with a single timer armed for the earliest one; shutdown cancels it.
 *
 * @example
 * ```ts
 * const queue = newDelayingQueue<string>();
 * queue.addAfter('default/web', 5_000); // handed out by get() in 5 s
 * ```
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/delaying_queue.go
 */
export function newDelayingQueue<T = string>(
  options: DelayingQueueOptions<T> = {},
): DelayingQueue<T> {
  return new DelayingWorkQueue<T>(options);
}

class DelayingWorkQueue<T> extends ForwardingQueue<T, Queue<T>> implements DelayingQueue<T> {
  private readonly retries: CounterMetric | undefined;
  /** Items not yet ready, at most one entry each. Emptied at shutdown. */
  private readonly waiting: WaitingItems<T>;

  constructor(options: DelayingQueueOptions<T>) {
    super(options.queue ?? newQueue<T>(options));
    // The wrapped queue may have been shut down directly rather than through this one.
    this.waiting = new WaitingItems<T>(
      options.clock ?? realClock,
      (item) => this.inner.add(item),
      () => this.inner.shuttingDown(),
    );
    this.retries =
      options.name && options.metricsProvider
        ? options.metricsProvider.newRetriesMetric(options.name)
        : undefined;
  }

  addAfter(item: T, delayMs: number): void {
    if (this.inner.shuttingDown()) return;
    this.retries?.inc();
    if (!(delayMs > 0)) {
      this.inner.add(item);
      return;
    }
    this.waiting.add(item, delayMs);
  }

  override shutDown(): void {
    this.waiting.clear();
    this.inner.shutDown();
  }

  override shutDownWithDrain(): Promise<void> {
    this.waiting.clear();
    return this.inner.shutDownWithDrain();
  }
}
