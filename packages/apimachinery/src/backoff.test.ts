import { Backoff, exponentialBackoffManager, jitter, jitteredBackoffManager } from './backoff';
import { WaitOptionsError } from './wait-options-error';
import { FakeClock } from './fake-clock';

const steps = (b: { step(): number } | { next(): number }, n: number): number[] =>
  Array.from({ length: n }, () => ('step' in b ? b.step() : b.next()));

describe('Backoff.step', () => {
  it('grows by factor while steps remain, then stays', () => {
    const b = new Backoff({ duration: 10, factor: 2, steps: 3 });
    expect(steps(b, 6)).toEqual([10, 20, 40, 80, 80, 80]);
    expect(b.steps).toBe(0);
  });

  it('caps the duration and uses up the steps when the cap is reached', () => {
    const b = new Backoff({ duration: 10, factor: 3, steps: 10, cap: 50 });
    expect(steps(b, 5)).toEqual([10, 30, 50, 50, 50]);
    expect(b.steps).toBe(0);
  });

  it('is constant with factor 0 or without steps', () => {
    expect(steps(new Backoff({ duration: 7, steps: 5 }), 3)).toEqual([7, 7, 7]);
    expect(steps(new Backoff({ duration: 7, factor: 2 }), 3)).toEqual([7, 7, 7]);
  });

  it('jitters each delay by up to jitter * delay, also without steps', () => {
    const b = new Backoff({ duration: 100, factor: 2, jitter: 0.5, steps: 2, random: () => 0.5 });
    expect(steps(b, 3)).toEqual([125, 250, 500]);
  });

  it.each<[object, string]>([
    [{ duration: -1 }, 'duration'],
    [{ duration: NaN }, 'duration'],
    [{ duration: 1, factor: -2 }, 'factor'],
    [{ duration: 1, jitter: Infinity }, 'jitter'],
    [{ duration: 1, cap: -1 }, 'cap'],
    [{ duration: 1, steps: 1.5 }, 'steps'],
    [{ duration: 1, steps: -1 }, 'steps'],
  ])('rejects %j naming %s', (options, option) => {
    let err: unknown;
    try {
      new Backoff(options as never);
    } catch (e) {
      err = e;
    }
    expect(WaitOptionsError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ option, reason: 'InvalidOption' });
  });

  it('accepts infinite steps', () => {
    const b = new Backoff({ duration: 1, factor: 2, steps: Infinity });
    expect(steps(b, 4)).toEqual([1, 2, 4, 8]);
  });
});

describe('jitter', () => {
  it('adds up to maxFactor * duration, treating maxFactor <= 0 as 1', () => {
    expect(jitter(100, 0.1, () => 0)).toBe(100);
    expect(jitter(100, 0.1, () => 0.999)).toBeCloseTo(109.99);
    expect(jitter(100, 0, () => 0.5)).toBe(150);
    expect(jitter(100, -3, () => 0.5)).toBe(150);
    for (let i = 0; i < 100; i++) {
      const d = jitter(100, 0.2);
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThan(120);
    }
  });
});

describe('jitteredBackoffManager', () => {
  it('hands out the period, jittered when asked', () => {
    expect(steps(jitteredBackoffManager({ period: 50 }), 2)).toEqual([50, 50]);
    expect(jitteredBackoffManager({ period: 50, jitterFactor: 1, random: () => 0.5 }).next()).toBe(
      75,
    );
    expect(() => jitteredBackoffManager({ period: -1 })).toThrow(WaitOptionsError);
  });
});

describe('exponentialBackoffManager', () => {
  it("defaults to client-go's reflector backoff: 800ms doubling to 30s, jitter 1.0", () => {
    const clock = new FakeClock();
    const m = exponentialBackoffManager({ clock, random: () => 0 });
    expect(steps(m, 8)).toEqual([800, 1600, 3200, 6400, 12800, 25600, 30000, 30000]);
    const jittered = exponentialBackoffManager({ clock, random: () => 0.5 });
    expect(jittered.next()).toBe(1200);
  });

  it('starts over after a gap longer than resetAfter, not after a shorter one', () => {
    const clock = new FakeClock();
    const m = exponentialBackoffManager({
      clock,
      initial: 10,
      max: 1000,
      jitter: 0,
      resetAfter: 60,
    });
    expect(steps(m, 3)).toEqual([10, 20, 40]);
    clock.step(60);
    expect(m.next()).toBe(80);
    clock.step(61);
    expect(steps(m, 2)).toEqual([10, 20]);
  });
});
