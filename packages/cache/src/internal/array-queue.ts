/**
 * A FIFO over an array with a moving head: O(1) amortised push and shift, compacted once the
 * consumed prefix is at least half the array.
 */
export class ArrayQueue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Removes and returns the oldest item; undefined when empty. */
  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head] = undefined as T; // release the reference
    this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** The item `index` places after the oldest (0: the oldest); undefined past the end. */
  at(index: number): T | undefined {
    return this.head + index < this.items.length ? this.items[this.head + index] : undefined;
  }

  /** The queued items, oldest first, without removing them. */
  *values(): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i]!;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
