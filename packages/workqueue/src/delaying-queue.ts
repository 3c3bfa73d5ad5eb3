import type { Clock } from './clock';
import { realClock } from './clock';
import type { CounterMetric } from './metrics';
import type { Queue, QueueOptions } from './queue';
import { newQueue } from './queue';
import { ForwardingQueue } from './internal/forwarding-queue';
import { WaitForHeap } from './internal/wait-for-heap';

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

/** The longest delay one timer can be armed with (setTimeout overflows past 2^31-1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
  private readonly clock: Clock;
  private readonly retries: CounterMetric | undefined;
  /** Items not yet ready, at most one entry each. Emptied at shutdown. */
  private readonly waiting = new WaitForHeap<T>();
  /** The one timer; armed while an item with a finite ready time is waiting. */
  private timer: unknown = undefined;
  /** The clock reading the timer is armed for. */
  private timerAt = Infinity;

  constructor(options: DelayingQueueOptions<T>) {
    super(options.queue ?? newQueue<T>(options));
    this.clock = options.clock ?? realClock;
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
    this.waiting.insert(item, this.clock.now() + delayMs);
    this.arm();
  }

  override shutDown(): void {
    this.stopWaiting();
    this.inner.shutDown();
  }

  override shutDownWithDrain(): Promise<void> {
    this.stopWaiting();
    return this.inner.shutDownWithDrain();
  }

  /** Arms the timer for the earliest waiting item unless it is already armed early enough. */
  private arm(): void {
    const head = this.waiting.peek();
    if (head === undefined || head.readyAt >= this.timerAt) return;
    this.disarm();
    this.timerAt = head.readyAt;
    const delay = Math.min(Math.max(head.readyAt - this.clock.now(), 0), MAX_TIMER_MS);
    this.timer = this.clock.setTimeout(() => this.fire(), delay);
  }

  private disarm(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Adds every ready item to the queue, then re-arms for the next one. */
  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    // The wrapped queue may have been shut down directly rather than through this one.
    if (this.inner.shuttingDown()) {
      this.waiting.clear();
      return;
    }
    const now = this.clock.now();
    for (let head = this.waiting.peek(); head !== undefined && head.readyAt <= now;) {
      this.waiting.pop();
      this.inner.add(head.item);
      head = this.waiting.peek();
    }
    this.arm();
  }

  private stopWaiting(): void {
    this.disarm();
    this.waiting.clear();
  }
}
