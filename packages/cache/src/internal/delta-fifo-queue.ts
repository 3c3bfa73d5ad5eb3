import {
  deletedFinalStateUnknown,
  isDeletedFinalStateUnknown,
  type DeletedFinalStateUnknown,
} from '../deleted-final-state-unknown';
import type {
  DeltaFIFO,
  DeltaFIFOOptions,
  Deltas,
  DeltaType,
  KeyListerGetter,
  PopProcessFunc,
  TransformFunc,
} from '../delta-fifo';
import { DeltaFIFOError } from '../delta-fifo-error';
import type { DeltaHandler, InformerQueue } from './informer-queue';
import { KeyedQueue } from './keyed-queue';
import { isThenable } from './queue-ready';

/** A synchronous process function that also gets the key of its deltas (see `popNow`). */
type KeyedPopProcess<T> = (deltas: Deltas<T>, isInInitialList: boolean, key: string) => void;

/**
 * The DeltaFIFO behind newDeltaFIFO. Besides the public `pop`, an informer consumes it with
 * `processNow` (synchronous, one key) and `whenReady` (one shared promise per idle period), so
 * that draining a burst of keys costs no promise, timer or abort listener per key.
 */
export class DeltaFIFOQueue<T>
  extends KeyedQueue<T, Deltas<T>>
  implements DeltaFIFO<T>, InformerQueue<T>
{
  // Invariants: `items` has an entry (never empty) for every key of `queue`, and each key appears
  // there exactly once.
  private readonly knownObjects: KeyListerGetter<T> | undefined;
  private readonly emitDeltaTypeReplaced: boolean;
  private readonly transformFunc: TransformFunc<T> | undefined;

  constructor(options: DeltaFIFOOptions<T>) {
    super(options.keyFunction);
    this.knownObjects = options.knownObjects;
    this.emitDeltaTypeReplaced = options.emitDeltaTypeReplaced ?? false;
    this.transformFunc = options.transformer;
  }

  transformer(): TransformFunc<T> | undefined {
    return this.transformFunc;
  }

  add(obj: T): void {
    this.sync.markPopulated();
    this.queueAction('Added', obj);
  }

  update(obj: T): void {
    this.sync.markPopulated();
    this.queueAction('Updated', obj);
  }

  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    const key = this.keyFunc(obj);
    this.sync.markPopulated();
    const queued = this.items.has(key);
    if (!queued && (this.knownObjects === undefined || !this.knownObjects.getByKey(key))) return;
    this.queueAction('Deleted', obj, key);
  }

  replace(list: readonly T[], _resourceVersion: string): void {
    const keys = new Set<string>();
    const action: DeltaType = this.emitDeltaTypeReplaced ? 'Replaced' : 'Sync';
    for (const obj of list) {
      const key = this.keyFunc(obj);
      keys.add(key);
      // Listed objects are new from the server: transform them even when queued as Sync.
      this.queueAction(action, obj, key, true);
    }
    let queuedDeletions = 0;
    // Keys queued but no longer listed: deleted while the watch was down.
    for (const [key, deltas] of Array.from(this.items)) {
      if (keys.has(key)) continue;
      const newest = deltas[deltas.length - 1]!.object;
      const last = isDeletedFinalStateUnknown(newest) ? (newest.obj as T | undefined) : newest;
      queuedDeletions++;
      this.queueAction('Deleted', deletedFinalStateUnknown(key, last), key);
    }
    // Keys cached but neither listed nor queued.
    if (this.knownObjects) {
      for (const key of this.knownObjects.listKeys()) {
        if (keys.has(key) || this.items.has(key)) continue;
        queuedDeletions++;
        const last = this.knownObjects.getByKey(key);
        this.queueAction('Deleted', deletedFinalStateUnknown(key, last), key);
      }
    }
    this.sync.replaced(keys.size + queuedDeletions);
  }

  resync(): void {
    if (!this.knownObjects) return;
    for (const key of this.knownObjects.listKeys()) {
      const obj = this.knownObjects.getByKey(key);
      if (obj === undefined) continue;
      const id = this.keyFunc(obj);
      if (this.items.has(id)) continue; // Its queued deltas will bring it up to date anyway.
      this.queueAction('Sync', obj, id);
    }
  }

  getDeltas(obj: T): Deltas<T> | undefined {
    return this.getDeltasByKey(this.keyFunc(obj));
  }

  getDeltasByKey(key: string): Deltas<T> | undefined {
    const deltas = this.items.get(key);
    return deltas ? deltas.slice() : undefined;
  }

  addIfNotPresent(deltas: Deltas<T>): void {
    const newest = deltas.at(-1);
    if (!newest)
      throw new DeltaFIFOError('ZeroLengthDeltas', "0 length Deltas object; can't get key");
    const key = this.keyFunc(newest.object);
    this.sync.markPopulated();
    if (this.items.has(key)) return;
    this.items.set(key, deltas.slice());
    this.enqueueKey(key);
  }

  async pop(
    process: PopProcessFunc<T>,
    options: { signal?: AbortSignal } = {},
  ): Promise<Deltas<T>> {
    await this.waitForItems(options.signal);
    let popped!: Deltas<T>;
    let result: void | Promise<void> = undefined;
    this.popNow((deltas, isInInitialList) => {
      popped = deltas;
      result = process(deltas, isInInitialList);
    });
    if (isThenable(result)) {
      try {
        await result;
      } catch (err) {
        this.requeueOn(err, popped);
        throw err;
      }
    }
    return popped;
  }

  /**
   * Pops the oldest key, if any, and calls `process` with its deltas synchronously; false when
   * nothing is queued. A throwing `process` gets the same requeue treatment as in `pop`.
   */
  private popNow(process: KeyedPopProcess<T>): boolean {
    if (this.queue.length === 0) return false;
    const isInInitialList = !this.sync.hasSynced();
    const key = this.queue.shift()!;
    this.sync.popped(1);
    const deltas = this.items.get(key)!;
    this.items.delete(key);
    try {
      process(deltas, isInInitialList, key);
    } catch (err) {
      this.requeueOn(err, deltas);
      throw err;
    }
    return true;
  }

  processNow(handle: DeltaHandler<T>): number {
    let count = 0;
    this.popNow((deltas, isInInitialList, key) => {
      count = deltas.length;
      for (const delta of deltas) handle(delta, key, isInInitialList);
    });
    return count;
  }

  /** The newest object of a key's deltas (a tombstone when the newest delta is a relist's delete). */
  protected newest(deltas: Deltas<T>): T {
    return deltas[deltas.length - 1]!.object as T;
  }

  private requeueOn(err: unknown, deltas: Deltas<T>): void {
    if (DeltaFIFOError.isInstance(err) && err.reason === 'Requeue') this.addIfNotPresent(deltas);
  }

  private queueAction(
    type: DeltaType,
    obj: T | DeletedFinalStateUnknown<T>,
    key = this.keyFunc(obj),
    transform = type !== 'Sync',
  ): void {
    let object = obj;
    if (this.transformFunc && transform && !isDeletedFinalStateUnknown(obj)) {
      object = this.transformFunc(obj as T);
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
    this.interrupt();
  }
}
