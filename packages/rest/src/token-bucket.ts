import { ConfigError } from './config-error';
import { abortError, realClock, type Clock } from '@kubekit/apimachinery';

/** Options of {@link TokenBucketRateLimiter}. */
export interface TokenBucketOptions {
  /** Tokens added per second (sustained requests per second); > 0. */
  qps: number;
  /** Bucket size: how many requests may go at once after a quiet period; >= 1. */
  burst: number;
  /** Time source (only its reading and timers are used); the real clock by default. */
  clock?: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
}

/**
 * A client-side rate limiter: a bucket of `burst` tokens refilled at `qps` per second. Every
 * request (and every retry) takes one token; when the bucket is empty the request waits for the
 * next token in FIFO order.
 *
 * Guarantees: over any window of T seconds at most `burst + qps * T` requests start; waiters are
 * served in arrival order; an aborted wait gives its token back and rejects with the signal's
 * reason (an AbortError) without leaking its listener.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/flowcontrol/throttle.go
 */
export class TokenBucketRateLimiter {
  readonly qps: number;
  readonly burst: number;
  readonly #clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** Tokens available at `#last`; negative when waiters have reserved future tokens. */
  #tokens: number;
  #last: number;

  constructor(options: TokenBucketOptions) {
    const { qps, burst } = options;
    if (!(qps > 0) || !Number.isFinite(qps))
      throw new ConfigError('Invalid', `qps must be a positive finite number, got ${qps}`, {
        field: 'qps',
      });
    if (!(burst >= 1) || !Number.isFinite(burst))
      throw new ConfigError('Invalid', `burst must be >= 1, got ${burst}`, { field: 'burst' });
    this.qps = qps;
    this.burst = Math.floor(burst);
    this.#clock = options.clock ?? realClock;
    this.#tokens = this.burst;
    this.#last = this.#clock.now();
  }

  #advance(): void {
    const now = this.#clock.now();
    if (now > this.#last) {
      this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) * this.qps) / 1000);
      this.#last = now;
    }
  }

  /** Takes a token if one is available now, without waiting. */
  tryAccept(): boolean {
    this.#advance();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * Resolves once a token is taken. Rejects with the signal's reason if it aborts first (the
   * reserved token is returned to the bucket).
   */
  wait(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    this.#advance();
    this.#tokens -= 1;
    if (this.#tokens >= 0) return Promise.resolve();
    const delayMs = Math.ceil((-this.#tokens * 1000) / this.qps);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#clock.clearTimeout(timer);
        this.#tokens += 1;
        reject(abortError(signal));
      };
      const timer = this.#clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delayMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
