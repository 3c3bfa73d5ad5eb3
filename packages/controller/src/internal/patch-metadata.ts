import type { KubeObject, ObjectMeta } from '@kubekit/apimachinery';
import { PatchType } from '@kubekit/rest';
import type { PatchClient } from '../patch-client';

/** The metadata lists the helpers of this package rewrite. */
export type MetadataListField = 'finalizers' | 'ownerReferences';

/**
 * Replaces one list of `obj`'s metadata with `value` by a JSON merge patch that carries the
 * object's `uid` and `resourceVersion` as preconditions: the server rejects it with 409 Conflict
 * when the object changed since it was read (so no concurrent change to the list is lost) and
 * fails when the name now belongs to another object. An empty list removes the field.
 */
export function patchMetadataList<T extends KubeObject, F extends MetadataListField>(
  client: PatchClient<T>,
  obj: T,
  field: F,
  value: NonNullable<ObjectMeta[F]>,
  signal: AbortSignal | undefined,
): Promise<T> {
  const { name = '', uid, resourceVersion } = obj.metadata ?? {};
  const patch = { metadata: { uid, resourceVersion, [field]: value.length ? value : null } };
  return client.patch(name, patch, { type: PatchType.MergePatch, signal });
}
