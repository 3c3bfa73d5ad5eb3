import { FakeClock } from '@kubekit/apimachinery';
import { TokenBucketRateLimiter } from './token-bucket';

const flush = () => new Promise((r) => setImmediate(r));

describe('TokenBucketRateLimiter', () => {
  it('admits a burst at once, then one token per 1/qps seconds in FIFO order', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ qps: 10, burst: 2, clock });
    const order: number[] = [];
    const waits = [0, 1, 2, 3].map((i) => limiter.wait().then(() => order.push(i)));
    await flush();
    expect(order).toEqual([0, 1]);
    expect(clock.waiters()).toBe(2);
    clock.step(99);
    await flush();
    expect(order).toEqual([0, 1]);
    clock.step(1);
    await flush();
    expect(order).toEqual([0, 1, 2]);
    clock.step(100);
    await Promise.all(waits);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('refills up to burst while idle, never more', () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ qps: 1, burst: 3, clock });
    for (let i = 0; i < 3; i++) expect(limiter.tryAccept()).toBe(true);
    expect(limiter.tryAccept()).toBe(false);
    clock.step(999);
    expect(limiter.tryAccept()).toBe(false);
    clock.step(1);
    expect(limiter.tryAccept()).toBe(true);
    clock.step(60_000);
    for (let i = 0; i < 3; i++) expect(limiter.tryAccept()).toBe(true);
    expect(limiter.tryAccept()).toBe(false);
  });

  it('gives the token back when an aborted wait leaves the queue', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ qps: 1, burst: 1, clock });
    await limiter.wait();
    const ac = new AbortController();
    const aborted = limiter.wait(ac.signal);
    ac.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.waiters()).toBe(0);
    clock.step(1000);
    expect(limiter.tryAccept()).toBe(true);
    expect(limiter.tryAccept()).toBe(false);
  });

  it('validates qps and burst', () => {
    expect(() => new TokenBucketRateLimiter({ qps: 0, burst: 1 })).toThrow(
      /qps must be a positive/,
    );
    expect(() => new TokenBucketRateLimiter({ qps: 1, burst: 0 })).toThrow(/burst must be >= 1/);
  });
});
