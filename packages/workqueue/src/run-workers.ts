import type { RateLimitingQueue } from './rate-limiting-queue';
import { checkOption } from './workqueue-error';

/** Options of {@link runWorkers}. */
export interface RunWorkersOptions<T> {
  /** The queue to take items from. */
  queue: RateLimitingQueue<T>;
  /** How many items may be processed at once; an integer >= 1. */
  workers: number;
  /**
   * Processes one item. Resolving means success (the item is forgotten by the rate limiter);
   * throwing or rejecting means failure (the item is requeued with `addRateLimited`). The same
   * item is never processed by two calls at once.
   */
  handler: (item: T) => unknown;
  /** Called with each handler failure, before the item is requeued. Its own errors are ignored. */
  onError?: (error: unknown, item: T) => void;
  /**
   * Stops the workers: the queue is shut down with drain (items already queued are still
   * processed; delayed ones are dropped) and {@link runWorkers} resolves when all are done.
   */
  signal?: AbortSignal;
}

/**
 * Runs `workers` async loops that take items from `queue` and pass them to `handler`, the loop
 * every client-go controller writes (`processNextWorkItem`): `forget` on success,
 * `addRateLimited` on failure, `done` always.
 *
 * Resolves once the queue is shut down (by `signal` or by anyone calling `shutDown`) and every
 * worker has finished its last item: no handler call is running afterwards.
 *
 * @throws WorkqueueError `InvalidOptions` (synchronously) when `workers` is not an integer >= 1.
 * @example
 * ```ts
 * const controller = new AbortController();
 * const stopped = runWorkers({
 *   queue, workers: 4, signal: controller.signal,
 *   handler: async (key) => reconcile(key),
 *   onError: (err, key) => console.error(`sync ${key} failed`, err),
 * });
 * // later: controller.abort(); await stopped;
 * ```
 * @see https://github.com/kubernetes/sample-controller/blob/master/controller.go
 */
export function runWorkers<T>(options: RunWorkersOptions<T>): Promise<void> {
  const { queue, workers, signal } = options;
  checkOption(
    Number.isInteger(workers) && workers >= 1,
    `workers must be an integer >= 1, got ${workers}`,
  );
  const stop = (): void => {
    // Resolves once drained; runWorkers itself waits for the workers, which covers that.
    void queue.shutDownWithDrain();
  };
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });

  const loops: Promise<void>[] = [];
  for (let i = 0; i < workers; i++) loops.push(workerLoop(options));
  return Promise.all(loops).then(() => signal?.removeEventListener('abort', stop));
}

/** One worker: processes items until the queue reports shutdown. */
async function workerLoop<T>(options: RunWorkersOptions<T>): Promise<void> {
  const { queue, handler, onError } = options;
  for (;;) {
    const next = await queue.get();
    if (next.shutdown) return;
    const { item } = next;
    try {
      await handler(item);
      queue.forget(item);
    } catch (error) {
      try {
        onError?.(error, item);
      } catch {
        // A failing error hook must not stop the worker or lose the item.
      }
      queue.addRateLimited(item);
    } finally {
      queue.done(item);
    }
  }
}
