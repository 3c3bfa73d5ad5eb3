import {
  deletedFinalStateUnknown,
  isDeletedFinalStateUnknown,
  type DeletedFinalStateUnknown,
} from '../deleted-final-state-unknown';
import type {
  Delta,
  Deltas,
  DeltaType,
  KeyListerGetter,
  PopProcessFunc,
  TransformFunc,
} from '../delta-fifo';
import { DeltaFIFOError } from '../delta-fifo-error';
import type { ProcessBatchFunc, RealFIFO, RealFIFOOptions } from '../the-real-fifo';
import { ArrayQueue } from './array-queue';
import type { DeltaHandler, InformerQueue } from './informer-queue';
import { QueueBase } from './queue-base';
import { isThenable } from './queue-ready';

const defaultBatchSize = 1000;

/**
 * The RealFIFO behind newRealFIFO, also an informer's default queue (consumed with
 * `processNow`, one batch at a time, and `whenReady`).
 */
export class RealFIFOQueue<T> extends QueueBase<T> implements RealFIFO<T>, InformerQueue<T> {
  // Invariant: `deltas` and `keys` have the same length; keys.at(i) is the key of deltas.at(i),
  // computed once when the delta was queued.
  private readonly deltas = new ArrayQueue<Delta<T>>();
  private readonly keys = new ArrayQueue<string>();
  // Initial-list deltas count as popped only once processed (as client-go does).
  /** Scratch set of one batch's keys (reused: batches are popped one at a time). */
  private readonly batchKeys = new Set<string>();
  private readonly knownObjects: KeyListerGetter<T>;
  private readonly transformFunc: TransformFunc<T> | undefined;
  private readonly batchSize: number;

