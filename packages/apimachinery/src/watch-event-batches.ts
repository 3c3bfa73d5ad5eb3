import type { KubeObject, WatchEvent } from './meta';

/**
 * The key of a watch stream's batch iterator. Besides its per-event async iterator, a watch
 * stream may offer, under this key, an iterator that yields the events of each received chunk at
 * once: in the order the server sent them, never an empty batch. A consumer that applies events
 * synchronously (the Reflector of @kubekit/cache) then pays one asynchronous hand-over per chunk
 * instead of one per event. @kubekit/rest's watch streams offer it.
 *
 * A registered symbol (`Symbol.for`), so that an ESM and a CJS copy of the package agree on it.
 */
export const watchEventBatches: unique symbol = Symbol.for('kubekit.watchEventBatches');

/**
 * A watch stream that can hand over its events a batch at a time; see {@link watchEventBatches}.
 * Iterate the stream once, by batch or by event, not both: events already taken by one iterator
 * are not seen by the other. Errors (an `ERROR` event as a StatusError, a broken connection) are
 * thrown by `next()` after the batch of the events that came before them. `return()` closes the
 * stream as the per-event iterator's does.
 */
export interface WatchEventBatchSource<T extends KubeObject = KubeObject> {
  /** The batch iterator; see {@link watchEventBatches}. */
  [watchEventBatches](): AsyncIterator<readonly WatchEvent<T>[]>;
}

/**
 * The batch iterator of `stream` when it offers one ({@link watchEventBatches}), else undefined.
 */
export function watchEventBatchesOf<T extends KubeObject>(
  stream: AsyncIterable<WatchEvent<T>>,
): AsyncIterator<readonly WatchEvent<T>[]> | undefined {
  const batches = (stream as Partial<WatchEventBatchSource<T>>)[watchEventBatches];
  return typeof batches === 'function' ? batches.call(stream) : undefined;
}
