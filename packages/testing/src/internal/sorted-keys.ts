/**
 * A sorted array of strings with binary-search insert / remove / range lookup: the key order
 * list pagination and continue tokens follow (etcd returns keys in byte order).
 */
export class SortedKeys {
  private readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** Index of the first key >= `key`. */
  lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(key: string): void {
    const i = this.lowerBound(key);
    if (this.keys[i] !== key) this.keys.splice(i, 0, key);
  }

  remove(key: string): void {
    const i = this.lowerBound(key);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }

  /** Keys with the given prefix that are >= `from`, in order. */
  *range(prefix: string, from = ''): Generator<string> {
    const start = from > prefix ? from : prefix;
    for (let i = this.lowerBound(start); i < this.keys.length; i++) {
      const k = this.keys[i]!;
      if (!k.startsWith(prefix)) return;
      yield k;
    }
  }

  /** How many keys have `prefix` and are >= `from` (binary searches, no scan). */
  countFrom(prefix: string, from: string): number {
    const start = from > prefix ? from : prefix;
    const begin = this.lowerBound(start);
    const end = prefix ? this.lowerBound(prefix + '\uffff') : this.keys.length;
    return Math.max(0, end - begin);
  }
}
