/**
 * FIFO: a queue of the newest state of each key, popped in the order keys were first queued.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/fifo.go
 * @packageDocumentation
 */
import type { KubeObject } from '@kubekit/apimachinery';
import { FIFOQueue } from './internal/fifo-queue';
import type { ReflectorStore } from './reflector-options';
import type { KeyFunc } from './store';

/**
 * Handles the object popped from a {@link FIFO}; `isInInitialList` is true while the objects of
 * the first Replace are being popped.
 */
export type FIFOProcessFunc<T> = (obj: T, isInInitialList: boolean) => void | Promise<void>;

/** Options of {@link newFIFO}. */
export interface FIFOOptions<T> {
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunction?: KeyFunc<T> | undefined;
}

/**
 * A producer/consumer queue holding only the newest state of each key (client-go's FIFO):
 * adding a queued key replaces its object in place, deleting drops it, and `pop` hands out
 * objects in the order their keys were first queued. Use it when only the latest state
 * matters; to see every change use a RealFIFO, to see deletions a DeltaFIFO. Every method
 * except `pop` is synchronous, so the queue is consistent by construction.
 */
export interface FIFO<T = KubeObject> extends ReflectorStore<T> {
  /** Queues the object, or replaces the queued object of its key (keeping its place). */
  add(obj: T): void;
  /** Same as {@link FIFO.add}. */
  update(obj: T): void;
  /** Drops the queued object of its key, if any. */
  delete(obj: T): void;
  /**
   * Replaces the whole queue with `list`, in its order. The first call marks the queue
   * populated.
   */
  replace(list: readonly T[], resourceVersion: string): void;
  /** Queues every held key that is not queued (client-go's FIFO.Resync). */
  resync(): void;
  /** The queued objects. */
  list(): T[];
  /** The queued object under `key`, or `undefined`. */
  getByKey(key: string): T | undefined;
  /**
   * Waits for an object, removes it and calls `process` with it; resolves with it.
   *
   * Errors: rejects with DeltaFIFOError `Closed` once closed and empty (client-go's shared
   * ErrFIFOClosed text), with an AbortError when `signal` aborts first, and with whatever
   * `process` throws (the object is not queued again).
   */
  pop(process: FIFOProcessFunc<T>, options?: { signal?: AbortSignal }): Promise<T>;
  /** True once an Add/Update/Delete came first, or every key of the first Replace was popped. */
  hasSynced(): boolean;
  /** Makes waiting and future pops reject with `Closed` once the queue is empty. */
  close(): void;
  /** Whether {@link FIFO.close} was called. */
  isClosed(): boolean;
  /** The number of queued objects. */
  size(): number;
}

/**
 * Creates a {@link FIFO} (client-go's `NewFIFO`).
 *
 * @example
 * ```ts
 * const fifo = newFIFO<Pod>();
 * fifo.add(pod);
 * await fifo.pop((latest) => reconcile(latest));
 * ```
 */
export function newFIFO<T = KubeObject>(options: FIFOOptions<T> = {}): FIFO<T> {
  return new FIFOQueue(options);
}
