import { KubekitError } from './kubekit-error';
import { StatusReason, type Status } from './meta';

/**
 * An error the API server answered with: carries the server's {@link Status} (code, reason,
 * message, details) unchanged. Every API error kubekit surfaces is a StatusError, including
 * non-JSON error bodies (reason derived from the HTTP code) and watch `ERROR` events.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/errors/errors.go
 */
export class StatusError extends KubekitError {
  static override readonly brand: string = '@kubekit/apimachinery/StatusError';

  /** The Status exactly as the server sent it (code and status always filled in). */
  readonly status: Status;

  constructor(status: Status, options?: { cause?: unknown }) {
    const code = status.code ?? 500;
    super(
      status.message ||
        `the server responded with HTTP ${code}${status.reason ? ` (${status.reason})` : ''}`,
      options,
    );
    this.status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      ...status,
      code,
    };
  }

  /** The HTTP status code. */
  get code(): number {
    return this.status.code ?? 500;
  }

  /** The machine-readable reason (`NotFound`, `Conflict`, ...), or `''` when the server gave none. */
  get reason(): string {
    return this.status.reason ?? '';
  }

  /** Seconds the server asked the client to wait before retrying, if it said. */
  get retryAfterSeconds(): number | undefined {
    return this.status.details?.retryAfterSeconds;
  }
}

const reasonForCode: Record<number, string> = {
  400: StatusReason.BadRequest,
  401: StatusReason.Unauthorized,
  403: StatusReason.Forbidden,
  404: StatusReason.NotFound,
  405: StatusReason.MethodNotAllowed,
  406: StatusReason.NotAcceptable,
  409: StatusReason.Conflict,
  410: StatusReason.Gone,
  413: StatusReason.RequestEntityTooLarge,
  415: StatusReason.UnsupportedMediaType,
  422: StatusReason.Invalid,
  429: StatusReason.TooManyRequests,
  500: StatusReason.InternalError,
  503: StatusReason.ServiceUnavailable,
  504: StatusReason.Timeout,
};

/** The reason client-go infers for an HTTP code when the body carries no Status. */
export function reasonForHttpCode(code: number): string {
  return reasonForCode[code] ?? StatusReason.Unknown;
}

/**
 * Builds the StatusError for an HTTP error response: the body's Status when it is one, otherwise
 * a Status synthesised from the code with the body text as message. `retryAfterSeconds` (from a
 * Retry-After header) is added to the details when the body did not give it.
 */
export function statusErrorFromResponse(
  code: number,
  body: string,
  retryAfterSeconds?: number,
): StatusError {
  let status: Status | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && (parsed as Status).kind === 'Status')
      status = parsed as Status;
  } catch {
    // not JSON: fall through to a synthesised Status
  }
  if (!status) {
    const text = body.trim();
    status = {
      status: 'Failure',
      code,
      reason: reasonForHttpCode(code),
      message: text
        ? `the server responded with HTTP ${code}: ${text.slice(0, 1024)}`
        : `the server responded with HTTP ${code}`,
    };
  }
  status.code ??= code;
  if (retryAfterSeconds !== undefined && status.details?.retryAfterSeconds === undefined) {
    status.details = { ...status.details, retryAfterSeconds };
  }
  return new StatusError(status);
}