  constructor(options: RealFIFOOptions<T>) {
    super(options.keyFunction);
    if (!options.knownObjects) {
      throw new DeltaFIFOError('InvalidOptions', 'newRealFIFO: knownObjects must be provided');
    }
    const batchSize = options.batchSize ?? defaultBatchSize;
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
      throw new DeltaFIFOError(
        'InvalidOptions',
        `newRealFIFO: batchSize must be an integer >= 1, got ${batchSize}`,
      );
    }
    this.batchSize = batchSize;
    this.knownObjects = options.knownObjects;
    this.transformFunc = options.transformer;
  }

  transformer(): TransformFunc<T> | undefined {
    return this.transformFunc;
  }

  add(obj: T): void {
    this.sync.markPopulated();
    this.push('Added', obj, this.keyOf(obj), true);
  }

  update(obj: T): void {
    this.sync.markPopulated();
    this.push('Updated', obj, this.keyOf(obj), true);
  }

  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    this.sync.markPopulated();
    this.push('Deleted', obj, this.keyOf(obj), true);
  }

  replace(list: readonly T[], _resourceVersion: string): void {
    // Every key first, so that an object without one changes nothing.
    const listKeys = list.map((obj) => this.keyOf(obj));
    const listed = new Set(listKeys);
    // The newest queued delta of each key, keys in the order they were first queued.
    const newestQueued = new Map<string, Delta<T>>();
    for (let i = 0; i < this.keys.length; i++)
      newestQueued.set(this.keys.at(i)!, this.deltas.at(i)!);
    for (const [key, newest] of newestQueued) {
      // Gone while the watch was down, unless its deletion is queued already.
      if (listed.has(key) || newest.type === 'Deleted') continue;
      this.push('Deleted', deletedFinalStateUnknown(key, newest.object as T), key, false);
    }
    for (const key of this.knownObjects.listKeys()) {
      if (listed.has(key) || newestQueued.has(key)) continue;
      this.push(
        'Deleted',
        deletedFinalStateUnknown(key, this.knownObjects.getByKey(key)),
        key,
        false,
      );
    }
    for (let i = 0; i < list.length; i++) this.push('Replaced', list[i]!, listKeys[i]!, true);
    this.sync.replaced(this.deltas.length);
  }

  resync(): void {
    const queued = new Set(this.keys.values());
    for (const key of this.knownObjects.listKeys()) {
      // A queued delta will bring the key up to date; a Sync now would carry the older object.
      if (queued.has(key)) continue;
      const obj = this.knownObjects.getByKey(key);
      if (obj !== undefined) this.push('Sync', obj, key, false);
    }
  }

  queuedDeltas(): Delta<T>[] {
    return Array.from(this.deltas.values());
  }

  size(): number {
    return this.deltas.length;
  }

  async pop(
    process: PopProcessFunc<T>,
    options: { signal?: AbortSignal } = {},
  ): Promise<Deltas<T>> {
    await this.waitForItems(options.signal);
    const isInInitialList = !this.sync.hasSynced();
    const popped = this.take(1);
    await this.processTaken(1, () => process(popped, isInInitialList));
    return popped;
  }

  async popBatch(
    processBatch: ProcessBatchFunc<T>,
    processSingle: PopProcessFunc<T>,
    options: { signal?: AbortSignal } = {},
  ): Promise<Delta<T>[]> {
    await this.waitForItems(options.signal);
    const isInInitialList = !this.sync.hasSynced();
    const batch = this.take(this.batchLength(this.batchSize));
    await this.processTaken(batch.length, () =>
      batch.length === 1
        ? processSingle(batch, isInInitialList)
        : processBatch(batch, isInInitialList),
    );
    return batch;
  }

  processNow(handle: DeltaHandler<T>): number {
    if (this.deltas.length === 0) return 0;
    const isInInitialList = !this.sync.hasSynced();
    // Handled one delta at a time, in order: unlike popBatch's, the run needs no distinct keys
    // (no key set to fill per run), only to stay within the initial list.
    let n = Math.min(this.batchSize, this.deltas.length);
    const initial = this.sync.initialRemaining();
    if (initial > 0) n = Math.min(n, initial);
    let taken = 0;
    try {
      for (; taken < n;) {
        const delta = this.deltas.shift()!;
        const key = this.keys.shift()!;
        taken++;
        handle(delta, key, isInInitialList);
      }
    } finally {
      this.sync.popped(taken);
    }
    return n;
  }

  /** The key of an object or tombstone. */
  private keyOf(obj: T | DeletedFinalStateUnknown<T>): string {
    return isDeletedFinalStateUnknown(obj) ? obj.key : this.keyFunc(obj);
  }

  /**
   * How many deltas from the head form a batch: distinct keys, at most `max`, and not past the
   * initial list. At least 1 when anything is queued.
   */
  private batchLength(max: number): number {
    let limit = Math.min(max, this.deltas.length);
    const initial = this.sync.initialRemaining();
    if (initial > 0) limit = Math.min(limit, initial);
    // One delta (a steady watch hands them over one at a time): no key set to fill and clear.
    if (limit <= 1) return limit;
    const seen = this.batchKeys;
    let n = 0;
    for (; n < limit; n++) {
      const key = this.keys.at(n)!;
      if (seen.has(key)) break;
      seen.add(key);
    }
    seen.clear();
    return n;
  }

  /** Removes the `n` oldest deltas (n >= 1, queued). */
  private take(n: number): Delta<T>[] {
    const taken = new Array<Delta<T>>(n);
    for (let i = 0; i < n; i++) {
      taken[i] = this.deltas.shift()!;
      this.keys.shift();
    }
    return taken;
  }

  /** Runs `process` for `n` taken deltas, counting them as processed once it settled. */
  private async processTaken(n: number, process: () => void | Promise<void>): Promise<void> {
    let result: void | Promise<void>;
    try {
      result = process();
    } catch (err) {
      this.sync.popped(n);
      throw err;
    }
    if (!isThenable(result)) return this.sync.popped(n);
    try {
      await result;
    } finally {
      this.sync.popped(n);
    }
  }

  private push(
    type: DeltaType,
    obj: T | DeletedFinalStateUnknown<T>,
    key: string,
    transform: boolean,
  ): void {
    let object = obj;
    if (transform && this.transformFunc && !isDeletedFinalStateUnknown(obj)) {
      object = this.transformFunc(obj as T);
    }
    this.deltas.push({ type, object });
    this.keys.push(key);
    this.ready.wake();
  }
}
