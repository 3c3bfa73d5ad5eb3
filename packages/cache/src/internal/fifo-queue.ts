import type { FIFO, FIFOOptions, FIFOProcessFunc } from '../fifo';
import { deletionHandlingMetaNamespaceKeyFunc, type KeyFunc } from '../store';
import { ArrayQueue } from './array-queue';
import { isThenable, QueueReady, waitForItems } from './queue-ready';

/** The FIFO behind createFIFO. */
export class FIFOQueue<T> implements FIFO<T> {
  // Invariant: every key of `items` is in `queue` (exactly once) until popped; `queue` may also
  // hold keys whose object was deleted, which `pop` skips.
  private items = new Map<string, T>();
  private readonly queue = new ArrayQueue<string>();
  /** Whether the first Replace, or any Add/Update/Delete, happened. */
  private populated = false;
  /** Keys of the first Replace not yet popped. */
  private initialPopulationCount = 0;
  private synced = false;
  private closed = false;
  private readonly ready = new QueueReady();
  private readonly keyFunc: KeyFunc<T>;

  constructor(options: FIFOOptions<T>) {
    this.keyFunc = options.keyFunction ?? (deletionHandlingMetaNamespaceKeyFunc as KeyFunc<T>);
  }

  add(obj: T): void {
    const key = this.keyFunc(obj);
    this.markPopulated();
    if (!this.items.has(key)) this.queue.push(key);
    this.items.set(key, obj);
    this.ready.wake();
  }

  update(obj: T): void {
    this.add(obj);
  }

  delete(obj: T): void {
    const key = this.keyFunc(obj);
    this.markPopulated();
    this.items.delete(key);
  }

  replace(list: readonly T[], _resourceVersion: string): void {
    const items = new Map<string, T>();
    for (const obj of list) items.set(this.keyFunc(obj), obj);
    if (!this.populated) {
      this.populated = true;
      this.initialPopulationCount = items.size;
      this.checkSynced();
    }
    this.items = items;
    this.queue.clear();
    for (const key of items.keys()) this.queue.push(key);
    this.ready.wake();
  }

  resync(): void {
    const queued = new Set(this.queue.values());
    for (const key of this.items.keys()) if (!queued.has(key)) this.queue.push(key);
    this.ready.wake();
  }

  list(): T[] {
    return Array.from(this.items.values());
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  size(): number {
    return this.items.size;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  close(): void {
    this.closed = true;
    this.ready.wake();
  }

  isClosed(): boolean {
    return this.closed;
  }

  whenReady(): Promise<void> {
    return this.ready.when(this.queue.length > 0 || this.closed);
  }

  async pop(process: FIFOProcessFunc<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    for (;;) {
      await waitForItems(this.queued, options.signal);
      const isInInitialList = !this.synced;
      const key = this.queue.shift()!;
      if (this.initialPopulationCount > 0) this.initialPopulationCount--;
      if (!this.items.has(key)) {
        this.checkSynced();
        continue; // deleted while queued
      }
      const obj = this.items.get(key)!;
      this.items.delete(key);
      try {
        const result = process(obj, isInInitialList);
        if (isThenable(result)) await result;
      } finally {
        this.checkSynced(); // as client-go: synced only once the last initial item was processed
      }
      return obj;
    }
  }

  /** The queue as waitForItems sees it: keys (deleted ones included) rather than objects. */
  private readonly queued = {
    size: () => this.queue.length,
    isClosed: () => this.closed,
    whenReady: () => this.whenReady(),
  };

  private markPopulated(): void {
    this.populated = true;
    this.checkSynced();
  }

  private checkSynced(): void {
    if (!this.synced && this.populated && this.initialPopulationCount === 0) this.synced = true;
  }
}
