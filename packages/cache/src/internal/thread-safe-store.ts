import type { DeletedFinalStateUnknown } from '../deleted-final-state-unknown';
import type { TransformFunc } from '../delta-fifo';
import type { IndexFunc, Indexer, Indexers } from '../indexer';
import type { KeyFunc } from '../store';
import { StoreError } from '../store-error';

const noValues: readonly string[] = [];

/**
 * The one implementation behind newStore and newIndexer: a Map of objects plus, per
 * index, a Map from indexed value to the Set of keys holding it.
 *
 * Invariants (every public method is synchronous, so they hold between any two awaits):
 * - `indices.get(name).get(value)` contains `key` iff `items.get(key)` exists and
 *   `indexers[name](items.get(key))` contains `value`;
 * - no index keeps an empty Set.
 */
export class ThreadSafeStore<T> implements Indexer<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers: Record<string, IndexFunc<T>>;
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  /** The indexers as parallel arrays (name, function, index), in sync with `indexers`. */
  private names: string[] = [];
  private funcs: IndexFunc<T>[] = [];
  private maps: Map<string, Set<string>>[] = [];

  constructor(
    private readonly keyFunc: KeyFunc<T>,
    indexers: Indexers<T>,
    /** Applied to every object added, updated or replaced in (client-go's WithTransformer). */
    private readonly transformer?: TransformFunc<T>,
  ) {
    this.indexers = { ...indexers };
    for (const name of Object.keys(this.indexers)) this.indices.set(name, new Map());
    this.refreshIndexList();
  }

  add(obj: T): void {
    const key = this.keyFunc(obj);
    this.put(key, this.transformer ? this.transformer(obj) : obj);
  }

  update(obj: T): void {
    this.add(obj);
  }

  /**
   * Inserts or replaces the object under `key` (which must be `keyFunc(obj)`), returning the
   * object it replaced: `get` and `update` in one lookup, for the informer.
   */
  upsert(key: string, obj: T): T | undefined {
    const old = this.items.get(key);
    this.updateIndices(old, obj, key);
    this.items.set(key, obj);
    return old;
  }

  delete(obj: T | DeletedFinalStateUnknown<T>): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    if (old === undefined) return;
    this.updateIndices(old, undefined, key);
    this.items.delete(key);
  }

  list(): T[] {
    return Array.from(this.items.values());
  }

  listKeys(): string[] {
    return Array.from(this.items.keys());
  }

  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  size(): number {
    return this.items.size;
  }

  replace(list: readonly T[], _resourceVersion: string): void {
    const transform = this.transformer;
    const keyed: [string, T][] = list.map((obj) => [
      this.keyFunc(obj),
      transform ? transform(obj) : obj,
    ]);
    const computed = this.computeIndices(keyed);
    this.items.clear();
    for (const [key, obj] of keyed) this.items.set(key, obj);
    for (const [name, index] of computed) this.indices.set(name, index);
    this.refreshIndexList();
  }

  resync(): void {
    // Nothing to do: a plain store has no queue of pending notifications.
  }

  index(indexName: string, obj: T): T[] {
    const indexFunc = this.indexFunc(indexName);
    const index = this.indices.get(indexName)!;
    const values = callIndexFunc(indexName, indexFunc, obj);
    if (values.length === 1) return this.objectsOf(index.get(values[0]!));
    const keys = new Set<string>();
    for (const value of values) for (const key of index.get(value) ?? []) keys.add(key);
    return this.objectsOf(keys);
  }

  indexKeys(indexName: string, indexedValue: string): string[] {
    this.indexFunc(indexName);
    return Array.from(this.indices.get(indexName)!.get(indexedValue) ?? []);
  }

  listIndexFuncValues(indexName: string): string[] {
    this.indexFunc(indexName);
    return Array.from(this.indices.get(indexName)!.keys());
  }

  byIndex(indexName: string, indexedValue: string): T[] {
    this.indexFunc(indexName);
    return this.objectsOf(this.indices.get(indexName)!.get(indexedValue));
  }

  getIndexers(): Indexers<T> {
    return { ...this.indexers };
  }

  addIndexers(indexers: Indexers<T>): void {
    const names = Object.keys(indexers);
    const taken = names.filter((name) => Object.hasOwn(this.indexers, name));
    if (taken.length > 0) {
      throw new StoreError('IndexerConflict', `indexer conflict: ${taken.join(', ')}`);
    }
    const computed = this.computeIndices(this.items.entries(), indexers);
    Object.assign(this.indexers, indexers);
    for (const [name, index] of computed) this.indices.set(name, index);
    this.refreshIndexList();
  }

  private put(key: string, obj: T): void {
    this.upsert(key, obj);
  }

  private refreshIndexList(): void {
    this.names = Object.keys(this.indexers);
    this.funcs = this.names.map((name) => this.indexers[name]!);
    this.maps = this.names.map((name) => this.indices.get(name)!);
  }

  private indexFunc(indexName: string): IndexFunc<T> {
    const indexFunc = this.indexers[indexName];
    if (!indexFunc || !Object.hasOwn(this.indexers, indexName)) {
      throw new StoreError('UnknownIndex', `index with name ${indexName} does not exist`);
    }
    return indexFunc;
  }

  private objectsOf(keys: Iterable<string> | undefined): T[] {
    const out: T[] = [];
    if (keys) for (const key of keys) out.push(this.items.get(key)!);
    return out;
  }

  /** Builds fresh indices for `entries` without touching the store (all or nothing). */
  private computeIndices(
    entries: Iterable<[string, T]>,
    indexers: Indexers<T> = this.indexers,
  ): Map<string, Map<string, Set<string>>> {
    const computed = new Map<string, Map<string, Set<string>>>();
    const names = Object.keys(indexers);
    for (const name of names) computed.set(name, new Map());
    for (const [key, obj] of entries) {
      for (const name of names) {
        const index = computed.get(name)!;
        for (const value of callIndexFunc(name, indexers[name]!, obj)) addKey(index, value, key);
      }
    }
    return computed;
  }

  /**
   * Moves `key` from the values of `old` to those of `next` in every index. All index functions
   * run before any index changes, so a throwing one leaves the store as it was.
   */
  private updateIndices(old: T | undefined, next: T | undefined, key: string): void {
    const n = this.names.length;
    if (n === 0) return;
    if (n === 1) {
      // The common case (the namespace index alone): no arrays beyond the function's own.
      const before =
        old === undefined ? noValues : callIndexFunc(this.names[0]!, this.funcs[0]!, old);
      const after =
        next === undefined ? noValues : callIndexFunc(this.names[0]!, this.funcs[0]!, next);
      moveKey(this.maps[0]!, before, after, key);
      return;
    }
    const oldValues: (readonly string[])[] = [];
    const newValues: (readonly string[])[] = [];
    for (let i = 0; i < n; i++) {
      const name = this.names[i]!;
      const indexFunc = this.funcs[i]!;
      oldValues.push(old === undefined ? noValues : callIndexFunc(name, indexFunc, old));
      newValues.push(next === undefined ? noValues : callIndexFunc(name, indexFunc, next));
    }
    for (let i = 0; i < n; i++) moveKey(this.maps[i]!, oldValues[i]!, newValues[i]!, key);
  }
}

/** Moves `key` from the entries of `before` to those of `after` in one index. */
function moveKey(
  index: Map<string, Set<string>>,
  before: readonly string[],
  after: readonly string[],
  key: string,
): void {
  // Fast path: the common single-valued index whose value did not change.
  if (before.length === 1 && after.length === 1 && before[0] === after[0]) return;
  for (const value of before) {
    if (!after.includes(value)) removeKey(index, value, key);
  }
  for (const value of after) addKey(index, value, key);
}

function callIndexFunc<T>(name: string, indexFunc: IndexFunc<T>, obj: T): readonly string[] {
  try {
    return indexFunc(obj);
  } catch (cause) {
    throw new StoreError('IndexFunc', `index function ${name} failed`, { cause });
  }
}

function addKey(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  if (keys) keys.add(key);
  else index.set(value, new Set([key]));
}

function removeKey(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  if (!keys) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(value);
}
