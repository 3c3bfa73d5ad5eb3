import type { FIFO, FIFOOptions, FIFOProcessFunc } from '../fifo';
import { deletionHandlingMetaNamespaceKeyFunc, type KeyFunc } from '../store';
import { ArrayQueue } from './array-queue';
import { isThenable, QueueReady, QueueSync, waitForItems } from './queue-ready';

/** The FIFO behind newFIFO. */
export class FIFOQueue<T> implements FIFO<T> {
  // Invariant: every key of `items` is in `queue` (exactly once) until popped; `queue` may also
  // hold keys whose object was deleted, which `pop` skips.
  private items = new Map<string, T>();
  private readonly queue = new ArrayQueue<string>();
  /** Counts initial-list keys as popped only once processed (as client-go does). */
  private readonly sync = new QueueSync();
  private closed = false;
  private readonly ready = new QueueReady();
  private readonly keyFunc: KeyFunc<T>;

  constructor(options: FIFOOptions<T>) {
    this.keyFunc = options.keyFunction ?? (deletionHandlingMetaNamespaceKeyFunc as KeyFunc<T>);
  }

  add(obj: T): void {
    const key = this.keyFunc(obj);
    this.sync.markPopulated();
    if (!this.items.has(key)) this.queue.push(key);
    this.items.set(key, obj);
    this.ready.wake();
  }

  update(obj: T): void {
    this.add(obj);
  }

  delete(obj: T): void {
    const key = this.keyFunc(obj);
    this.sync.markPopulated();
    this.items.delete(key);
  }

  replace(list: readonly T[], _resourceVersion: string): void {
    const items = new Map<string, T>();
    for (const obj of list) items.set(this.keyFunc(obj), obj);
    this.sync.replaced(items.size);
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
    return this.sync.hasSynced();
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
      const isInInitialList = !this.sync.hasSynced();
      const key = this.queue.shift()!;
      if (!this.items.has(key)) {
        this.sync.popped(1);
        continue; // deleted while queued
      }
      const obj = this.items.get(key)!;
      this.items.delete(key);
      try {
        const result = process(obj, isInInitialList);
        if (isThenable(result)) await result;
      } finally {
        this.sync.popped(1);
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
}
