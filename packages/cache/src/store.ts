/**
 * Store: a keyed collection of objects, and the key functions that name objects in it.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/store.go
 * @packageDocumentation
 */
import type { KubeObject } from '@kubekit/apimachinery';
import {
  isDeletedFinalStateUnknown,
  type DeletedFinalStateUnknown,
} from './deleted-final-state-unknown';
import { StoreError } from './store-error';
import { ThreadSafeStore } from './internal/thread-safe-store';

/**
 * Computes the key an object is stored under. Throws {@link StoreError} (reason `KeyFunc`) when
 * the object cannot be named.
 */
export type KeyFunc<T = KubeObject> = (obj: T | DeletedFinalStateUnknown<T>) => string;

/**
 * A keyed collection of objects. Every method is synchronous, so no other code can run in the
 * middle of an update: the store is consistent by construction, with no locks.
 *
 * Caveat: objects are stored and returned by reference; never mutate an object you got from a
 * store (clone it first), or every reader of the shared cache sees the change.
 */
export interface Store<T = KubeObject> {
  /** Inserts or replaces the object under its key. */
  add(obj: T): void;
  /** Same as {@link Store.add}: inserts or replaces the object under its key. */
  update(obj: T): void;
  /** Removes the object (or the object a tombstone names); a missing key is not an error. */
  delete(obj: T | DeletedFinalStateUnknown<T>): void;
  /** Every object, in no particular order (a new array). */
  list(): T[];
  /** Every key, in no particular order (a new array). */
  listKeys(): string[];
  /** The stored object with the same key as `obj`, or `undefined`. */
  get(obj: T): T | undefined;
  /** The object stored under `key`, or `undefined`. */
  getByKey(key: string): T | undefined;
  /** Replaces the whole contents with `list`; `resourceVersion` is the list's, unused here. */
  replace(list: readonly T[], resourceVersion: string): void;
  /** Meaningless for a plain store; a DeltaFIFO queues Sync deltas. */
  resync(): void;
  /** The number of stored objects. */
  size(): number;
}

/**
 * `namespace/name` for namespaced objects, `name` for cluster-scoped ones. Throws
 * {@link StoreError} (`KeyFunc`) for an object without `metadata.name`. Tombstones are not
 * understood: use {@link deletionHandlingMetaNamespaceKeyFunc} where they can appear.
 */
export function metaNamespaceKeyFunc(obj: KubeObject): string {
  const meta = obj.metadata;
  const name = meta?.name;
  if (!name) {
    throw new StoreError('KeyFunc', 'object has no metadata.name, so it has no key');
  }
  const namespace = meta.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * {@link metaNamespaceKeyFunc} that also accepts tombstones (their key is the one recorded in
 * them). The key function of every informer.
 */
export function deletionHandlingMetaNamespaceKeyFunc(
  obj: KubeObject | DeletedFinalStateUnknown<KubeObject>,
): string {
  if (isDeletedFinalStateUnknown(obj)) return obj.key;
  return metaNamespaceKeyFunc(obj as KubeObject);
}

/** Options of {@link newStore}. */
export interface StoreOptions<T> {
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunc?: KeyFunc<T> | undefined;
  /**
   * Applied to every object added, updated or replaced in, after it was keyed (client-go's
   * `WithTransformer`); what it returns is stored. Its errors propagate. Default: none.
   */
  transformer?: ((obj: T) => T) | undefined;
}

/**
 * Creates a {@link Store} without indices (client-go's `NewStore`). Updates are O(1).
 *
 * @example
 * ```ts
 * const store = newStore<Pod>();
 * store.add(pod);
 * store.getByKey('default/web');
 * ```
 */
export function newStore<T = KubeObject>(options: StoreOptions<T> = {}): Store<T> {
  return new ThreadSafeStore<T>(
    options.keyFunc ?? (deletionHandlingMetaNamespaceKeyFunc as KeyFunc<T>),
    {},
    options.transformer,
  );
}
