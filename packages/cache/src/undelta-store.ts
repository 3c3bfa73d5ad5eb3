/**
 * UndeltaStore: a store that hands its complete contents to a function after every change.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/undelta_store.go
 * @packageDocumentation
 */
import type { KubeObject } from '@kubekit/apimachinery';
import { newStore, type KeyFunc, type Store } from './store';

/** Options of {@link newUndeltaStore}. */
export interface UndeltaStoreOptions<T> {
  /** Gets the complete contents (a new array) after every add, update, delete and replace. */
  push: (objects: T[]) => void;
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunc?: KeyFunc<T> | undefined;
}

/**
 * Creates a {@link Store} that calls `push` with its whole contents after each change
 * (client-go's `NewUndeltaStore`): hand it to a Reflector to turn a stream of changes into a
 * stream of complete states (as the kubelet does for its pod sources). Every add, update, delete
 * and replace calls `push` exactly once, even when nothing changed; `resync` never does. A
 * change that throws (an object without a key) calls nothing.
 *
 * @example
 * ```ts
 * const store = newUndeltaStore<Pod>({ push: (pods) => render(pods) });
 * newReflector({ listerWatcher: lw, store }).run({ signal });
 * ```
 */
export function newUndeltaStore<T = KubeObject>(options: UndeltaStoreOptions<T>): Store<T> {
  const store = newStore<T>({ keyFunc: options.keyFunc });
  const push = options.push;
  return {
    list: () => store.list(),
    listKeys: () => store.listKeys(),
    get: (obj) => store.get(obj),
    getByKey: (key) => store.getByKey(key),
    size: () => store.size(),
    add(obj) {
      store.add(obj);
      push(store.list());
    },
    update(obj) {
      store.update(obj);
      push(store.list());
    },
    delete(obj) {
      store.delete(obj);
      push(store.list());
    },
    replace(list, resourceVersion) {
      store.replace(list, resourceVersion);
      push(store.list());
    },
    resync() {},
  };
}
