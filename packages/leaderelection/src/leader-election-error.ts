import { ReasonedError } from '@kubekit/apimachinery';

/** Why a {@link LeaderElectionError} was thrown. */
export type LeaderElectionErrorReason =
  /** The options failed validation (durations out of order, identity or callbacks missing). */
  | 'InvalidOptions'
  /** `run()` was called on an elector that is running or has run (an elector runs once). */
  | 'AlreadyRun'
  /** The lock was asked to update or release before it had read or created its object. */
  | 'LockNotInitialized'
  /** The abort reason of a leader's work signal: it lost (or could not renew) the lease. */
  | 'LeadershipLost'
  /**
   * Reported to `onError` when `releaseOnCancel` could not release the lease (client-go logs
   * "Failed to release lock"); `cause` is the API error. The lease then expires on its own.
   */
  | 'ReleaseFailed';

/**
 * The error of the leader election package: misconfiguration, misuse, and the abort reason of a
 * work signal whose leader lost its lease (`LeadershipLost`). Failures of the API
 * calls the lock makes while acquiring or renewing are not wrapped: they are `StatusError`s from
 * the Lease client, reported through the elector's `onError` option and retried. A failed
 * release is reported once as `ReleaseFailed` with the API error as `cause`.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/leaderelection/leaderelection.go
 */
export class LeaderElectionError extends ReasonedError<LeaderElectionErrorReason> {
  static override readonly brand: string = '@kubekit/leaderelection/LeaderElectionError';
}
