import { ReasonedError } from '@kubekit/apimachinery';

/** Why a request failed without an HTTP error status; see {@link RequestError.reason}. */
export type RequestErrorReason =
  /** Nothing listens at the server's address (ECONNREFUSED). `cause` is the OS error (code, syscall, address, port). */
  | 'ConnectionRefused'
  /** The server's host name did not resolve (ENOTFOUND, EAI_AGAIN, ...). `cause` is the OS error (code, syscall, hostname). */
  | 'DNSFailed'
  /** The TLS handshake failed: the server certificate is not trusted or does not match, or the server does not speak TLS. `cause` has the OpenSSL code. */
  | 'TLSFailed'
  /** The connection could not be made otherwise, or broke (reset, closed mid-request, connect timeout). `cause` has the detail. */
  | 'ConnectionFailed'
  /**
   * The request's timeout elapsed (retries included). When an attempt had failed before, the
   * message names its error and `cause` is it.
   */
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
 * Transport failures are reported when they happen: a refused connection, a DNS or a TLS failure
 * fails the request at once with its own reason (never retried inside the request, as
 * client-go), so a closed port fails in milliseconds, not at the end of the timeout.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/rest/request.go
 */
export class RequestError extends ReasonedError<RequestErrorReason> {
  static override readonly brand: string = '@kubekit/rest/RequestError';

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
    super(reason, `${request.method} ${request.url}: ${message}`, options);
    this.method = request.method;
    this.url = request.url;
  }
}
