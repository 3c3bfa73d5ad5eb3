/**
 * When a failed attempt is repeated, and after how long: client-go's rest.Request rules
 * (with_retry.go), extended to safe requests answered 429/502/503/504 without Retry-After.
 *
 * - Any verb: a 429 or 5xx response carrying Retry-After (the server asks for a retry; it did not
 *   act on the request) waits the given seconds. A refused connection (nothing was sent) too.
 * - GET / HEAD only: a connection reset or closed mid-request, and a 429, 502, 503 or 504 response
 *   without Retry-After, wait an exponential backoff.
 * - Never: 500 without Retry-After, other 4xx, TLS failures.
 */

/** The backoff between attempts when the server gave no Retry-After. */
export interface RetryBackoff {
  initialMs: number;
  factor: number;
  maxMs: number;
  /** Each delay is multiplied by a random factor in [1, 1 + jitter). */
  jitter: number;
}

export const defaultRetryBackoff: RetryBackoff = {
  initialMs: 500,
  factor: 2,
  maxMs: 10_000,
  jitter: 0.2,
};

const safeMethods = new Set(['GET', 'HEAD']);
const safeRetryStatuses = new Set([429, 502, 503, 504]);
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']);
const notSentCodes = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT']);

/** Seconds in a Retry-After header (delta-seconds or an HTTP date); undefined when absent or bad. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowMs: number,
): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

function backoffMs(attempt: number, b: RetryBackoff): number {
  const base = Math.min(b.maxMs, b.initialMs * b.factor ** attempt);
  return Math.round(base * (1 + Math.random() * b.jitter));
}

/** The error code of a network failure, looking through `cause` chains. */
export function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * The delay before retrying attempt number `attempt` (0-based), or undefined when the failure
 * must not be retried.
 */
export function retryDelayMs(
  attempt: number,
  failure: { method: string; statusCode?: number; retryAfterSeconds?: number; error?: unknown },
  backoff: RetryBackoff,
): number | undefined {
  const safe = safeMethods.has(failure.method);
  if (failure.error !== undefined) {
    const code = errorCode(failure.error);
    if (code === undefined) return undefined;
    if (notSentCodes.has(code) || (safe && resetCodes.has(code)))
      return backoffMs(attempt, backoff);
    return undefined;
  }
  const status = failure.statusCode ?? 0;
  if (status !== 429 && status < 500) return undefined;
  if (failure.retryAfterSeconds !== undefined) return failure.retryAfterSeconds * 1000;
  if (safe && safeRetryStatuses.has(status)) return backoffMs(attempt, backoff);
  return undefined;
}
