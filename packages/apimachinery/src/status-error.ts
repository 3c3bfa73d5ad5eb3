import { KubekitError } from './kubekit-error';
import type { Status } from './meta';

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
