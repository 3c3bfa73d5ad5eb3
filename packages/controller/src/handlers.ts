import {
  getControllerOf,
  metaNamespaceKey,
  parseGroupVersion,
  type KubeObject,
  type OwnerReference,
} from '@kubekit/apimachinery';

/**
 * Maps an object of an event to the keys (`namespace/name`) to reconcile. Return `[]` to ignore
 * the object. On an update, a controller maps both the old and the new object and enqueues the
 * union (so an owner that lost an object hears of it too).
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/handler/enqueue_mapped.go
 */
export type MapToKeys<T extends KubeObject = KubeObject> = (obj: T) => readonly string[];

/**
 * The object's own key (controller-runtime's `EnqueueRequestForObject`); the default mapping of
 * `watch`.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/handler/enqueue.go
 */
export const enqueueForObject: MapToKeys = (obj) => [metaNamespaceKey(obj)];

/** Options of {@link enqueueForOwner}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/handler/enqueue_owner.go */
export interface EnqueueForOwnerOptions {
  /** The owner's API group (`''` for core); matched against the group of `apiVersion`. */
  group: string;
  /** The owner's kind, e.g. `TFJob`. */
  kind: string;
  /**
   * Only the controller reference (`controller: true`) counts; default true, as kube's
   * controllers and controller-runtime's `OnlyControllerOwner()` do.
   */
  onlyController?: boolean | undefined;
}

/**
 * Maps an owned object to the key of its owner(s) of one kind, in the object's namespace
 * (controller-runtime's `EnqueueRequestForOwner`): a Pod owned by a TFJob enqueues that TFJob.
 * Objects without such an owner map to nothing. The version of the owner reference is ignored,
 * so owners written by another version of the API still match.
 *
 * @example
 * ```ts
 * controller.watch(pods.informer, {
 *   mapToKeys: enqueueForOwner({ group: 'kubeflow.org', kind: 'TFJob' }),
 * });
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/handler/enqueue_owner.go
 */
export function enqueueForOwner(options: EnqueueForOwnerOptions): MapToKeys {
  const matches = (ref: OwnerReference): boolean =>
    ref.kind === options.kind && groupOf(ref.apiVersion) === options.group;
  return (obj) => {
    const namespace = obj.metadata?.namespace;
    const keyOf = (ref: OwnerReference) => (namespace ? `${namespace}/${ref.name}` : ref.name);
    if (options.onlyController ?? true) {
      const ref = getControllerOf(obj);
      return ref && matches(ref) ? [keyOf(ref)] : [];
    }
    return (obj.metadata?.ownerReferences ?? []).filter(matches).map(keyOf);
  };
}

function groupOf(apiVersion: string): string {
  try {
    return parseGroupVersion(apiVersion).group;
  } catch {
    return '\0invalid';
  }
}
