/**
 * The callbacks an informer notifies, and the registration it returns for them.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/controller.go (ResourceEventHandler)
 * @packageDocumentation
 */
import type { KubeObject } from '@kubekit/apimachinery';
import type { DeletedFinalStateUnknown } from './deleted-final-state-unknown';

/**
 * Callbacks for changes of cached objects; every one is optional. When a callback returns a
 * promise (a thenable), the next notification for this handler waits for it (other handlers do
 * not); any other return value is ignored.
 *
 * Guarantees, per handler and per object key: notifications arrive in order and form a
 * consistent sequence (add, updates, delete, add, ...). `onUpdate` also fires on resync and
 * relist with `oldObj === newObj` content (same resourceVersion).
 *
 * Caveat: objects are the cached ones, shared by every handler and lister: never mutate them.
 */
export interface ResourceEventHandler<T = KubeObject> {
  /** An object appeared; `isInInitialList` while the first list is delivered (or replayed). */
  onAdd?(obj: T, isInInitialList: boolean): unknown;
  /** An object changed (or was resynced: same resourceVersion). */
  onUpdate?(oldObj: T, newObj: T): unknown;
  /**
   * An object disappeared. A {@link DeletedFinalStateUnknown} tombstone when the delete was
   * detected by a relist (the watch missed it); see `objectOfDeletion`.
   */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): unknown;
}

/** Options of `addEventHandler`. */
export interface HandlerOptions {
  /**
   * Resync this handler (onUpdate of every cached object) this often, in ms; default the
   * informer's. 0 disables; values below 1 s become 1 s; after start, values below the
   * informer's resync check period become that period.
   */
  resyncPeriodMs?: number | undefined;
}

/** A handler added to an informer. */
export interface ResourceEventHandlerRegistration {
  /**
   * True once the informer has synced and this handler has returned from every notification
   * of the initial list (for a handler added late: of the replayed cache).
   */
  hasSynced(): boolean;
  /** Stops notifications to this handler; notifications not yet delivered are dropped. */
  remove(): void;
  /** Notifications waiting for this handler. */
  pending(): number;
}

/** One informer notification, as yielded by an informer's async iterator. */
export type InformerEvent<T = KubeObject> =
  | { type: 'add'; object: T; isInInitialList: boolean }
  | { type: 'update'; oldObject: T; object: T }
  | { type: 'delete'; object: T | DeletedFinalStateUnknown<T> };
