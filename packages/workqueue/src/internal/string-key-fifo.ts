/**
 * A first-in first-out set of string keys for large queues: a ring buffer of the keys in queue
 * order plus an open-addressing index (linear probing, backward-shift deletion) of a hash this
 * class computes itself, kept in one `Int32Array` of `[hash, ring slot + 1]` pairs.
 *
 * Why not a `Set`: with a million queued keys every probe of V8's hash table touches the table
 * and the strings of its collision chain, each a cache miss. Here an add reads the key once (to
 * hash it) and probes one compact array; a shift finds its index entry by the ring slot, without
 * reading any string. Measured in docs/benchmarks.md (scenario 5); for a few keys the `Set` is
 * faster (V8 caches a string's hash, this class hashes on every add), see QueuedItems.
 *
 * Invariants: `size` keys live in ring slots `head .. head + size - 1` (modulo the capacity), in
 * queue order, each with its hash in `ringHash`; each has exactly one index entry pointing at its
 * slot, and the index is at most half full (every probe sequence ends at an empty entry).
 */
export class StringKeyFifo {
  /** Number of queued keys. */
  size = 0;
  private ring: (string | undefined)[];
  private ringHash: Int32Array;
  /** Ring slot of the oldest key. */
  private head = 0;
  /** `[hash, ring slot + 1]` per index entry; slot 0 marks an empty entry. */
  private index: Int32Array;
  /** Index entries - 1 (a power of two minus one). */
  private mask: number;
  /** Per-instance hash seed, so that colliding keys cannot be prepared in advance. */
  private readonly seed: number;

  constructor(capacity = 1024) {
    const ringSize = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.ring = new Array<string | undefined>(ringSize).fill(undefined);
    this.ringHash = new Int32Array(ringSize);
    this.index = new Int32Array(4 * ringSize);
    this.mask = 2 * ringSize - 1;
    this.seed = (Math.random() * 0x1_0000_0000) | 0;
  }

  /** Appends `key` unless it is queued already; true when it was appended. */
  add(key: string): boolean {
    const hash = this.hash(key);
    let e = this.find(key, hash);
    if (this.index[2 * e + 1] !== 0) return false;
    if (this.size === this.ring.length) {
      this.grow();
      e = this.find(key, hash);
    }
    const slot = (this.head + this.size) & (this.ring.length - 1);
    this.ring[slot] = key;
    this.ringHash[slot] = hash;
    this.size++;
    this.index[2 * e] = hash;
    this.index[2 * e + 1] = slot + 1;
    return true;
  }

  /** The index entry of `key` if it is queued, else the empty entry ending its probe run. */
  private find(key: string, hash: number): number {
    const { index, mask, ring } = this;
    let e = hash & mask;
    for (let slot = index[2 * e + 1]!; slot !== 0; slot = index[2 * e + 1]!) {
      if (index[2 * e] === hash && ring[slot - 1] === key) return e;
      e = (e + 1) & mask;
    }
    return e;
  }

  /** Removes and returns the oldest key; `size` must not be 0. */
  shift(): string {
    const slot = this.head;
    const key = this.ring[slot]!;
    this.ring[slot] = undefined;
    this.head = (slot + 1) & (this.ring.length - 1);
    this.size--;
    const { index, mask } = this;
    let hole = this.ringHash[slot]! & mask;
    while (index[2 * hole + 1] !== slot + 1) hole = (hole + 1) & mask;
    // Backward-shift deletion: move later entries of the probe run into the hole unless that
    // would put them before their home entry, so no tombstones are needed.
    for (let e = (hole + 1) & mask; index[2 * e + 1] !== 0; e = (e + 1) & mask) {
      const home = index[2 * e]! & mask;
      const reachable = hole < e ? home > hole && home <= e : home > hole || home <= e;
      if (reachable) continue;
      index[2 * hole] = index[2 * e]!;
      index[2 * hole + 1] = index[2 * e + 1]!;
      hole = e;
    }
    index[2 * hole] = 0;
    index[2 * hole + 1] = 0;
    return key;
  }

  /** The queued keys, oldest first. */
  *keys(): IterableIterator<string> {
    const ringMask = this.ring.length - 1;
    for (let i = 0; i < this.size; i++) yield this.ring[(this.head + i) & ringMask]!;
  }

  /**
   * Doubles the full ring and the index. The keys keep their slots, except those of the wrapped
   * part (slots before `head`), which move after the old end so the queue stays contiguous. The
   * index is rebuilt in its own order, so its writes are close to sequential.
   */
  private grow(): void {
    const old = this.ring;
    const oldHash = this.ringHash;
    const oldIndex = this.index;
    const capacity = old.length;
    const head = this.head;
    this.ring = new Array<string | undefined>(2 * capacity).fill(undefined);
    this.ringHash = new Int32Array(2 * capacity);
    for (let slot = 0; slot < capacity; slot++) {
      const to = slot < head ? slot + capacity : slot;
      this.ring[to] = old[slot];
      this.ringHash[to] = oldHash[slot]!;
    }
    const index = new Int32Array(8 * capacity);
    const mask = 4 * capacity - 1;
    for (let e = 0; e < oldIndex.length; e += 2) {
      const slot = oldIndex[e + 1]! - 1;
      if (slot < 0) continue;
      const hash = oldIndex[e]!;
      let to = hash & mask;
      while (index[2 * to + 1] !== 0) to = (to + 1) & mask;
      index[2 * to] = hash;
      index[2 * to + 1] = (slot < head ? slot + capacity : slot) + 1;
    }
    this.index = index;
    this.mask = mask;
  }

  /** Seeded FNV-1a over the UTF-16 code units, with a final avalanche so low bits mix well. */
  private hash(key: string): number {
    let h = this.seed ^ 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h | 0;
  }
}
