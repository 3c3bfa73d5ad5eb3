import type { KubeObject } from './meta';
import { ObjectKeyError } from './object-key-error';

/**
 * The keys stores and work queues use for objects (client-go tools/cache/store.go).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/store.go
 */

/**
 * `namespace/name`, or `name` for a cluster-scoped object (cache.MetaNamespaceKeyFunc). Like
 * client-go it does not check that a name is set (an object without one gets `''`).
 */
export function metaNamespaceKey(obj: KubeObject): string {
  const { namespace, name = '' } = obj.metadata ?? {};
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * Splits a {@link metaNamespaceKey} into namespace (`''` for cluster-scoped) and name
 * (cache.SplitMetaNamespaceKey).
 *
 * @throws {@link ObjectKeyError} when the key has more than one `/`.
 */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: '', name: key };
  if (parts.length === 2) return { namespace: parts[0] ?? '', name: parts[1] ?? '' };
  throw new ObjectKeyError(key);
}
