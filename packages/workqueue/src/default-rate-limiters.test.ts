import type { RateLimiter } from './default-rate-limiters';
import {
  bucketRateLimiter,
  defaultControllerRateLimiter,
  defaultItemBasedRateLimiter,
  itemExponentialFailureRateLimiter,
  itemFastSlowRateLimiter,
  maxOfRateLimiter,
  withMaxWaitRateLimiter,
} from './default-rate-limiters';
import { newTokenBucket } from './token-bucket';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function whenTimes(limiter: RateLimiter, item: string, n: number): number[] {
  return Array.from({ length: n }, () => limiter.when(item));
}

function expectInvalid(make: () => unknown): void {
  expect(make).toThrow(expect.objectContaining({ reason: 'InvalidOptions' }));
}

describe('itemExponentialFailureRateLimiter', () => {
  it('doubles the delay per failure of an item, from the base delay', () => {
    const limiter = itemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 1000 });
    expect(whenTimes(limiter, 'a', 5)).toEqual([1, 2, 4, 8, 16]);
    expect(limiter.numRequeues('a')).toBe(5);
    expect(limiter.when('b')).toBe(1);
  });

  it('caps the delay, even after enough failures to overflow', () => {
    const limiter = itemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 1000 });
    const delays = whenTimes(limiter, 'a', 2000);
    expect(delays.slice(9, 12)).toEqual([512, 1000, 1000]);
    expect(delays.at(-1)).toBe(1000);
  });

  it('starts over after forget', () => {
    const limiter = itemExponentialFailureRateLimiter({ baseDelayMs: 3, maxDelayMs: 1000 });
    whenTimes(limiter, 'a', 3);
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
    expect(limiter.when('a')).toBe(3);
  });

  it('defaults to 5 ms doubling up to 1000 s; the item-based default starts at 1 ms', () => {
    expect(whenTimes(itemExponentialFailureRateLimiter(), 'a', 3)).toEqual([5, 10, 20]);
    expect(whenTimes(itemExponentialFailureRateLimiter(), 'a', 40).at(-1)).toBe(1_000_000);
    expect(whenTimes(defaultItemBasedRateLimiter(), 'a', 3)).toEqual([1, 2, 4]);
  });

  it('stays at zero with a zero base delay', () => {
    const limiter = itemExponentialFailureRateLimiter({ baseDelayMs: 0, maxDelayMs: 10 });
    expect(whenTimes(limiter, 'a', 1100).every((d) => d === 0)).toBe(true);
  });

  it('rejects a negative base or a cap below the base', () => {
    expectInvalid(() => itemExponentialFailureRateLimiter({ baseDelayMs: -1 }));
    expectInvalid(() => itemExponentialFailureRateLimiter({ baseDelayMs: 10, maxDelayMs: 5 }));
  });
});

describe('itemFastSlowRateLimiter', () => {
  it('retries fast for maxFastAttempts failures, then slow, per item', () => {
    const limiter = itemFastSlowRateLimiter({
      fastDelayMs: 5,
      slowDelayMs: 10_000,
      maxFastAttempts: 3,
    });
    expect(whenTimes(limiter, 'a', 5)).toEqual([5, 5, 5, 10_000, 10_000]);
    expect(limiter.numRequeues('a')).toBe(5);
    expect(limiter.when('b')).toBe(5);
    limiter.forget('a');
    expect(limiter.when('a')).toBe(5);
  });

  it('rejects negative delays and non-integer attempt counts', () => {
    expectInvalid(() =>
      itemFastSlowRateLimiter({ fastDelayMs: -1, slowDelayMs: 1, maxFastAttempts: 1 }),
    );
    expectInvalid(() =>
      itemFastSlowRateLimiter({ fastDelayMs: 1, slowDelayMs: 1, maxFastAttempts: 0.5 }),
    );
  });
});

describe('bucketRateLimiter', () => {
  it('lets `burst` retries through at once, then spaces them at qps across all items', () => {
    const limiter = bucketRateLimiter({ qps: 10, burst: 2 });
    expect(['a', 'b', 'c', 'd'].map((item) => limiter.when(item))).toEqual([0, 0, 100, 200]);
    jest.advanceTimersByTime(300);
    expect(limiter.when('e')).toBe(0);
  });

  it('tracks no items', () => {
    const limiter = bucketRateLimiter();
    limiter.when('a');
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
  });

  it('defaults to 10 qps with a burst of 100', () => {
    const limiter = bucketRateLimiter();
    const delays = Array.from({ length: 102 }, (_, i) => limiter.when(`k${i}`));
    expect(delays.slice(0, 100).every((d) => d === 0)).toBe(true);
    expect(delays.slice(100)).toEqual([100, 200]);
  });

  it('can share one bucket between limiters', () => {
    const bucket = newTokenBucket({ qps: 1, burst: 1 });
    bucketRateLimiter({ bucket }).when('a');
    expect(bucketRateLimiter({ bucket }).when('b')).toBe(1000);
  });
});

describe('maxOfRateLimiter', () => {
  it('returns the longest delay and the largest requeue count, and forgets in all', () => {
    const fast = itemFastSlowRateLimiter({ fastDelayMs: 3, slowDelayMs: 3, maxFastAttempts: 1 });
    const exp = itemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 100 });
    const limiter = maxOfRateLimiter(fast, exp);
    expect(whenTimes(limiter, 'a', 4)).toEqual([3, 3, 4, 8]);
    expect(limiter.numRequeues('a')).toBe(4);
    limiter.forget('a');
    expect(fast.numRequeues('a')).toBe(0);
    expect(exp.numRequeues('a')).toBe(0);
  });

  it('returns zero with no limiters', () => {
    expect(maxOfRateLimiter().when('a')).toBe(0);
  });
});

describe('withMaxWaitRateLimiter', () => {
  it('caps the delays of the limiter it wraps and forwards the rest', () => {
    const inner = itemExponentialFailureRateLimiter({ baseDelayMs: 10, maxDelayMs: 10_000 });
    const limiter = withMaxWaitRateLimiter({ limiter: inner, maxDelayMs: 25 });
    expect(whenTimes(limiter, 'a', 4)).toEqual([10, 20, 25, 25]);
    expect(limiter.numRequeues('a')).toBe(4);
    limiter.forget('a');
    expect(inner.numRequeues('a')).toBe(0);
  });

  it('rejects a negative cap', () => {
    expectInvalid(() =>
      withMaxWaitRateLimiter({ limiter: defaultItemBasedRateLimiter(), maxDelayMs: -1 }),
    );
  });
});

describe('defaultControllerRateLimiter', () => {
  it('is per-item exponential from 5 ms under an overall 10 qps / burst 100 bucket', () => {
    const limiter = defaultControllerRateLimiter();
    expect(whenTimes(limiter, 'a', 3)).toEqual([5, 10, 20]);
    for (let i = 0; i < 97; i++) limiter.when(`k${i}`);
    // 100 tokens spent: the bucket now dominates the 5 ms first-failure delay.
    expect(limiter.when('fresh')).toBe(100);
    expect(limiter.numRequeues('a')).toBe(3);
    limiter.forget('a');
    expect(limiter.numRequeues('a')).toBe(0);
  });
});
