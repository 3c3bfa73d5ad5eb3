import { KubekitError } from '@kubekit/apimachinery';

/**
 * Why a {@link ControllerError} was thrown.
 * - `InvalidOptions`: a constructor or helper got options it cannot work with.
 * - `AlreadyStarted`: `run()` was called a second time, or `watch()` after `run()`.
 * - `CacheSyncTimeout`: the watched informers did not sync within `cacheSyncTimeoutMs`.
 * - `ClaimFailed`: adopting or releasing some objects failed (see `cause`, an AggregateError).
 * - `LeadershipLost`: the manager stopped its controllers because leadership was lost.
 * - `ServerFailed`: the metrics / health server could not listen.
 */
export type ControllerErrorReason =
  | 'InvalidOptions'
  | 'AlreadyStarted'
  | 'CacheSyncTimeout'
  | 'ClaimFailed'
  | 'LeadershipLost'
  | 'ServerFailed';

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
export class ControllerError extends KubekitError {
  static override readonly brand: string = '@kubekit/controller/ControllerError';

  /** What went wrong, machine-readable. */
  readonly reason: ControllerErrorReason;

  constructor(reason: ControllerErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Throws `InvalidOptions` with `message` unless `ok`. */
export function checkOption(ok: boolean, message: string): void {
  if (!ok) throw new ControllerError('InvalidOptions', message);
}
