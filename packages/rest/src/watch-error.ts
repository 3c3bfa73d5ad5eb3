import { ReasonedError } from '@kubekit/apimachinery';

/** Why a watch stream failed; see {@link WatchError.reason}. */
export type WatchErrorReason =
  /** The connection broke before the server ended the response. */
  | 'ConnectionLost'
  /** No byte arrived for `inactivityTimeoutMs`. */
  | 'Inactive'
  /**
   * A frame is not a JSON watch event; {@link WatchError.frameLength} is its length. Its text is
   * never kept: a watch on Secrets carries their data.
   */
  | 'MalformedFrame'
  /**
   * A frame (one line of the stream) is longer than `MaxWatchFrameLength` (16 MiB, client-go's
   * limit): the stream is closed rather than buffered without bound.
   */
  | 'FrameTooLarge';

/**
 * A watch stream ended abnormally. (An `ERROR` event from the server is a `StatusError`; an
 * abort, a server-side close and `return()` end the iteration normally.)
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/watch/streamwatcher.go
 */
export class WatchError extends ReasonedError<WatchErrorReason> {
  static override readonly brand: string = '@kubekit/rest/WatchError';

  /** For `MalformedFrame`: the offending frame's length in characters. */
  readonly frameLength: number | undefined;

  constructor(
    reason: WatchErrorReason,
    message: string,
    options?: { cause?: unknown; frameLength?: number },
  ) {
    super(reason, message, options);
    this.frameLength = options?.frameLength;
  }
}
