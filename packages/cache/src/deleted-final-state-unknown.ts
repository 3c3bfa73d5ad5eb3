/**
 * Tombstones for deletes an informer missed.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/delta_fifo.go (DeletedFinalStateUnknown)
 * @packageDocumentation
 */

/** Brand set on tombstones; `Symbol.for` so that dual ESM/CJS copies of this package agree. */
const tombstoneBrand = Symbol.for('@kubekit/cache/DeletedFinalStateUnknown');

/**
 * Placed in a DeltaFIFO (and so handed to `onDelete`) when an object was deleted while the watch
 * was down: the relist no longer contains it, so the final state of the object is unknown. `obj`
 * is the last state the cache knew, possibly stale, and `undefined` when nothing was known.
 *
 * Build one with {@link deletedFinalStateUnknown}; test for one with
 * {@link isDeletedFinalStateUnknown} (a plain `{ key, obj }` object is not a tombstone).
 */
export interface DeletedFinalStateUnknown<T = unknown> {
  /** The store key (`namespace/name` or `name`) of the deleted object. */
  readonly key: string;
  /** The last known state of the object; may be stale, or `undefined`. */
  readonly obj: T | undefined;
}

/** Creates a tombstone for the object stored under `key` whose last known state was `obj`. */
export function deletedFinalStateUnknown<T>(
  key: string,
  obj: T | undefined,
): DeletedFinalStateUnknown<T> {
  const tombstone = { key, obj };
  Object.defineProperty(tombstone, tombstoneBrand, { value: true, enumerable: false });
  return tombstone;
}

/** True when `value` is a tombstone built by {@link deletedFinalStateUnknown}. */
export function isDeletedFinalStateUnknown(value: unknown): value is DeletedFinalStateUnknown {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [tombstoneBrand]?: boolean })[tombstoneBrand] === true
  );
}

/**
 * The object behind a delete notification: `value` itself, or the last known state inside a
 * tombstone (`undefined` when the tombstone carries none). The usual first line of an `onDelete`.
 */
export function objectOfDeletion<T>(value: T | DeletedFinalStateUnknown<T>): T | undefined {
  return isDeletedFinalStateUnknown(value) ? (value.obj as T | undefined) : (value as T);
}
