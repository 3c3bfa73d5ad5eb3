import {
  StatusError,
  newInternalError,
  newServiceUnavailable,
  newTooManyRequests,
} from '@kubekit/apimachinery';

/** A rule failing a share of requests. */
export interface FailureRule {
  /** Fraction of matching requests to fail, 0..1 (applied deterministically: exactly every 1/share-th). */
  share: number;
  /** HTTP code to answer: 429 (with Retry-After), 500, 503 or 504. */
  code: 429 | 500 | 503 | 504;
  /** Retry-After seconds for 429 / 503 (default 1). */
  retryAfterSeconds?: number;
  /** Only requests for which this returns true count (default: every request). */
  match?: (req: { method: string; path: string }) => boolean;
  /** Stop failing after this many failures. */
  limit?: number;
}

/** The current fault settings; `FaultInjector` is the public face. */
export class FaultState {
  latencyMs = 0;
  private rule: FailureRule | undefined;
  private seen = 0;
  private failed = 0;

  setRule(rule: FailureRule | undefined): void {
    this.rule = rule;
    this.seen = 0;
    this.failed = 0;
  }

  /** The error to answer this request with, if the current rule fails it. */
  failureFor(method: string, path: string): StatusError | undefined {
    const rule = this.rule;
    if (!rule || (rule.match && !rule.match({ method, path }))) return undefined;
    if (rule.limit !== undefined && this.failed >= rule.limit) return undefined;
    this.seen++;
    if (Math.floor(this.seen * rule.share) <= Math.floor((this.seen - 1) * rule.share))
      return undefined;
    this.failed++;
    const retry = rule.retryAfterSeconds ?? 1;
    switch (rule.code) {
      case 429:
        return newTooManyRequests('Too many requests, please try again later.', retry);
      case 503: {
        const err = newServiceUnavailable('the server is currently unable to handle the request');
        return new StatusError({ ...err.status, details: { retryAfterSeconds: retry } });
      }
      case 504:
        return new StatusError({
          code: 504,
          reason: 'Timeout',
          message: 'Timeout: request did not complete within the allotted timeout',
          details: { retryAfterSeconds: retry },
        });
      default:
        return newInternalError('injected fault');
    }
  }
}
