import { isNotFound, type KubeObject } from '@kubekit/apimachinery';
import { patchMetadataList } from './internal/patch-metadata';
import type { PatchClient } from './patch-client';

/**
 * Finalizers: keys in `metadata.finalizers` that hold an object's deletion until the controller
 * that added them has cleaned up (external resources, ...) and removed them.
 *
 * The writes are JSON merge patches carrying the object's `uid` and `resourceVersion`, so they
 * fail with 409 Conflict (`isConflict(err)`) when the object changed since it was read instead
 * of dropping another writer's finalizer; a controller retries with a fresh read (throwing from
 * the reconcile does that).
 *
 * Both helpers are idempotent and treat an object that is gone (404 Not Found) as done: the
 * reconcile that runs on the watch event of the final removal still sees the finalizer in its
 * cache, and its second removal must not count as a failure.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/controller/controllerutil/controllerutil.go (AddFinalizer, RemoveFinalizer, ContainsFinalizer)
 * @packageDocumentation
 */

/** Options of {@link addFinalizer} and {@link removeFinalizer}. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/controller/controllerutil/controllerutil.go */
export interface FinalizerOptions {
  /** Cancels the request. */
  signal?: AbortSignal | undefined;
}

/**
 * True when `obj` carries `finalizer` (controllerutil.ContainsFinalizer).
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/controller/controllerutil/controllerutil.go
 */
export function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return obj.metadata?.finalizers?.includes(finalizer) ?? false;
}

/**
 * True once the object is being deleted (`metadata.deletionTimestamp` is set): finalizers run now.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/
 */
export function isBeingDeleted(obj: KubeObject): boolean {
  return !!obj.metadata?.deletionTimestamp;
}

/**
 * Adds `finalizer` to `obj` on the server unless it is there already (then `obj` is returned and
 * nothing is sent). Resolves with the object as stored.
 *
 * Errors: a StatusError 409 Conflict when `obj` is stale. An object that is gone (404) is not an
 * error: `obj` is returned.
 *
 * @example
 * ```ts
 * if (!isBeingDeleted(obj) && !hasFinalizer(obj, f)) await addFinalizer(client, obj, f, { signal });
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/controller/controllerutil/controllerutil.go
 */
export async function addFinalizer<T extends KubeObject>(
  client: PatchClient<T>,
  obj: T,
  finalizer: string,
  options: FinalizerOptions = {},
): Promise<T> {
  if (hasFinalizer(obj, finalizer)) return obj;
  const finalizers = [...(obj.metadata?.finalizers ?? []), finalizer];
  return ignoreNotFound(
    obj,
    patchMetadataList(client, obj, 'finalizers', finalizers, options.signal),
  );
}

/**
 * Removes `finalizer` from `obj` on the server when present (otherwise `obj` is returned and
 * nothing is sent). Once the last finalizer of an object being deleted is removed the server
 * deletes it; the result is then the object as last stored.
 *
 * Errors: a StatusError 409 Conflict when `obj` is stale. An object already gone (404, the usual
 * case when a stale cache repeats a removal) is not an error: `obj` is returned.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/controller/controllerutil/controllerutil.go
 */
export async function removeFinalizer<T extends KubeObject>(
  client: PatchClient<T>,
  obj: T,
  finalizer: string,
  options: FinalizerOptions = {},
): Promise<T> {
  if (!hasFinalizer(obj, finalizer)) return obj;
  const finalizers = (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
  return ignoreNotFound(
    obj,
    patchMetadataList(client, obj, 'finalizers', finalizers, options.signal),
  );
}

/** `write`'s object, or `obj` when the server answered 404 Not Found. */
async function ignoreNotFound<T>(obj: T, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isNotFound(err)) return obj;
    throw err;
  }
}
