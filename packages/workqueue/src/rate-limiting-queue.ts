import type { DelayingQueue, DelayingQueueOptions } from './delaying-queue';
import { newDelayingQueue } from './delaying-queue';
import type { RateLimiter } from './default-rate-limiters';
import { defaultControllerRateLimiter } from './default-rate-limiters';
import { ForwardingQueue } from './internal/forwarding-queue';

/**
 * A {@link DelayingQueue} that delays retries as a {@link RateLimiter} decides.
 *
 * Remember to call {@link RateLimitingQueue.forget} when an item succeeds, or its failures keep
 * being counted (and its next retry waits longer).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/rate_limiting_queue.go
 */
export interface RateLimitingQueue<T = string> extends DelayingQueue<T> {
  /** Adds `item` after the delay the rate limiter gives it (recording a failure). */
  addRateLimited(item: T): void;
  /** Stops the rate limiter tracking `item`. You must still call {@link Queue.done}. */
  forget(item: T): void;
  /** How many times `item` has been requeued with {@link RateLimitingQueue.addRateLimited}. */
  numRequeues(item: T): number;
}

/** Options of {@link newRateLimitingQueue}. */
export interface RateLimitingQueueOptions<T> extends Omit<DelayingQueueOptions<T>, 'queue'> {
  /** Decides the retry delays; defaults to {@link defaultControllerRateLimiter} on `clock`. */
  rateLimiter?: RateLimiter<T>;
  /** The delaying queue to wrap; by default a new one with these options. */
  delayingQueue?: DelayingQueue<T>;
}

/**
 * Creates a {@link RateLimitingQueue}.
 *
 * @example
 * ```ts
 * const queue = newRateLimitingQueue<string>({ name: 'tfjobs' });
 * queue.addRateLimited('default/mnist'); // retried after 5 ms, 10 ms, 20 ms, ... up to 1000 s
 * ```
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/rate_limiting_queue.go
 */
export function newRateLimitingQueue<T = string>(
  options: RateLimitingQueueOptions<T> = {},
): RateLimitingQueue<T> {
  const { rateLimiter, delayingQueue, ...delayingOptions } = options;
  return new RateLimitingWorkQueue<T>(
    delayingQueue ?? newDelayingQueue<T>(delayingOptions),
    rateLimiter ?? defaultControllerRateLimiter<T>({ clock: options.clock }),
  );
}

class RateLimitingWorkQueue<T>
  extends ForwardingQueue<T, DelayingQueue<T>>
  implements RateLimitingQueue<T>
{
  constructor(
    inner: DelayingQueue<T>,
    private readonly rateLimiter: RateLimiter<T>,
  ) {
    super(inner);
  }

  addRateLimited(item: T): void {
    // Checked first so that a queue being shut down does not count failures or spend tokens.
    if (this.inner.shuttingDown()) return;
    this.inner.addAfter(item, this.rateLimiter.when(item));
  }

  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }

  addAfter(item: T, delayMs: number): void {
    this.inner.addAfter(item, delayMs);
  }
}
