import type { Clock } from './clock';
import type { TokenBucket } from './token-bucket';
import { newTokenBucket } from './token-bucket';
import { checkOption } from './workqueue-error';

/**
 * Decides how long an item waits before it is retried.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go
 */
export interface RateLimiter<T = string> {
  /** Records a failure of `item` and returns how many milliseconds it should wait. */
  when(item: T): number;
  /** Stops tracking `item` (it succeeded, or was given up on). Call after every success. */
  forget(item: T): void;
  /** How many failures of `item` are being tracked. */
  numRequeues(item: T): number;
}

/** Options of {@link itemExponentialFailureRateLimiter}. */
export interface ItemExponentialFailureOptions {
  /** Delay after the first failure, in ms; default 5 (client-go's controller default). */
  baseDelayMs?: number;
  /** Largest delay, in ms; default 1,000,000 (1000 s). */
  maxDelayMs?: number;
}

/**
 * Per-item exponential backoff: `baseDelayMs * 2^failures`, capped at `maxDelayMs`.
 *
 * @throws WorkqueueError `InvalidOptions` for a negative delay or `maxDelayMs < baseDelayMs`.
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go
 */
export function itemExponentialFailureRateLimiter<T = string>(
  options: ItemExponentialFailureOptions = {},
): RateLimiter<T> {
  const { baseDelayMs = 5, maxDelayMs = 1_000_000 } = options;
  checkOption(baseDelayMs >= 0, `baseDelayMs must be >= 0, got ${baseDelayMs}`);
  checkOption(maxDelayMs >= baseDelayMs, `maxDelayMs must be >= baseDelayMs, got ${maxDelayMs}`);
  return failureCountingLimiter<T>((failures) =>
    // 2 ** n becomes Infinity for large n; Math.min caps it (and a zero base stays zero).
    baseDelayMs === 0 ? 0 : Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1)),
  );
}

/** Options of {@link itemFastSlowRateLimiter}. */
export interface ItemFastSlowOptions {
  /** Delay of the first `maxFastAttempts` retries, in ms. */
  fastDelayMs: number;
  /** Delay of every later retry, in ms. */
  slowDelayMs: number;
  /** How many retries use the fast delay; an integer >= 0. */
  maxFastAttempts: number;
}

/**
 * Per-item: a quick retry for the first `maxFastAttempts` failures, a slow one after that.
 *
 * @throws WorkqueueError `InvalidOptions` for a negative delay or attempt count.
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go
 */
export function itemFastSlowRateLimiter<T = string>(options: ItemFastSlowOptions): RateLimiter<T> {
  const { fastDelayMs, slowDelayMs, maxFastAttempts } = options;
  checkOption(fastDelayMs >= 0 && slowDelayMs >= 0, 'fastDelayMs and slowDelayMs must be >= 0');
  checkOption(
    Number.isInteger(maxFastAttempts) && maxFastAttempts >= 0,
    `maxFastAttempts must be an integer >= 0, got ${maxFastAttempts}`,
  );
  return failureCountingLimiter<T>((failures) =>
    failures <= maxFastAttempts ? fastDelayMs : slowDelayMs,
  );
}

/** A limiter that counts failures per item and maps the count (1 for the first) to a delay. */
function failureCountingLimiter<T>(delayFor: (failures: number) => number): RateLimiter<T> {
  const failures = new Map<T, number>();
  return {
    when(item) {
      const count = (failures.get(item) ?? 0) + 1;
      failures.set(item, count);
      return delayFor(count);
    },
    forget(item) {
      failures.delete(item);
    },
    numRequeues(item) {
      return failures.get(item) ?? 0;
    },
  };
}

/** Options of {@link bucketRateLimiter}. */
export interface BucketRateLimiterOptions {
  /** Overall retry rate, per second; default 10. */
  qps?: number;
  /** Retries allowed at once before the rate applies; default 100. */
  burst?: number;
  /** Time source; defaults to the real clock. */
  clock?: Clock;
  /** A bucket to share with other limiters instead of `qps` / `burst` / `clock`. */
  bucket?: TokenBucket;
}

/**
 * An overall (not per-item) limit on retries: a token bucket, each `when` reserving one token.
 * Tracks no items: `numRequeues` is always 0.
 *
 * @throws WorkqueueError `InvalidOptions` as {@link newTokenBucket}.
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go
 */
export function bucketRateLimiter<T = string>(
  options: BucketRateLimiterOptions = {},
): RateLimiter<T> {
  const bucket =
    options.bucket ??
    newTokenBucket({ qps: options.qps ?? 10, burst: options.burst ?? 100, clock: options.clock });
  return {
    when: () => bucket.reserve().delay(),
    forget() {},
    numRequeues: () => 0,
  };
}

/**
 * Asks every limiter (each records the failure) and returns the longest delay; `numRequeues` is
 * the largest count and `forget` forgets in all. With a bucket limiter inside, the burst can
 * seem exceeded when some items were separately delayed longer.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go
 */
export function maxOfRateLimiter<T = string>(...limiters: RateLimiter<T>[]): RateLimiter<T> {
  return {
    when(item) {
      let delay = 0;
      for (const limiter of limiters) delay = Math.max(delay, limiter.when(item));
      return delay;
    },
    forget(item) {
      for (const limiter of limiters) limiter.forget(item);
    },
    numRequeues(item) {
      let count = 0;
      for (const limiter of limiters) count = Math.max(count, limiter.numRequeues(item));
      return count;
    },
  };
}

/** Options of {@link withMaxWaitRateLimiter}. */
export interface WithMaxWaitOptions<T> {
  /** The limiter whose delays are capped. */
  limiter: RateLimiter<T>;
  /** The longest delay returned, in ms. */
  maxDelayMs: number;
}

/**
 * Caps another limiter's delays at `maxDelayMs`.
 *
 * @throws WorkqueueError `InvalidOptions` when `maxDelayMs` is negative.
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go
 */
export function withMaxWaitRateLimiter<T = string>(options: WithMaxWaitOptions<T>): RateLimiter<T> {
  const { limiter, maxDelayMs } = options;
  checkOption(maxDelayMs >= 0, `maxDelayMs must be >= 0, got ${maxDelayMs}`);
  return {
    when: (item) => Math.min(maxDelayMs, limiter.when(item)),
    forget: (item) => limiter.forget(item),
    numRequeues: (item) => limiter.numRequeues(item),
  };
}

/** Options of {@link defaultControllerRateLimiter}. */
export interface DefaultControllerRateLimiterOptions {
  /** Time source of the token bucket; defaults to the real clock. */
  clock?: Clock;
}

/**
 * client-go's default for controllers: the maximum of per-item exponential backoff (5 ms base,
 * 1000 s cap) and an overall token bucket (10 qps, burst 100) on retries.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go
 */
export function defaultControllerRateLimiter<T = string>(
  options: DefaultControllerRateLimiterOptions = {},
): RateLimiter<T> {
  return maxOfRateLimiter<T>(
    itemExponentialFailureRateLimiter<T>({ baseDelayMs: 5, maxDelayMs: 1_000_000 }),
    bucketRateLimiter<T>({ qps: 10, burst: 100, clock: options.clock }),
  );
}

/**
 * client-go's default per-item limiter: exponential backoff from 1 ms, capped at 1000 s.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/default_rate_limiters.go
 */
export function defaultItemBasedRateLimiter<T = string>(): RateLimiter<T> {
  return itemExponentialFailureRateLimiter<T>({ baseDelayMs: 1, maxDelayMs: 1_000_000 });
}
