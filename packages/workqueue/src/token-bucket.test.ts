import { newTokenBucket } from './token-bucket';
import { WorkqueueError } from './workqueue-error';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('newTokenBucket', () => {
  it('starts full: the first `burst` reservations need no wait', () => {
    const bucket = newTokenBucket({ qps: 10, burst: 3 });
    expect([1, 2, 3].map(() => bucket.reserve().delay())).toEqual([0, 0, 0]);
    expect(bucket.tokens()).toBe(0);
  });

  it('spaces reservations taken from an empty bucket 1000/qps ms apart', () => {
    const bucket = newTokenBucket({ qps: 10, burst: 1 });
    bucket.reserve();
    expect([1, 2, 3].map(() => bucket.reserve().delay())).toEqual([100, 200, 300]);
    expect(bucket.tokens()).toBe(-3);
  });

  it('counts a reservation down as the clock moves', () => {
    const bucket = newTokenBucket({ qps: 4, burst: 1 });
    bucket.reserve();
    const reservation = bucket.reserve();
    expect(reservation.delay()).toBe(250);
    jest.advanceTimersByTime(100);
    expect(reservation.delay()).toBe(150);
    jest.advanceTimersByTime(1000);
    expect(reservation.delay()).toBe(0);
    expect(reservation.timeToAct).toBe(Date.now() - 1100 + 250);
  });

  it('refills at qps, never above burst', () => {
    const bucket = newTokenBucket({ qps: 10, burst: 5 });
    for (let i = 0; i < 5; i++) bucket.reserve();
    jest.advanceTimersByTime(200);
    expect(bucket.tokens()).toBeCloseTo(2);
    jest.advanceTimersByTime(60_000);
    expect(bucket.tokens()).toBe(5);
  });

  it('mints no tokens when the clock goes backwards', () => {
    const bucket = newTokenBucket({ qps: 10, burst: 2 });
    bucket.reserve();
    bucket.reserve();
    jest.setSystemTime(Date.now() - 10_000);
    expect(bucket.tokens()).toBe(0);
    jest.advanceTimersByTime(100);
    expect(bucket.tokens()).toBeCloseTo(1);
  });

  it('never delays with an infinite rate', () => {
    const bucket = newTokenBucket({ qps: Infinity, burst: 1 });
    for (let i = 0; i < 1000; i++) expect(bucket.reserve().delay()).toBe(0);
  });

  it.each([
    { qps: 0, burst: 1 },
    { qps: -1, burst: 1 },
    { qps: Number.NaN, burst: 1 },
    { qps: 10, burst: 0 },
    { qps: 10, burst: 1.5 },
  ])('rejects invalid options %p', (options) => {
    expect(() => newTokenBucket(options)).toThrow(
      expect.objectContaining({ reason: 'InvalidOptions', name: 'WorkqueueError' }),
    );
    try {
      newTokenBucket(options);
    } catch (err) {
      expect(WorkqueueError.isInstance(err)).toBe(true);
    }
  });
});
