import { ReasonedError } from './reasoned-error';

/** Why a wait gave up: its backoff ran out of steps, or its timeout passed. */
export type WaitTimeoutReason = 'StepsExhausted' | 'Timeout';

/** A wait gave up before its condition was met (wait.ErrWaitTimeout). */
export class WaitTimeoutError extends ReasonedError<WaitTimeoutReason> {
  static override readonly brand: string = '@kubekit/apimachinery/WaitTimeoutError';

  constructor(reason: WaitTimeoutReason, options?: { cause?: unknown }) {
    super(
      reason,
      reason === 'Timeout'
        ? 'timed out waiting for the condition'
        : 'timed out waiting for the condition: backoff steps exhausted',
      options,
    );
  }
}
