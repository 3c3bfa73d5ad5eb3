/**
 * RealFIFO: the in-order queue between a Reflector and an informer (client-go's default since
 * 1.33, the InOrderInformers feature).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/the_real_fifo.go
 * @packageDocumentation
 */
import type { KubeObject } from '@kubekit/apimachinery';
import type { DeletedFinalStateUnknown } from './deleted-final-state-unknown';
import type { Delta, Deltas, KeyListerGetter, PopProcessFunc, TransformFunc } from './delta-fifo';
import { RealFIFOQueue } from './internal/real-fifo-queue';
import type { ReflectorStore } from './reflector';
import type { KeyFunc } from './store';

/**
 * Handles a batch popped by {@link RealFIFO.popBatch}: deltas of distinct keys, oldest first,
 * all from the initial list or all from after it (`isInInitialList`).
 */
export type ProcessBatchFunc<T = KubeObject> = (
  deltas: Delta<T>[],
  isInInitialList: boolean,
) => void | Promise<void>;

/** Options of {@link newRealFIFO}. */
export interface RealFIFOOptions<T> {
  /**
   * The cache the popped deltas are applied to (required, as in client-go): Replace emits a
   * `Deleted` tombstone for every cached key missing from the new list, and Resync queues a
   * `Sync` delta for every cached object.
   */
  knownObjects: KeyListerGetter<T>;
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunction?: KeyFunc<T> | undefined;
  /**
   * Applied once to every object entering the queue, except tombstones and `Sync` deltas (which
   * come from the cache and were transformed already). Must be idempotent.
   */
  transformer?: TransformFunc<T> | undefined;
  /** The most deltas {@link RealFIFO.popBatch} hands out at once; default 1000 (client-go's). */
  batchSize?: number | undefined;
}

/**
 * A producer/consumer queue of every change, in arrival order: unlike a DeltaFIFO it never
 * merges the changes of a key, so a consumer sees each one, deletions included, in the order the
 * Reflector reported them. On Replace (a relist) it queues, in this order: a `Deleted` tombstone
 * for every queued key missing from the new list (unless its newest queued delta is already a
 * deletion), one for every cached key neither listed nor queued, then a `Replaced` delta per
 * listed object. Every method except `pop`/`popBatch` is synchronous, so the queue is consistent
 * by construction.
 *
 * Differences from a DeltaFIFO: `delete` always queues (even for an object neither queued nor
 * cached); there are no `Requeue` errors (a failing process function just fails); and `hasSynced`
 * turns true only after the process function of the last initial-list item returned.
 */
export interface RealFIFO<T = KubeObject> extends ReflectorStore<T> {
  /** Queues an `Added` delta. */
  add(obj: T): void;
  /** Queues an `Updated` delta. */
  update(obj: T): void;
  /** Queues a `Deleted` delta. */
  delete(obj: T | DeletedFinalStateUnknown<T>): void;
  /**
   * Queues the deletions a relist reveals, then a `Replaced` delta for every object of `list`
   * (see {@link RealFIFO}). The first call marks the queue populated: everything queued at that
   * moment is the initial list.
   */
  replace(list: readonly T[], resourceVersion: string): void;
  /** Queues a `Sync` delta for every known object whose key has nothing queued. */
  resync(): void;
  /**
   * The transform given as the `transformer` option, if any: a Reflector applies it to each object
   * of a streaming list as it arrives (client-go's TransformingStore).
   */
  transformer(): TransformFunc<T> | undefined;
  /** A copy of the queued deltas, oldest first. */
  queuedDeltas(): Delta<T>[];
  /**
   * Waits for a delta, removes it and calls `process` with it (as one-element {@link Deltas}).
   * Resolves with what was processed.
   *
   * Errors: rejects with DeltaFIFOError `Closed` once closed and empty (deltas queued before
   * `close` are still handed out; the message is client-go's shared ErrFIFOClosed text), with an
   * AbortError when `signal` aborts first, and with whatever `process` throws (the delta is not
   * queued again).
   */
  pop(process: PopProcessFunc<T>, options?: { signal?: AbortSignal }): Promise<Deltas<T>>;
  /**
   * Waits for deltas, removes the longest run from the head that has distinct keys, at most
   * `batchSize` of them and never mixing initial-list deltas with later ones, and hands it to
   * `processBatch`, or to `processSingle` when the run has one delta (client-go's PopBatch).
   * Resolves with the popped deltas; rejects as {@link RealFIFO.pop} does.
   */
  popBatch(
    processBatch: ProcessBatchFunc<T>,
    processSingle: PopProcessFunc<T>,
    options?: { signal?: AbortSignal },
  ): Promise<Delta<T>[]>;
  /**
   * True once an Add/Update/Delete came first, or every delta queued by the first Replace has
   * been popped and processed. Stays true.
   */
  hasSynced(): boolean;
  /** Makes waiting and future pops reject with `Closed` once the queue is empty. */
  close(): void;
  /** Whether {@link RealFIFO.close} was called. */
  isClosed(): boolean;
  /** The number of queued deltas. */
  size(): number;
}

/**
 * Creates a {@link RealFIFO} (client-go's `NewRealFIFOWithOptions`). Throws DeltaFIFOError
 * `InvalidOptions` without `knownObjects` or with a `batchSize` below 1.
 *
 * @example
 * ```ts
 * const fifo = newRealFIFO<Pod>({ knownObjects: indexer });
 * fifo.replace(pods, '42');
 * await fifo.pop(([delta]) => apply(delta));
 * ```
 */
export function newRealFIFO<T = KubeObject>(options: RealFIFOOptions<T>): RealFIFO<T> {
  return new RealFIFOQueue(options);
}
