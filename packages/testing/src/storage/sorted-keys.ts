/**
 * The keys of one resource in byte order — the order etcd returns them in, which list
 * pagination and continue tokens follow. Writes are O(1) amortized: new keys go to a pending
 * buffer (or straight to the end when they sort last) and removals to a tombstone set; the next
 * read merges them in (sort of the pending keys plus one linear merge), so bulk loads in any
 * order cost O(n log n) in total instead of O(n) per insert.
 */
export class SortedKeys {
  private sorted: string[] = [];
  private pending: string[] = [];
  private readonly removed = new Set<string>();

  /** Adds a key that is not present. */
  insert(key: string): void {
    if (this.removed.delete(key)) return;
    const last = this.sorted[this.sorted.length - 1];
    if (this.pending.length === 0 && (last === undefined || key > last)) this.sorted.push(key);
    else this.pending.push(key);
  }

  /** Removes a key that is present. */
  remove(key: string): void {
    this.removed.add(key);
  }

  /** Keys with the given prefix that are >= `from`, in order. */
  *range(prefix: string, from = ''): Generator<string> {
    const keys = this.normalized();
    const start = from > prefix ? from : prefix;
    for (let i = this.lowerBound(keys, start); i < keys.length; i++) {
      const k = keys[i]!;
      if (!k.startsWith(prefix)) return;
      yield k;
    }
  }

  /** How many keys have `prefix` and are >= `from` (binary searches, no scan). */
  countFrom(prefix: string, from: string): number {
    const keys = this.normalized();
    const start = from > prefix ? from : prefix;
    const begin = this.lowerBound(keys, start);
    const end = prefix ? this.lowerBound(keys, prefix + '\uffff') : keys.length;
    return Math.max(0, end - begin);
  }

  private lowerBound(keys: string[], key: string): number {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Merges pending keys and drops tombstones; returns the sorted keys. */
  private normalized(): string[] {
    if (this.pending.length === 0 && this.removed.size === 0) return this.sorted;
    const live = (k: string): boolean => !this.removed.has(k);
    const add = this.pending.filter(live).sort();
    const base = this.removed.size ? this.sorted.filter(live) : this.sorted;
    const out: string[] = new Array(base.length + add.length);
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < base.length && j < add.length)
      out[o++] = base[i]! < add[j]! ? base[i++]! : add[j++]!;
    while (i < base.length) out[o++] = base[i++]!;
    while (j < add.length) out[o++] = add[j++]!;
    this.sorted = out;
    this.pending = [];
    this.removed.clear();
    return out;
  }
}
