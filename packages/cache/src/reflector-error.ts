import { ReasonedError } from '@kubekit/apimachinery';

/** Why a {@link ReflectorError} was reported. */
export type ReflectorErrorReason =
  /** A watch closed within a second without delivering any event (the Reflector relists). */
  | 'VeryShortWatch'
  /** No event (not even a bookmark) arrived for the inactivity timeout; the watch restarts. */
  | 'WatchInactive'
  /** A streaming list ended without its initial-events-end bookmark: the server ignores it. */
  | 'WatchListUnsupported'
  /**
   * The watch sent an event of an unknown type, without an object, or whose object is not of
   * the expected kind (skipped).
   */
  | 'UnexpectedEvent'
  /** The store's resync failed: the watch ends and the Reflector relists after its backoff. */
  | 'ResyncFailed'
  /** Thrown by newReflector for missing or out-of-range options. */
  | 'InvalidOptions';

/**
 * A problem a Reflector hit and recovered from, handed to its watch error handler (API errors
 * are `StatusError`s and reach the handler unchanged); or, with reason `InvalidOptions`, thrown
 * by newReflector.
 */
export class ReflectorError extends ReasonedError<ReflectorErrorReason> {
  static override readonly brand: string = '@kubekit/cache/ReflectorError';
}
