import { ArrayQueue } from './array-queue';
import { QueueBase } from './queue-base';

/**
 * A queue of keys over a map of one item per key, the layout of client-go's FIFO (the newest
 * object of a key) and DeltaFIFO (the deltas of a key): `items` holds what is queued, `queue` the
 * order in which keys were first queued. The accessors read the newest object of each item.
 */
export abstract class KeyedQueue<T, Item> extends QueueBase<T> {
  protected items = new Map<string, Item>();
  protected readonly queue = new ArrayQueue<string>();

  /** The newest object an item holds. */
  protected abstract newest(item: Item): T;

  /** The newest queued object of each key. */
  list(): T[] {
    const out: T[] = [];
    for (const item of this.items.values()) out.push(this.newest(item));
    return out;
  }

  /** The queued keys. */
  listKeys(): string[] {
    return Array.from(this.items.keys());
  }

  /** The newest queued object of the key of `obj`, or `undefined`. */
  get(obj: T): T | undefined {
    return this.getByKey(this.keyFunc(obj));
  }

  /** The newest queued object of `key`, or `undefined`. */
  getByKey(key: string): T | undefined {
    const item = this.items.get(key);
    return item === undefined ? undefined : this.newest(item);
  }

  /** The number of queued keys. */
  size(): number {
    return this.items.size;
  }

  protected override pending(): number {
    return this.queue.length;
  }
}
