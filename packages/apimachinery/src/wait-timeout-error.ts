import { KubekitError } from './kubekit-error';

/** Why a wait gave up: its backoff ran out of steps, or its timeout passed. */
export type WaitTimeoutReason = 'StepsExhausted' | 'Timeout';

/** A wait gave up before its condition was met (wait.ErrWaitTimeout). */
export class WaitTimeoutError extends KubekitError {
  static override readonly brand: string = '@kubekit/apimachinery/WaitTimeoutError';

  /** The discriminant. */
  readonly reason: WaitTimeoutReason;

  constructor(reason: WaitTimeoutReason, options?: { cause?: unknown }) {
    super(
      reason === 'Timeout'
        ? 'timed out waiting for the condition'
        : 'timed out waiting for the condition: backoff steps exhausted',
      options,
    );
    this.reason = reason;
  }
}
