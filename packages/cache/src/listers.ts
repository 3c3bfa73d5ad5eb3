/**
 * Listers: read-only, selector-aware views of an informer's cache.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/listers.go
 * @packageDocumentation
 */
import { parseSelector, type KubeObject, type Selector } from '@kubekit/apimachinery';
import { NamespaceIndex, type Indexer } from './indexer';
import type { Store } from './store';

/** A label selector, parsed or in its string form (`''` matches everything). */
export type SelectorInput = Selector | string;

/** Objects of one namespace. */
export interface NamespaceLister<T = KubeObject> {
  /** The objects of the namespace whose labels match `selector` (default: all). */
  list(selector?: SelectorInput): T[];
  /** The object named `name` in the namespace, or `undefined`. */
  get(name: string): T | undefined;
}

/**
 * A read-only view of a cache (client-go's GenericLister). Objects are the cached ones: never
 * mutate them.
 */
export interface Lister<T = KubeObject> {
  /** Every cached object whose labels match `selector` (default: all). */
  list(selector?: SelectorInput): T[];
  /** The cluster-scoped object named `name`, or `undefined` (use `namespace(ns).get`). */
  get(name: string): T | undefined;
  /** The objects of one namespace (`''`: all namespaces). */
  namespace(namespace: string): NamespaceLister<T>;
}

function toSelector(selector: SelectorInput | undefined): Selector | undefined {
  if (selector === undefined) return undefined;
  const parsed = typeof selector === 'string' ? parseSelector(selector) : selector;
  return parsed.empty() ? undefined : parsed;
}

function filter<T extends KubeObject>(objects: T[], selector: Selector | undefined): T[] {
  if (!selector) return objects;
  return objects.filter((obj) => selector.matches(obj.metadata?.labels));
}

/**
 * Lists the objects of `namespace` (all when `''`) matching `selector`, through the namespace
 * index when the store has one (client-go's ListAllByNamespace). Throws SelectorParseError for a
 * malformed selector string.
 */
export function listAllByNamespace<T extends KubeObject>(
  store: Store<T> | Indexer<T>,
  namespace: string,
  selector?: SelectorInput,
): T[] {
  const parsed = toSelector(selector);
  if (namespace === '') return filter(store.list(), parsed);
  const indexer = store as Partial<Indexer<T>>;
  if (indexer.getIndexers && Object.hasOwn(indexer.getIndexers(), NamespaceIndex)) {
    return filter(indexer.byIndex!(NamespaceIndex, namespace), parsed);
  }
  return filter(
    store.list().filter((obj) => (obj.metadata?.namespace ?? '') === namespace),
    parsed,
  );
}

/**
 * Creates a {@link Lister} over a store or indexer (usually `informer.getIndexer()`).
 *
 * @example
 * ```ts
 * const pods = newLister<Pod>(informer.getIndexer());
 * pods.namespace('default').list('app=web');
 * ```
 */
export function newLister<T extends KubeObject>(store: Store<T> | Indexer<T>): Lister<T> {
  return {
    list: (selector) => listAllByNamespace(store, '', selector),
    get: (name) => store.getByKey(name),
    namespace: (namespace) => ({
      list: (selector) => listAllByNamespace(store, namespace, selector),
      get: (name) => store.getByKey(namespace ? `${namespace}/${name}` : name),
    }),
  };
}
