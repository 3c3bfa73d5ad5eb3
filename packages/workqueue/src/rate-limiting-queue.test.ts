import {
  itemExponentialFailureRateLimiter,
  itemFastSlowRateLimiter,
} from './default-rate-limiters';
import { newDelayingQueue } from './delaying-queue';
import { newRateLimitingQueue } from './rate-limiting-queue';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('RateLimitingQueue', () => {
  it('delays each requeue as the rate limiter says, and forget resets it', () => {
    const queue = newRateLimitingQueue({
      rateLimiter: itemExponentialFailureRateLimiter({ baseDelayMs: 10, maxDelayMs: 1000 }),
    });
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    expect(queue.numRequeues('a')).toBe(2);
    jest.advanceTimersByTime(9);
    expect(queue.len()).toBe(0);
    jest.advanceTimersByTime(1); // the earliest ready time (10 ms) wins over 20 ms
    expect(queue.len()).toBe(1);
    queue.forget('a');
    expect(queue.numRequeues('a')).toBe(0);
  });

  it('uses the default controller rate limiter: 5 ms for a first failure', () => {
    const queue = newRateLimitingQueue();
    queue.addRateLimited('a');
    jest.advanceTimersByTime(4);
    expect(queue.len()).toBe(0);
    jest.advanceTimersByTime(1);
    expect(queue.len()).toBe(1);
  });

  it('neither counts failures nor queues once shutting down', () => {
    const queue = newRateLimitingQueue({
      rateLimiter: itemFastSlowRateLimiter({ fastDelayMs: 0, slowDelayMs: 0, maxFastAttempts: 1 }),
    });
    queue.shutDown();
    queue.addRateLimited('a');
    expect(queue.numRequeues('a')).toBe(0);
    expect(queue.len()).toBe(0);
  });

  it('wraps a given delaying queue', async () => {
    const delaying = newDelayingQueue();
    const queue = newRateLimitingQueue({ delayingQueue: delaying });
    queue.addAfter('a', 1);
    queue.add('b');
    jest.advanceTimersByTime(1);
    expect(delaying.len()).toBe(2);
    expect(await queue.get()).toEqual({ shutdown: false, item: 'b' });
    queue.done('b');
    queue.shutDown();
    expect(delaying.shuttingDown()).toBe(true);
    expect(await queue.get()).toEqual({ shutdown: false, item: 'a' });
  });
});
