import type { FIFO, FIFOOptions, FIFOProcessFunc } from '../fifo';
import { KeyedQueue } from './keyed-queue';
import { isThenable } from './queue-ready';

/** The FIFO behind newFIFO. */
export class FIFOQueue<T> extends KeyedQueue<T, T> implements FIFO<T> {
  // Invariant: every key of `items` is in `queue` (exactly once) until popped; `queue` may also
  // hold keys whose object was deleted, which `pop` skips. Initial-list keys count as popped only
  // once processed (as client-go does).

  constructor(options: FIFOOptions<T>) {
    super(options.keyFunction);
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

  async pop(process: FIFOProcessFunc<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    for (;;) {
      await this.waitForItems(options.signal);
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

  protected newest(item: T): T {
    return item;
  }
}
