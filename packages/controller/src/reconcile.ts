/**
 * What a controller's reconcile function is: its signature, what it is given and what it may ask
 * for once it returned.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/reconcile/reconcile.go
 * @packageDocumentation
 */
import type { Logger } from './logger';

/**
 * What a reconcile asks of the controller once it returned (controller-runtime's
 * `reconcile.Result`). Returning nothing (or `{}`) means done: the key's failure count is reset.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/reconcile/reconcile.go
 */
export interface Result {
  /** Reconcile the key again after the rate limiter's delay (counts as a retry). */
  requeue?: boolean;
  /**
   * Reconcile the key again after this many ms (e.g. a deadline to enforce); wins over
   * `requeue`. The failure count is reset. An event for the key meanwhile reconciles it sooner.
   */
  requeueAfterMs?: number;
}

/** What a reconcile is given besides its key. @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/reconcile/reconcile.go */
export interface ReconcileContext {
  /** The key being reconciled: `namespace/name`, or `name` for cluster-scoped objects. */
  key: string;
  /** The namespace of the key (`''` for cluster-scoped objects). */
  namespace: string;
  /** The name of the key. */
  name: string;
  /** The controller's logger bound to `{ controller, key }`. */
  log: Logger;
  /** Aborts when the controller stops (shutdown, lost leadership): stop and return promptly. */
  signal: AbortSignal;
  /** How many times the key has been retried (failures and `requeue`) since it last succeeded. */
  numRequeues: number;
  /** The controller's name. */
  controller: string;
}

/**
 * Brings the object named by `key` (`namespace/name`, also split in `context.namespace` and
 * `context.name`) towards its desired state. Read from the informers' listers, write through the
 * API. Throwing (or rejecting) means failure: the key is retried with the rate limiter's backoff
 * (or as `errorPolicy` says) and the error goes to `onError`; throwing a {@link terminalError}
 * means failure without retry.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/reconcile/reconcile.go (Reconciler)
 */
export type Reconciler = (
  key: string,
  context: ReconcileContext,
) => Promise<Result | void> | Result | void;
