import { ReasonedError } from '@kubekit/apimachinery';

/**
 * Why a {@link ControllerError} was thrown.
 * - `InvalidOptions`: a constructor or helper got options it cannot work with.
 * - `AlreadyStarted`: `run()` was called a second time, or `watch()` after `run()`.
 * - `CacheSyncTimeout`: the watched informers did not sync within `cacheSyncTimeoutMs`.
 * - `ClaimFailed`: adopting or releasing some objects failed (see `cause`, an AggregateError).
 * - `LeadershipLost`: the manager stopped its controllers because leadership was lost.
 * - `ServerFailed`: the metrics / health server could not listen.
 * - `Terminal`: a reconcile failed in a way retrying cannot fix (see {@link terminalError}).
 */
export type ControllerErrorReason =
  | 'InvalidOptions'
  | 'AlreadyStarted'
  | 'CacheSyncTimeout'
  | 'ClaimFailed'
  | 'LeadershipLost'
  | 'ServerFailed'
  | 'Terminal';

/**
 * The one error class of `@kubekit/controller`; match it with `ControllerError.isInstance(err)`
 * and switch on {@link ControllerError.reason}. API errors stay `StatusError`s.
 *
 * @example
 * ```ts
 * try { await runControllerManager({ controllers, leaderElection, signal }); }
 * catch (err) { if (ControllerError.isInstance(err) && err.reason === 'LeadershipLost') process.exitCode = 1; }
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/internal.go (errors a manager returns)
 */
export class ControllerError extends ReasonedError<ControllerErrorReason> {
  static override readonly brand: string = '@kubekit/controller/ControllerError';
}

/** Throws `InvalidOptions` with `message` unless `ok`. */
export function checkOption(ok: boolean, message: string): void {
  if (!ok) throw new ControllerError('InvalidOptions', message);
}

/**
 * Wraps `error` so that a reconcile throwing it is not retried (controller-runtime's
 * `reconcile.TerminalError`): the key's backoff is reset, the error goes to `onError` and is
 * counted as `terminal_error` in the controller's metrics. The key is reconciled again only on
 * the next event for it. Use it for what only a change of the object can fix (an invalid spec).
 * Wrapping twice returns the same error.
 *
 * @example
 * ```ts
 * if (!isValidSchedule(cronTab.spec.cronSpec)) throw terminalError(new Error(`invalid schedule`));
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/reconcile/reconcile.go (TerminalError)
 */
export function terminalError(error: unknown): ControllerError {
  if (isTerminalError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ControllerError('Terminal', `terminal error: ${message}`, { cause: error });
}

/** True when `error` came from {@link terminalError} (from any copy of this package). */
export function isTerminalError(error: unknown): error is ControllerError {
  return ControllerError.isInstance(error) && error.reason === 'Terminal';
}
