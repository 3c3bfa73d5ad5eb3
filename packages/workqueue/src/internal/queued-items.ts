import { StringKeyFifo } from './string-key-fifo';

/** Above this many queued string keys the queue moves them to a {@link StringKeyFifo}. */
const HASHED_ABOVE = 2048;

/**
 * The items of a work queue waiting to be handed out: a set that remembers insertion order
 * (adding a queued item again changes nothing) and gives up its oldest item.
 *
 * Two representations, chosen by measurement (docs/benchmarks.md, scenario 5):
 * - a `Set` (its insertion order is the FIFO, read through one live iterator): fastest for a few
 *   items, where a coalesced add of a hot key is one lookup of a hash V8 has cached; the only one
 *   that can hold items other than strings (objects compare by identity);
 * - a {@link StringKeyFifo} once more than `hashedAbove` string keys are queued: about twice the
 *   throughput at 100k to 1M keys, where every `Set` probe is a chain of cache misses. It goes
 *   back to a `Set` when the queue empties or an item that is not a string is added.
 */
export class QueuedItems<T> {
  private set = new Set<T>();
  /**
   * A live iterator over `set` whose next value is always the oldest item: items are taken only
   * through it and deleted as they are taken, and a Set iterator visits entries added after it
   * was created. It never finishes, since it is only advanced while `set` is not empty.
   */
  private oldest: Iterator<T> = this.set.values();
  /** When defined, it holds the items (all strings) and `set` is empty. */
  private hashed: StringKeyFifo | undefined;
  /** An item that is not a string was added since the queue was last empty: `set` only. */
  private mixed = false;

  constructor(private readonly hashedAbove = HASHED_ABOVE) {}

  /** Number of queued items. */
  get size(): number {
    return this.hashed ? this.hashed.size : this.set.size;
  }

  /**
   * Whether `item` is queued, answered only where that is one cheap lookup: few items, held in
   * the `Set` (whose hash of a string V8 caches). False otherwise, even when it is queued.
   */
  hasCheaply(item: T): boolean {
    return this.hashed === undefined && this.set.size <= this.hashedAbove && this.set.has(item);
  }

  /** Appends `item` unless it is queued already; true when it was appended. */
  add(item: T): boolean {
    if (this.hashed !== undefined) {
      if (typeof item === 'string') return this.hashed.add(item);
      this.toSet();
    }
    const before = this.set.size;
    this.set.add(item);
    if (this.set.size === before) return false;
    if (typeof item !== 'string') this.mixed = true;
    else if (this.set.size > this.hashedAbove && !this.mixed) this.toHashed();
    return true;
  }

  /** Removes and returns the oldest item; `size` must not be 0. */
  shift(): T {
    if (this.hashed !== undefined) {
      const key = this.hashed.shift() as T;
      if (this.hashed.size === 0) this.hashed = undefined;
      return key;
    }
    const item = this.oldest.next().value as T;
    this.set.delete(item);
    if (this.set.size === 0) this.mixed = false;
    return item;
  }

  /** Moves every item (all strings) to a StringKeyFifo, in order. */
  private toHashed(): void {
    const hashed = new StringKeyFifo(2 * this.set.size);
    for (const item of this.set) hashed.add(item as string);
    this.hashed = hashed;
    this.set = new Set<T>();
    this.oldest = this.set.values();
  }

  /** Moves every item back to a Set, in order. */
  private toSet(): void {
    this.set = new Set<T>(this.hashed!.keys() as Iterable<T>);
    this.oldest = this.set.values();
    this.hashed = undefined;
  }
}
