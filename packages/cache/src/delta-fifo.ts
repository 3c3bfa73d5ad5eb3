/**
 * DeltaFIFO: a queue of per-object change lists, between a Reflector and an informer.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/delta_fifo.go
 * @packageDocumentation
 */
import type { KubeObject } from '@kubekit/apimachinery';
import type { DeletedFinalStateUnknown } from './deleted-final-state-unknown';
import { DeltaFIFOQueue } from './internal/delta-fifo-queue';
import type { KeyFunc, Store } from './store';

/** The kind of change a {@link Delta} records. */
export type DeltaType = 'Added' | 'Updated' | 'Deleted' | 'Replaced' | 'Sync';

/**
 * One change to one object. For `Deleted` the object may be a tombstone
 * ({@link DeletedFinalStateUnknown}) when the delete was detected by a relist.
 */
export interface Delta<T = KubeObject> {
  type: DeltaType;
  object: T | DeletedFinalStateUnknown<T>;
}

/** The changes queued for one key, oldest first. Never empty. */
export type Deltas<T = KubeObject> = Delta<T>[];

/** The read-only view of the informer's cache a DeltaFIFO uses to detect deletes and resync. */
export interface KeyListerGetter<T = KubeObject> {
  /** Every key the cache holds. */
  listKeys(): string[];
  /** The cached object under `key`, or `undefined`. */
  getByKey(key: string): T | undefined;
}

/** A function applied to every object entering the queue (e.g. to drop managedFields). */
export type TransformFunc<T = KubeObject> = (obj: T) => T;

/**
 * Handles the deltas of one key. `isInInitialList` is true while the items of the first
 * Replace are being popped. Throw {@link DeltaFIFOError} with reason `Requeue` (see
 * {@link requeue}) to put the deltas back.
 */
export type PopProcessFunc<T = KubeObject> = (
  deltas: Deltas<T>,
  isInInitialList: boolean,
) => void | Promise<void>;

/** Options of {@link newDeltaFIFO}. */
export interface DeltaFIFOOptions<T> {
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunction?: KeyFunc<T> | undefined;
  /**
   * The cache the popped deltas are applied to. With it, Replace also emits deletes for cached
   * objects missing from the new list, Delete ignores unknown objects, and Resync works.
   */
  knownObjects?: KeyListerGetter<T> | undefined;
  /** Queue `Replaced` (instead of `Sync`) deltas on Replace; informers set it. Default false. */
  emitDeltaTypeReplaced?: boolean | undefined;
  /**
   * Applied once to every object entering the queue, except tombstones and Sync deltas (which
   * come from the cache and were transformed already). Must be idempotent.
   */
  transformer?: TransformFunc<T> | undefined;
}

/**
 * A producer/consumer queue whose items are the accumulated {@link Deltas} of one object key.
 * Keys are popped in the order they were first queued; while a key waits, its new deltas are
 * appended to it (two deletes in a row collapse to one). Every method except `pop` is
 * synchronous, so the queue is consistent by construction.
 */
export interface DeltaFIFO<T = KubeObject> extends Store<T> {
  /** Queues an `Added` delta. */
  add(obj: T): void;
  /** Queues an `Updated` delta. */
  update(obj: T): void;
  /**
   * Queues a `Deleted` delta, unless the object is neither queued nor known (then nothing
   * happens).
   */
  delete(obj: T | DeletedFinalStateUnknown<T>): void;
  /**
   * Queues `Replaced` (or `Sync`) deltas for every object of `list`, and a `Deleted` tombstone for
   * every queued or known key missing from it. The first call marks the queue populated.
   */
  replace(list: readonly T[], resourceVersion: string): void;
  /** Queues a `Sync` delta for every known object whose key has nothing queued. */
  resync(): void;
  /**
   * The transform given as the `transformer` option, if any: a Reflector applies it to each object
   * of a streaming list as it arrives (client-go's TransformingStore).
   */
  transformer(): TransformFunc<T> | undefined;
  /** The newest queued object of each key. */
  list(): T[];
  /** The queued keys. */
  listKeys(): string[];
  /** A copy of the deltas queued for the key of `obj`, or `undefined`. */
  getDeltas(obj: T): Deltas<T> | undefined;
  /** A copy of the deltas queued for `key`, or `undefined`. */
  getDeltasByKey(key: string): Deltas<T> | undefined;
  /**
   * Queues `deltas` for their key (that of the newest) unless that key already has deltas
   * queued. Throws {@link DeltaFIFOError} `ZeroLengthDeltas` for an empty list, which has no key.
   */
  addIfNotPresent(deltas: Deltas<T>): void;
  /**
   * Waits for a key, removes it with its deltas and calls `process` with them. Resolves with the
   * processed deltas.
   *
   * Errors: rejects with {@link DeltaFIFOError} `Closed` once closed and empty (items queued
   * before `close` are still handed out), with an AbortError when `signal` aborts first, and with
   * whatever `process` throws (after requeueing when that is a `Requeue` error).
   */
  pop(process: PopProcessFunc<T>, options?: { signal?: AbortSignal }): Promise<Deltas<T>>;
  /**
   * True once the first Replace (or any Add/Update/Delete before it) happened and every item
   * queued by that first Replace has been popped. Stays true.
   */
  hasSynced(): boolean;
  /** Makes waiting and future pops reject with `Closed` once the queue is empty. */
  close(): void;
  /** Whether {@link DeltaFIFO.close} was called. */
  isClosed(): boolean;
  /** The number of queued keys. */
  size(): number;
}

/**
 * Creates a {@link DeltaFIFO} (client-go's `NewDeltaFIFOWithOptions`).
 *
 * @example
 * ```ts
 * const fifo = newDeltaFIFO<Pod>({ knownObjects: indexer, emitDeltaTypeReplaced: true });
 * fifo.replace(pods, '42');
 * await fifo.pop((deltas) => { for (const d of deltas) apply(d); });
 * ```
 */
export function newDeltaFIFO<T = KubeObject>(options: DeltaFIFOOptions<T> = {}): DeltaFIFO<T> {
  return new DeltaFIFOQueue(options);
}
