/**
 * The options of a {@link RESTClient} beyond its {@link RestConfig}.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/rest/client.go
 * @packageDocumentation
 */
import type { BackoffOptions, Clock, GroupVersion } from '@kubekit/apimachinery';
import type { HttpTransport } from './http-transport';

/** Anything that admits requests one at a time: {@link TokenBucketRateLimiter} or your own. */
export interface RateLimiter {
  /** Resolves when the next request may go; rejects with the signal's reason on abort. */
  wait(signal?: AbortSignal): Promise<void>;
}

/** Options of {@link RESTClient} beyond the {@link RestConfig}. */
export interface RESTClientOptions {
  /** The group and version requests use unless they name another. Default: core `v1`. */
  groupVersion?: GroupVersion;
  /**
   * The rate limiter; default a token bucket from the config's qps / burst. Pass one limiter to
   * several clients to share a budget; `null` disables client-side limiting.
   */
  rateLimiter?: RateLimiter | null;
  /** Time source for timeouts, retry waits, rate limiting and token files. Default: real time. */
  clock?: Clock;
  /**
   * The backoff between retries when the server gave no Retry-After. Default 500 ms doubling
   * up to 10 s with 20 % jitter.
   */
  retryBackoff?: BackoffOptions;
  /**
   * Sends the requests instead of the client's own undici pool (e.g. an in-process server);
   * TLS settings of the config then do not apply. Default: one keep-alive pool to `server`.
   */
  transport?: HttpTransport | undefined;
}
