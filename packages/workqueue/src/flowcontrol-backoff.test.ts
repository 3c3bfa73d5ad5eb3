import type { Clock } from './clock';
import { newKeyedBackoff } from './flowcontrol-backoff';

/** A clock that only moves when stepped (client-go's testingclock.FakeClock). */
function fakeClock(start = 1_000_000): Clock & { step(ms: number): void; set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    setTimeout: () => undefined,
    clearTimeout: () => {},
    step: (ms) => void (now += ms),
    set: (ms) => void (now = ms),
  };
}

const second = 1_000;

describe('newKeyedBackoff (client-go flowcontrol.Backoff)', () => {
  it('TestSlowBackoff: doubles from the initial backoff up to the cap, and Reset clears it', () => {
    const clock = fakeClock();
    const b = newKeyedBackoff({ initialMs: second, maxMs: 50 * second, clock });
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      clock.step(second);
      seen.push(b.get('_idSlow') / second);
      b.next('_idSlow', clock.now());
    }
    expect(seen).toEqual([0, 1, 2, 4, 8, 16, 32, 50, 50, 50]);
    b.next('_idSlow', clock.now());
    b.reset('_idSlow');
    expect(b.get('_idSlow')).toBe(0);
    expect(b.size).toBe(0);
  });

  /** Steps `maxMs / step + 1` times, calling next each time: the backoff reaches `maxMs`. */
  function toHighWaterMark(
    maxMs: number,
    hasExpired?: (e: number, l: number, m: number) => boolean,
  ) {
    const clock = fakeClock();
    const b = newKeyedBackoff({
      initialMs: second,
      maxMs,
      clock,
      ...(hasExpired ? { hasExpired } : {}),
    });
    for (let i = 0; i <= maxMs / second; i++) {
      clock.step(second);
      b.next('id', clock.now());
    }
    expect(b.get('id')).toBe(maxMs);
    return { clock, b };
  }

  it('TestBackoffReset: a key is no longer in backoff once 2 * max passed since its last update', () => {
    const { clock, b } = toHighWaterMark(5 * second);
    expect(b.isInBackOffSince('id', clock.now())).toBe(true);
    const lastUpdate = clock.now();
    clock.step(2 * 5 * second + second);
    expect(b.isInBackOffSince('id', lastUpdate)).toBe(false);
  });

  it('TestBackoffHighWaterMark: next within 2 * max keeps the backoff at the cap', () => {
    const { clock, b } = toHighWaterMark(5 * second);
    clock.step(5 * second + second);
    b.next('id', clock.now());
    expect(b.get('id')).toBe(5 * second);
  });

  it('starts again from the initial backoff after it expired', () => {
    const { clock, b } = toHighWaterMark(5 * second);
    clock.step(2 * 5 * second + 1);
    b.next('id', clock.now());
    expect(b.get('id')).toBe(second);
  });

  it('TestBackoffGC: GC keeps an entry until 2 * max passed since its last update', () => {
    const { clock, b } = toHighWaterMark(5 * second);
    clock.step(5 * second + second);
    b.gc();
    expect(b.get('id')).toBe(5 * second);
    clock.step(5 * second + second);
    b.gc();
    expect(b.get('id')).toBe(0);
    expect(b.size).toBe(0);
  });

  it('TestAlternateBackoffGC: a custom hasExpired decides what GC removes', () => {
    const { clock, b } = toHighWaterMark(
      5 * second,
      (eventTime, lastUpdate, maxMs) => eventTime - lastUpdate > maxMs,
    );
    clock.step(5 * second - second);
    b.gc();
    expect(b.size).toBe(1);
    clock.step(2 * second);
    b.gc();
    expect(b.size).toBe(0);
  });

  it('TestIsInBackOffSinceUpdate: in backoff while less than the backoff passed since the last update', () => {
    const clock = fakeClock(0);
    const b = newKeyedBackoff({ initialMs: second, maxMs: 10 * second, clock });
    // [tick, in backoff, backoff (s) while in it]; next() is called at every tick not in backoff
    const cases: [number, boolean, number][] = [
      [0, false, 0],
      [1, false, 1],
      [2, true, 2],
      [3, false, 2],
      [4, true, 4],
      [6, true, 4],
      [7, false, 4],
      [8, true, 8],
      [14, true, 8],
      [15, false, 8],
      [16, true, 10],
      [24, true, 10],
      [25, false, 10],
      [26, true, 10],
      // 2 * max after the last update (25 s): expired, so not in backoff, and it starts over
      [46, false, 0],
      [47, false, 0],
      [48, true, 2],
    ];
    for (const [tick, inBackOff, value] of cases) {
      clock.set(tick * second);
      expect([tick, b.isInBackOffSinceUpdate('id', clock.now())]).toEqual([tick, inBackOff]);
      if (inBackOff) expect([tick, b.get('id')]).toEqual([tick, value * second]);
      else b.next('id', clock.now());
    }
  });

  it('TestBackoffWithJitter: each step adds up to maxJitterFactor of the previous backoff', () => {
    const clock = fakeClock();
    const randoms = [0.9, 0.1, 0.5, 0.99, 0, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6];
    let r = 0;
    const initialMs = 100;
    const maxMs = 60 * second;
    const b = newKeyedBackoff({
      initialMs,
      maxMs,
      maxJitterFactor: 0.1,
      clock,
      random: () => randoms[r++ % randoms.length]!,
    });
    expect(b.get('id')).toBe(0);
    let previous = initialMs;
    for (let attempt = 0; attempt <= 10; attempt++) {
      clock.step(initialMs);
      b.next('id', clock.now());
      const delay = b.get('id');
      const factor = attempt === 0 ? 1 : 2;
      const low = previous * factor;
      if (delay !== maxMs) {
        expect(delay).toBeGreaterThanOrEqual(low);
        expect(delay).toBeLessThanOrEqual(low + 0.1 * previous);
      }
      previous = delay;
    }
    expect(previous).toBe(maxMs);
  });

  it('rejects options it cannot work with', () => {
    for (const bad of [
      { initialMs: -1, maxMs: 1 },
      { initialMs: 10, maxMs: 5 },
      { initialMs: 1, maxMs: 5, maxJitterFactor: -0.5 },
    ])
      expect(() => newKeyedBackoff(bad)).toThrow(
        expect.objectContaining({ reason: 'InvalidOptions' }),
      );
  });
});
