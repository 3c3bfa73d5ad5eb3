/**
 * DeltaFIFO: a queue of per-object change lists, between a Reflector and an informer.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/delta_fifo.go
 * @packageDocumentation
 */
import { KubekitError, type KubeObject } from '@kubekit/apimachinery';
import {
  deletedFinalStateUnknown,
  isDeletedFinalStateUnknown,
  type DeletedFinalStateUnknown,
} from './deleted-final-state-unknown';
import { abortError } from '@kubekit/apimachinery';
import { ArrayQueue } from './internal/array-queue';
import { deletionHandlingMetaNamespaceKeyFunc, type KeyFunc, type Store } from './store';

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

/** Why a {@link DeltaFIFOError} was thrown. */
export type DeltaFIFOErrorReason =
  /** The queue was closed: nothing more will be popped. */
  | 'Closed'
  /** Thrown by a process function to ask for its deltas to be queued again. */
  | 'Requeue';

/** An error of a {@link DeltaFIFO}. */
export class DeltaFIFOError extends KubekitError {
  static override readonly brand: string = '@kubekit/cache/DeltaFIFOError';
  /** What happened. */
  readonly reason: DeltaFIFOErrorReason;

  constructor(reason: DeltaFIFOErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/**
 * The error a {@link PopProcessFunc} throws to have its deltas queued again (client-go's
 * `ErrRequeue`); `cause` is what made processing fail. `pop` rethrows it after requeueing.
 */
export function requeue(cause?: unknown): DeltaFIFOError {
  return new DeltaFIFOError('Requeue', 'requeue requested', { cause });
}

/** Options of {@link createDeltaFIFO}. */
export interface DeltaFIFOOptions<T> {
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunction?: KeyFunc<T>;
  /**
   * The cache the popped deltas are applied to. With it, Replace also emits deletes for cached
   * objects missing from the new list, Delete ignores unknown objects, and Resync works.
   */
  knownObjects?: KeyListerGetter<T>;
  /** Queue `Replaced` (instead of `Sync`) deltas on Replace; informers set it. Default false. */
  emitDeltaTypeReplaced?: boolean;
  /**
   * Applied once to every object entering the queue, except tombstones and Sync deltas (which
   * come from the cache and were transformed already). Must be idempotent.
   */
  transformer?: TransformFunc<T>;
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
  /** The newest queued object of each key. */
  list(): T[];
  /** The queued keys. */
  listKeys(): string[];
  /** A copy of the deltas queued for the key of `obj`, or `undefined`. */
  getDeltas(obj: T): Deltas<T> | undefined;
  /** A copy of the deltas queued for `key`, or `undefined`. */
  getDeltasByKey(key: string): Deltas<T> | undefined;
  /** Queues `deltas` for their key unless that key already has deltas queued. */
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
 * const fifo = createDeltaFIFO<Pod>({ knownObjects: indexer, emitDeltaTypeReplaced: true });
 * fifo.replace(pods, '42');
 * await fifo.pop((deltas) => { for (const d of deltas) apply(d); });
 * ```
 */
export function createDeltaFIFO<T = KubeObject>(options: DeltaFIFOOptions<T> = {}): DeltaFIFO<T> {
  return new DeltaFIFOImpl(options);
}

class DeltaFIFOImpl<T> implements DeltaFIFO<T> {
  // Invariants: `items` has an entry (never empty) for every key of `queue`, and each key appears
  // there exactly once.
  private readonly items = new Map<string, Deltas<T>>();
  private readonly queue = new ArrayQueue<string>();
  /** Whether the first Replace, or any Add/Update/Delete, happened. */
  private populated = false;
  /** The items of the first Replace not yet popped. */
  private initialPopulationCount = 0;
  /** Sticky once populated && initialPopulationCount == 0. */
  private synced = false;
  private closed = false;
  private readonly waiters = new Set<() => void>();
  private readonly keyFunc: KeyFunc<T>;
  private readonly knownObjects: KeyListerGetter<T> | undefined;
  private readonly emitDeltaTypeReplaced: boolean;
  private readonly transformer: TransformFunc<T> | undefined;

  constructor(options: DeltaFIFOOptions<T>) {
    this.keyFunc = options.keyFunction ?? (deletionHandlingMetaNamespaceKeyFunc as KeyFunc<T>);
    this.knownObjects = options.knownObjects;
    this.emitDeltaTypeReplaced = options.emitDeltaTypeReplaced ?? false;
    this.transformer = options.transformer;
  }

  add(obj: T): void {
    this.markPopulated();
    this.queueAction('Added', obj);
  }

  update(obj: T): void {
    this.markPopulated();
    this.queueAction('Updated', obj);
  }

  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    const key = this.keyFunc(obj);
    this.markPopulated();
    const queued = this.items.has(key);
    if (!queued && (this.knownObjects === undefined || !this.knownObjects.getByKey(key))) return;
    this.queueAction('Deleted', obj);
  }

  replace(list: readonly T[], _resourceVersion: string): void {
    const keys = new Set<string>();
    const action: DeltaType = this.emitDeltaTypeReplaced ? 'Replaced' : 'Sync';
    for (const obj of list) {
      keys.add(this.keyFunc(obj));
      // Listed objects are new from the server: transform them even when queued as Sync.
      this.queueAction(action, obj, true);
    }
    let queuedDeletions = 0;
    // Keys queued but no longer listed: deleted while the watch was down.
    for (const [key, deltas] of Array.from(this.items)) {
      if (keys.has(key)) continue;
      const newest = deltas[deltas.length - 1]!.object;
      const last = isDeletedFinalStateUnknown(newest) ? (newest.obj as T | undefined) : newest;
      queuedDeletions++;
      this.queueAction('Deleted', deletedFinalStateUnknown(key, last));
    }
    // Keys cached but neither listed nor queued.
    if (this.knownObjects) {
      for (const key of this.knownObjects.listKeys()) {
        if (keys.has(key) || this.items.has(key)) continue;
        queuedDeletions++;
        this.queueAction('Deleted', deletedFinalStateUnknown(key, this.knownObjects.getByKey(key)));
      }
    }
    if (!this.populated) {
      this.populated = true;
      this.initialPopulationCount = keys.size + queuedDeletions;
      this.checkSynced();
    }
  }

  resync(): void {
    if (!this.knownObjects) return;
    for (const key of this.knownObjects.listKeys()) {
      const obj = this.knownObjects.getByKey(key);
      if (obj === undefined) continue;
      const id = this.keyFunc(obj);
      if (this.items.has(id)) continue; // Its queued deltas will bring it up to date anyway.
      this.queueAction('Sync', obj);
    }
  }

  list(): T[] {
    const out: T[] = [];
    for (const deltas of this.items.values()) {
      const newest = deltas[deltas.length - 1]!.object;
      out.push(newest as T);
    }
    return out;
  }

  listKeys(): string[] {
    return Array.from(this.items.keys());
  }

  get(obj: T): T | undefined {
    return this.getByKey(this.keyFunc(obj));
  }

  getByKey(key: string): T | undefined {
    const deltas = this.items.get(key);
    return deltas ? (deltas[deltas.length - 1]!.object as T) : undefined;
  }

  getDeltas(obj: T): Deltas<T> | undefined {
    return this.getDeltasByKey(this.keyFunc(obj));
  }

  getDeltasByKey(key: string): Deltas<T> | undefined {
    const deltas = this.items.get(key);
    return deltas ? deltas.slice() : undefined;
  }

  addIfNotPresent(deltas: Deltas<T>): void {
    const first = deltas[0];
    if (!first) return;
    const key = this.keyFunc(first.object);
    this.markPopulated();
    if (this.items.has(key)) return;
    this.items.set(key, deltas.slice());
    this.enqueueKey(key);
  }

  size(): number {
    return this.items.size;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  isClosed(): boolean {
    return this.closed;
  }

  async pop(
    process: PopProcessFunc<T>,
    options: { signal?: AbortSignal } = {},
  ): Promise<Deltas<T>> {
    const { signal } = options;
    while (this.queue.length === 0) {
      if (this.closed)
        throw new DeltaFIFOError('Closed', 'DeltaFIFO: manipulating with closed queue');
      await this.waitForItem(signal);
    }
    if (signal?.aborted) throw abortError(signal);
    const isInInitialList = !this.synced;
    const key = this.queue.shift()!;
    if (this.initialPopulationCount > 0) {
      this.initialPopulationCount--;
      this.checkSynced();
    }
    const deltas = this.items.get(key)!;
    this.items.delete(key);
    try {
      await process(deltas, isInInitialList);
    } catch (err) {
      if (DeltaFIFOError.isInstance(err) && err.reason === 'Requeue') this.addIfNotPresent(deltas);
      throw err;
    }
    return deltas;
  }

  private markPopulated(): void {
    this.populated = true;
    this.checkSynced();
  }

  private checkSynced(): void {
    if (!this.synced && this.populated && this.initialPopulationCount === 0) this.synced = true;
  }

  private queueAction(
    type: DeltaType,
    obj: T | DeletedFinalStateUnknown<T>,
    transform = type !== 'Sync',
  ): void {
    const key = this.keyFunc(obj);
    let object = obj;
    if (this.transformer && transform && !isDeletedFinalStateUnknown(obj)) {
      object = this.transformer(obj as T);
    }
    const deltas = this.items.get(key);
    if (!deltas) {
      this.items.set(key, [{ type, object }]);
      this.enqueueKey(key);
      return;
    }
    const last = deltas[deltas.length - 1]!;
    if (type === 'Deleted' && last.type === 'Deleted') {
      // Two deletes in a row: keep one, preferring the one that carries the real final state.
      if (isDeletedFinalStateUnknown(last.object)) last.object = object;
      return;
    }
    deltas.push({ type, object });
  }

  private enqueueKey(key: string): void {
    this.queue.push(key);
    this.wake();
  }

  private wake(): void {
    if (this.waiters.size === 0) return;
    const waiters = Array.from(this.waiters);
    this.waiters.clear();
    for (const resolve of waiters) resolve();
  }

  private waitForItem(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(done);
        reject(abortError(signal!));
      };
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
