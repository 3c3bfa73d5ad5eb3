import { ReasonedError } from '@kubekit/apimachinery';

/** Why a {@link DeltaFIFOError} was thrown. */
export type DeltaFIFOErrorReason =
  /** The queue was closed: nothing more will be popped. */
  | 'Closed'
  /** Thrown by a process function to ask for its deltas to be queued again. */
  | 'Requeue'
  /** Thrown by newRealFIFO for missing or out-of-range options. */
  | 'InvalidOptions'
  /**
   * `addIfNotPresent` got an empty list of deltas, which has no key (client-go's
   * ErrZeroLengthDeltasObject: `0 length Deltas object; can't get key`).
   */
  | 'ZeroLengthDeltas';

/** An error of a DeltaFIFO or a RealFIFO. */
export class DeltaFIFOError extends ReasonedError<DeltaFIFOErrorReason> {
  static override readonly brand: string = '@kubekit/cache/DeltaFIFOError';
}

/**
 * The error a process function throws to have its deltas queued again (client-go's
 * `ErrRequeue`); `cause` is what made processing fail. `pop` rethrows it after requeueing.
 */
export function requeue(cause?: unknown): DeltaFIFOError {
  return new DeltaFIFOError('Requeue', 'requeue requested', { cause });
}
