import type { KubeObject } from '@kubekit/apimachinery';

/**
 * Filters informer events before they reach a controller's queue (controller-runtime's
 * `predicate.Funcs`). Every method is optional and defaults to letting the event through; an
 * event passes a list of predicates when every predicate lets it through.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/predicate/predicate.go
 */
export interface Predicate<T extends KubeObject = KubeObject> {
  /** An object appeared (also for the initial list). */
  create?(obj: T): boolean;
  /** An object changed, or was resynced (same resourceVersion). */
  update?(oldObj: T, newObj: T): boolean;
  /** An object was deleted (the last known state; it may be stale after a missed watch). */
  delete?(obj: T): boolean;
}

/**
 * Lets updates through only when `metadata.generation` changed, so status-only writes (the
 * controller's own included) and resyncs do not trigger a reconcile. Creations and deletions
 * pass. Caveat: objects without a generation (most built-in kinds bump it only on spec changes,
 * some never) would never pass an update; use it on kinds with a spec.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/predicate/predicate.go (GenerationChangedPredicate)
 */
export const generationChangedPredicate: Predicate = {
  update: (oldObj, newObj) => oldObj.metadata?.generation !== newObj.metadata?.generation,
};

/**
 * Drops the updates of a resync or relist (same `metadata.resourceVersion` on both sides).
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/predicate/predicate.go (ResourceVersionChangedPredicate)
 */
export const resourceVersionChangedPredicate: Predicate = {
  update: (oldObj, newObj) => oldObj.metadata?.resourceVersion !== newObj.metadata?.resourceVersion,
};

/**
 * Lets updates through only when labels changed.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/predicate/predicate.go (LabelChangedPredicate)
 */
export const labelChangedPredicate: Predicate = {
  update: (oldObj, newObj) => !sameStringMap(oldObj.metadata?.labels, newObj.metadata?.labels),
};

function sameStringMap(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b ?? {}).length) return false;
  return ak.every((k) => a?.[k] === b?.[k]);
}
