/** An item waiting in a delaying queue and the clock reading at which it becomes ready. */
export interface WaitFor<T> {
  readonly item: T;
  readyAt: number;
  /** Insertion order: breaks ties of `readyAt`, so equal ready times come out first in, first out. */
  readonly seq: number;
  /** Position in the heap's array; kept up to date by the heap. */
  index: number;
}

/** Whether `a` comes out before `b`. */
const before = <T>(a: WaitFor<T>, b: WaitFor<T>): boolean =>
  a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.seq < b.seq);

/**
 * A binary min-heap of {@link WaitFor} entries ordered by `readyAt` (then insertion order), with at most one entry per
 * item: inserting an item that is already waiting keeps the earlier of the two ready times (as
 * client-go's `waitingForQueue` does).
 */
export class WaitForHeap<T> {
  private readonly heap: WaitFor<T>[] = [];
  private readonly byItem = new Map<T, WaitFor<T>>();
  private nextSeq = 0;

  /** Number of waiting items. */
  get size(): number {
    return this.heap.length;
  }

  /** The entry that is ready first, without removing it. */
  peek(): WaitFor<T> | undefined {
    return this.heap[0];
  }

  /**
   * Adds `item` to become ready at `readyAt`; if it is already waiting, moves its ready time
   * earlier when `readyAt` is earlier and otherwise leaves it unchanged.
   */
  insert(item: T, readyAt: number): void {
    const existing = this.byItem.get(item);
    if (existing !== undefined) {
      if (readyAt < existing.readyAt) {
        existing.readyAt = readyAt;
        this.up(existing.index);
      }
      return;
    }
    const entry: WaitFor<T> = { item, readyAt, seq: this.nextSeq++, index: this.heap.length };
    this.heap.push(entry);
    this.byItem.set(item, entry);
    this.up(entry.index);
  }

  /** Removes and returns the entry that is ready first. */
  pop(): WaitFor<T> | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    const last = this.heap.pop()!;
    if (last !== top) {
      this.place(last, 0);
      this.down(0);
    }
    this.byItem.delete(top.item);
    return top;
  }

  /** Removes every entry. */
  clear(): void {
    this.heap.length = 0;
    this.byItem.clear();
  }

  private place(entry: WaitFor<T>, index: number): void {
    this.heap[index] = entry;
    entry.index = index;
  }

  private up(index: number): void {
    const entry = this.heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.heap[parentIndex]!;
      if (!before(entry, parent)) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(entry, index);
  }

  private down(index: number): void {
    const entry = this.heap[index]!;
    const n = this.heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(this.heap[right]!, this.heap[left]!) ? right : left;
      if (!before(this.heap[child]!, entry)) break;
      this.place(this.heap[child]!, index);
      index = child;
    }
    this.place(entry, index);
  }
}
