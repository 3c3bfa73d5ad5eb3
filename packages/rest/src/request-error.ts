import { KubekitError } from '@kubekit/apimachinery';

/** Why a request failed without an HTTP error status; see {@link RequestError.reason}. */
export type RequestErrorReason =
  /** The connection could not be made or broke (refused, reset, TLS failure, DNS). `cause` has the detail. */
  | 'ConnectionFailed'
  /** The request's timeout elapsed (retries included). */
  | 'Timeout'
  /** The server answered 2xx with a body that is not the expected JSON. */
  | 'InvalidResponse'
  /** The request itself is invalid (e.g. a name containing `/`); nothing was sent. */
  | 'InvalidRequest';

/**
 * A request failed for a reason other than an API error status (those are `StatusError`).
 * An abort through the caller's AbortSignal is not a RequestError: the request rejects with the
 * signal's reason (an AbortError), as fetch does.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/rest/request.go
 */
export class RequestError extends KubekitError {
  static override readonly brand: string = '@kubekit/rest/RequestError';

  /** What went wrong. */
  readonly reason: RequestErrorReason;
  /** The HTTP method. */
  readonly method: string;
  /** The request URL (without credentials). */
  readonly url: string;

  constructor(
    reason: RequestErrorReason,
    message: string,
    request: { method: string; url: string },
    options?: { cause?: unknown },
  ) {
    super(`${request.method} ${request.url}: ${message}`, options);
    this.reason = reason;
    this.method = request.method;
    this.url = request.url;
  }
}
