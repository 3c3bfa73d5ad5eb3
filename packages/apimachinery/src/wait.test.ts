import { jitteredBackoffManager } from './backoff';
import { FakeClock } from './fake-clock';
import { backoffUntil, exponentialBackoff, jitterUntil, pollUntil } from './wait';
import { WaitTimeoutError } from './wait-timeout-error';
import { WaitOptionsError } from './wait-options-error';

/** Records at which fake times the condition/loop ran. */
function recorder(clock: FakeClock, doneAt = Infinity) {
  const times: number[] = [];
  const fn = (): boolean => {
    times.push(clock.now());
    return times.length >= doneAt;
  };
  return { times, fn };
}

describe('exponentialBackoff', () => {
  it('retries with growing delays until the condition holds', async () => {
    const clock = new FakeClock({ now: 0 });
    const { times, fn } = recorder(clock, 3);
    const done = exponentialBackoff({ duration: 10, factor: 2, steps: 5 }, fn, { clock });
    await clock.advance(1_000);
    await done;
    expect(times).toEqual([0, 10, 30]);
  });

  it('gives up with StepsExhausted after `steps` attempts without sleeping after the last', async () => {
    const clock = new FakeClock({ now: 0 });
    const { times, fn } = recorder(clock);
    const done = exponentialBackoff({ duration: 10, factor: 2, steps: 3 }, fn, { clock });
    const settled = done.catch((e: unknown) => e);
    await clock.advance(1_000);
    const err = await settled;
    expect(WaitTimeoutError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ reason: 'StepsExhausted', name: 'WaitTimeoutError' });
    expect(times).toEqual([0, 10, 30]);
    expect(clock.hasWaiters()).toBe(false);
  });

  it('does not run the condition at all with zero steps', async () => {
    const fn = jest.fn(() => true);
    await expect(exponentialBackoff({ duration: 1 }, fn)).rejects.toMatchObject({
      reason: 'StepsExhausted',
    });
    expect(fn).not.toHaveBeenCalled();
  });

  it('stops after the sleep that reaches the cap, as client-go does', async () => {
    const clock = new FakeClock({ now: 0 });
    const { times, fn } = recorder(clock);
    const settled = exponentialBackoff({ duration: 10, factor: 2, steps: 9, cap: 50 }, fn, {
      clock,
    }).catch((e: unknown) => e);
    await clock.advance(1_000);
    expect(await settled).toMatchObject({ reason: 'StepsExhausted' });
    expect(times).toEqual([0, 10, 30]);
  });

  it('propagates the condition error and does not mutate the given backoff', async () => {
    const backoff = { duration: 10, factor: 2, steps: 5 };
    await expect(
      exponentialBackoff(backoff, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(backoff).toEqual({ duration: 10, factor: 2, steps: 5 });
  });

  it('rejects with the abort reason and leaves no timer behind', async () => {
    const clock = new FakeClock();
    const ctrl = new AbortController();
    const done = exponentialBackoff({ duration: 10, steps: 5 }, () => false, {
      clock,
      signal: ctrl.signal,
    });
    expect(await clock.waitForWaiters(1)).toBe(true);
    ctrl.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.hasWaiters()).toBe(false);
    await expect(
      exponentialBackoff({ duration: 1, steps: 1 }, () => true, { signal: ctrl.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('jitterUntil / backoffUntil', () => {
  it('runs every period after the previous run ends (sliding) until aborted', async () => {
    const clock = new FakeClock({ now: 0 });
    const ctrl = new AbortController();
    const runs: number[] = [];
    const loop = jitterUntil(
      async () => {
        runs.push(clock.now());
        await clock.sleep(5); // a run that takes 5ms
      },
      { period: 10, clock, signal: ctrl.signal },
    );
    await clock.advance(50);
    expect(runs).toEqual([0, 15, 30, 45]);
    ctrl.abort();
    await loop;
    expect(clock.hasWaiters()).toBe(false);
  });

  it('counts the period from the start of each run when not sliding', async () => {
    const clock = new FakeClock({ now: 0 });
    const ctrl = new AbortController();
    const runs: number[] = [];
    const loop = jitterUntil(
      async () => {
        runs.push(clock.now());
        await clock.sleep(5);
      },
      { period: 10, sliding: false, clock, signal: ctrl.signal },
    );
    await clock.advance(45);
    expect(runs).toEqual([0, 10, 20, 30, 40]);
    ctrl.abort();
    await clock.advance(5);
    await loop;
    expect(clock.hasWaiters()).toBe(false);
  });

  it('jitters the period', async () => {
    const clock = new FakeClock({ now: 0 });
    const ctrl = new AbortController();
    const { times, fn } = recorder(clock);
    const loop = jitterUntil(fn, {
      period: 10,
      jitterFactor: 0.5,
      random: () => 1,
      clock,
      signal: ctrl.signal,
    });
    await clock.advance(50);
    expect(times).toEqual([0, 15, 30, 45]);
    ctrl.abort();
    await loop;
  });

  it('rejects with the first error without onError, keeps going with it', async () => {
    const clock = new FakeClock({ now: 0 });
    await expect(
      jitterUntil(
        () => {
          throw new Error('first');
        },
        { period: 10, clock },
      ),
    ).rejects.toThrow('first');

    const ctrl = new AbortController();
    const errors: unknown[] = [];
    let n = 0;
    const loop = backoffUntil(
      () => {
        n++;
        throw new Error(`run ${n}`);
      },
      {
        backoff: jitteredBackoffManager({ period: 10 }),
        clock,
        signal: ctrl.signal,
        onError: (e) => errors.push(e),
      },
    );
    await clock.advance(25);
    ctrl.abort();
    await loop;
    expect(errors.map((e) => (e as Error).message)).toEqual(['run 1', 'run 2', 'run 3']);
  });

  it('hands the signal to fn and ends quietly when fn fails because of the abort', async () => {
    const ctrl = new AbortController();
    const clock = new FakeClock();
    const loop = jitterUntil(
      (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      { period: 10, clock, signal: ctrl.signal },
    );
    ctrl.abort();
    await expect(loop).resolves.toBeUndefined();
  });

  it('does not run at all when already aborted', async () => {
    const fn = jest.fn();
    await jitterUntil(fn, { period: 1, signal: AbortSignal.abort() });
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('pollUntil', () => {
  it('checks every interval, first check after one interval by default', async () => {
    const clock = new FakeClock({ now: 0 });
    const { times, fn } = recorder(clock, 3);
    const done = pollUntil(fn, { interval: 10, clock });
    await clock.advance(100);
    await done;
    expect(times).toEqual([10, 20, 30]);
    expect(clock.hasWaiters()).toBe(false);
  });

  it('checks at once with immediate', async () => {
    const clock = new FakeClock({ now: 0 });
    const { times, fn } = recorder(clock, 1);
    await pollUntil(fn, { interval: 10, immediate: true, clock });
    expect(times).toEqual([0]);
  });

  it('times out with a Timeout WaitTimeoutError and aborts the check in flight', async () => {
    const clock = new FakeClock({ now: 0 });
    const seen: AbortSignal[] = [];
    const done = pollUntil(
      (signal) => {
        seen.push(signal);
        return false;
      },
      { interval: 10, timeout: 35, clock },
    );
    const settled = done.catch((e: unknown) => e);
    await clock.advance(100);
    const err = await settled;
    expect(WaitTimeoutError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({
      reason: 'Timeout',
      message: 'timed out waiting for the condition',
    });
    expect(seen).toHaveLength(3);
    expect(seen[0]?.aborted).toBe(true);
    expect(clock.hasWaiters()).toBe(false);
  });

  it('rejects with the abort reason (not a timeout) when the caller aborts', async () => {
    const clock = new FakeClock({ now: 0 });
    const ctrl = new AbortController();
    const remove = jest.spyOn(ctrl.signal, 'removeEventListener');
    const done = pollUntil(() => false, {
      interval: 10,
      timeout: 1_000,
      clock,
      signal: ctrl.signal,
    });
    await clock.advance(25);
    ctrl.abort();
    await expect(done).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.hasWaiters()).toBe(false);

    const ok = new AbortController();
    const okRemove = jest.spyOn(ok.signal, 'removeEventListener');
    await pollUntil(() => true, { interval: 10, immediate: true, clock, signal: ok.signal });
    expect(okRemove).toHaveBeenCalledWith('abort', expect.any(Function));
    expect(remove).toHaveBeenCalled();
  });

  it('propagates condition errors and validates the interval', async () => {
    await expect(
      pollUntil(
        () => {
          throw new Error('bad');
        },
        { interval: 1, immediate: true },
      ),
    ).rejects.toThrow('bad');
    await expect(pollUntil(() => true, { interval: 0 })).rejects.toBeInstanceOf(WaitOptionsError);
  });
});
