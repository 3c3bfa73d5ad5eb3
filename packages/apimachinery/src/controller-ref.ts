import { formatGroupVersion, type GroupVersionKind } from './group-version';
import type { KubeObject, OwnerReference } from './meta';

/**
 * Controller owner references (k8s.io/apimachinery/pkg/apis/meta/v1/controller_ref.go): the one
 * owner reference with `controller: true` names the object's managing controller.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/controller_ref.go
 */

/** The owner reference with `controller: true`, if any (metav1.GetControllerOf). */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/**
 * True when `owner` is the managing controller of `obj` (metav1.IsControlledBy): the controller
 * reference's `uid` equals the owner's `metadata.uid`. False when the owner has no uid.
 */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const uid = owner.metadata?.uid;
  return uid !== undefined && uid !== '' && getControllerOf(obj)?.uid === uid;
}

/**
 * A controller reference to `owner` (metav1.NewControllerRef): `controller` and
 * `blockOwnerDeletion` set, `apiVersion`/`kind` from `gvk`, name and uid from the owner.
 */
export function newControllerRef(owner: KubeObject, gvk: GroupVersionKind): OwnerReference {
  return {
    apiVersion: formatGroupVersion(gvk),
    kind: gvk.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
