import { ReasonedError } from '@kubekit/apimachinery';

/** Why a {@link RecordError} was raised. */
export type RecordErrorReason =
  /** Options failed validation. */
  | 'InvalidOptions'
  /** An event was not recorded: invalid type, or no reference could be built for the object. */
  | 'InvalidEvent'
  /** An event was dropped: a watcher's queue was full or the broadcaster was shut down. */
  | 'Dropped'
  /** A sink gave up on an event after its retries, or the server rejected it for good. */
  | 'WriteFailed';

/**
 * The error of the record package. Recording never throws at the caller (it must not disturb
 * the controller); these errors reach the broadcaster's `onError` option instead, except
 * `InvalidOptions`, thrown by constructors.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/event.go
 */
export class RecordError extends ReasonedError<RecordErrorReason> {
  static override readonly brand: string = '@kubekit/record/RecordError';
}
