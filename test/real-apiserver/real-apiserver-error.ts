import { ReasonedError } from '@kubekit/apimachinery';

/** Why the real API server tier could not be built or started. */
export type RealApiServerErrorReason =
  'build-failed' | 'process-exited' | 'not-ready' | 'request-failed';

/**
 * Thrown by {@link startRealApiServer} and its steps. `reason` says which step failed; the
 * message carries the tail of the failing process's output where there is one.
 */
export class RealApiServerError extends ReasonedError<RealApiServerErrorReason> {
  static override readonly brand: string = '@kubekit/tests/RealApiServerError';
}
