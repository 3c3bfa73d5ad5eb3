import { Backoff, type BackoffOptions, type Clock } from '@kubekit/apimachinery';
import type { RetryAttempt } from '../request';
import { isProbableEOF } from './net-errors';

/**
 * When a failed attempt is repeated, and after how long: client-go's rest.Request rules
 * (with_retry.go), extended to safe requests answered 429/502/503/504 without Retry-After.
 *
 * - Any verb: a 429 or 5xx response carrying Retry-After (the server asks for a retry; it did not
 *   act on the request) waits the given seconds.
 * - GET / HEAD only: a connection reset or closed mid-request (except for a stream(), which as
 *   client-go's Stream never repeats a transport failure), and a 429, 502, 503 or 504 response
 *   without Retry-After, wait an exponential backoff.
 * - Never: a refused connection, a DNS or TLS failure, a connect timeout (as client-go: the
 *   server is not there, and waiting inside one request would hide it; callers that loop, like
 *   the Reflector, back off themselves), 500 without Retry-After, other 4xx.
 */

/** The backoff between attempts when the server gave no Retry-After: 0.5 s doubling to 10 s, +20 % jitter. */
export const defaultRetryBackoff: BackoffOptions = {
  duration: 500,
  factor: 2,
  jitter: 0.2,
  steps: Infinity,
  cap: 10_000,
};

const safeMethods = new Set(['GET', 'HEAD']);
const safeRetryStatuses = new Set([429, 502, 503, 504]);

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

/**
 * The delay before retrying a failed attempt, or undefined when the failure must not be
 * retried. `backoff` (one per request) gives the delays when the server named none.
 */
function retryDelayMs(failure: Failure, backoff: Backoff): number | undefined {
  const safe = safeMethods.has(failure.method);
  if (failure.error !== undefined) {
    return safe && isProbableEOF(failure.error) ? backoff.step() : undefined;
  }
  const status = failure.statusCode ?? 0;
  if (status !== 429 && status < 500) return undefined;
  if (failure.retryAfterSeconds !== undefined) return failure.retryAfterSeconds * 1000;
  if (safe && safeRetryStatuses.has(status)) return backoff.step();
  return undefined;
}

/** A failed attempt, as {@link RetryBudget.next} judges it. */
export interface Failure {
  method: string;
  statusCode?: number;
  retryAfterSeconds?: number;
  /** The network error, when no response arrived. */
  error?: unknown;
}

/** The retries one request has left, and the backoff between them. */
export class RetryBudget {
  #left: number;
  readonly #max: number;
  readonly #options: BackoffOptions;
  #backoff: Backoff | undefined;

  constructor(maxRetries: number, backoff: BackoffOptions) {
    this.#left = maxRetries;
    this.#max = maxRetries;
    this.#options = backoff;
  }

  /** Retries used so far. */
  get used(): number {
    return this.#max - this.#left;
  }

  /** The delay before retrying after `failure` (using up one retry), or undefined: give up. */
  next(failure: Failure): number | undefined {
    if (this.#left <= 0) return undefined;
    this.#backoff ??= new Backoff(this.#options);
    const delay = retryDelayMs(failure, this.#backoff);
    if (delay !== undefined) this.#left--;
    return delay;
  }
}

/**
 * Tells `onRetry` of a failed attempt about to be retried (a throwing listener is ignored),
 * then waits the attempt's delay on `clock`; `request.signal` (read only now) ends the wait.
 */
export async function waitToRetry(
  clock: Clock,
  onRetry: ((attempt: RetryAttempt) => void) | undefined,
  attempt: RetryAttempt,
  request: { readonly signal: AbortSignal | undefined },
): Promise<void> {
  try {
    onRetry?.(attempt);
  } catch {
    // a listener's bug must not fail the request
  }
  await clock.sleep(attempt.delayMs, request.signal);
}
