/**
 * Indexer: a Store with secondary indices (by namespace, by node, by owner, ...).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/index.go
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/thread_safe_store.go
 * @packageDocumentation
 */
import type { KubeObject } from '@kubekit/apimachinery';
import { ThreadSafeStore } from './internal/thread-safe-store';
import { deletionHandlingMetaNamespaceKeyFunc, type KeyFunc, type Store } from './store';

/**
 * Computes the values an object is indexed under (zero, one or many). Must be a pure function
 * of the object. Throwing makes the store operation throw {@link StoreError} (`IndexFunc`).
 */
export type IndexFunc<T = KubeObject> = (obj: T) => readonly string[];

/** Index functions by index name. */
export type Indexers<T = KubeObject> = Record<string, IndexFunc<T>>;

/** The name of the built-in index by `metadata.namespace`. */
export const NamespaceIndex = 'namespace';

/** Indexes an object by its namespace (cluster-scoped objects by `''`). */
export function metaNamespaceIndexFunc(obj: KubeObject): readonly string[] {
  return [obj.metadata?.namespace ?? ''];
}

/**
 * A {@link Store} with indices. Every method is synchronous: an index is always consistent with
 * the objects, by construction. Updates cost O(1) per index value that changed.
 */
export interface Indexer<T = KubeObject> extends Store<T> {
  /** The objects sharing at least one value of index `indexName` with `obj`. */
  index(indexName: string, obj: T): T[];
  /** The keys of the objects whose index `indexName` contains `indexedValue`. */
  indexKeys(indexName: string, indexedValue: string): string[];
  /** Every value index `indexName` currently holds. */
  listIndexFuncValues(indexName: string): string[];
  /** The objects whose index `indexName` contains `indexedValue`. */
  byIndex(indexName: string, indexedValue: string): T[];
  /** The index functions, by name. */
  getIndexers(): Indexers<T>;
  /**
   * Adds indices, building them over the objects already stored. Throws {@link StoreError}
   * (`IndexerConflict`) when a name is taken.
   */
  addIndexers(indexers: Indexers<T>): void;
}

/** Options of {@link newIndexer}. */
export interface IndexerOptions<T> {
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunc?: KeyFunc<T> | undefined;
  /**
   * Extra indices. The {@link NamespaceIndex} is always present (listers rely on it) unless
   * replaced by an entry with the same name.
   */
  indexers?: Indexers<T> | undefined;
  /**
   * Applied to every object added, updated or replaced in, after it was keyed (client-go's
   * `WithTransformer`); default none.
   */
  transformer?: ((obj: T) => T) | undefined;
}

/**
 * Creates an {@link Indexer} (client-go's `NewIndexer`) with the namespace index built in.
 *
 * @example
 * ```ts
 * const pods = newIndexer<Pod>({ indexers: { node: (p) => [p.spec?.nodeName ?? ''] } });
 * pods.add(pod);
 * pods.byIndex('node', 'node-1');
 * pods.byIndex(NamespaceIndex, 'default');
 * ```
 */
export function newIndexer<T = KubeObject>(options: IndexerOptions<T> = {}): Indexer<T> {
  return newIndexerStore(options);
}

/**
 * {@link newIndexer}, typed as the store behind it: what an informer caches into (it also
 * uses the store's keyed `upsert`). Not exported from the package.
 */
export function newIndexerStore<T = KubeObject>(
  options: IndexerOptions<T> = {},
): ThreadSafeStore<T> {
  return new ThreadSafeStore<T>(
    options.keyFunc ?? (deletionHandlingMetaNamespaceKeyFunc as KeyFunc<T>),
    {
      [NamespaceIndex]: metaNamespaceIndexFunc as unknown as IndexFunc<T>,
      ...options.indexers,
    },
    options.transformer,
  );
}
