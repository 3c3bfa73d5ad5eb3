import { abortError, isAbortError, realClock } from './clock';
import { FakeClock } from './fake-clock';

describe('realClock', () => {
  afterEach(() => jest.useRealTimers());

  it('looks up the timer globals at call time, so jest fake timers drive it', async () => {
    jest.useFakeTimers({ now: 5_000 });
    expect(realClock.now()).toBe(5_000);
    let fired = false;
    const done = realClock.sleep(60_000).then(() => (fired = true));
    jest.advanceTimersByTime(59_999);
    await Promise.resolve();
    expect(fired).toBe(false);
    jest.advanceTimersByTime(1);
    await done;
    expect(fired).toBe(true);
  });

  it('shortens delays beyond what Node timers take instead of firing at once', () => {
    jest.useFakeTimers();
    const fn = jest.fn();
    realClock.setTimeout(fn, 30 * 24 * 3600 * 1000);
    jest.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
    jest.advanceTimersByTime(2 ** 31);
    expect(fn).toHaveBeenCalled();
  });

  it('clearTimeout cancels a timer', () => {
    jest.useFakeTimers();
    const fn = jest.fn();
    const h = realClock.setTimeout(fn, 10);
    realClock.clearTimeout(h);
    jest.advanceTimersByTime(20);
    expect(fn).not.toHaveBeenCalled();
  });

  it('sleep rejects with an AbortError when aborted and removes its listener', async () => {
    jest.useFakeTimers();
    const ctrl = new AbortController();
    const remove = jest.spyOn(ctrl.signal, 'removeEventListener');
    const slept = realClock.sleep(1_000, ctrl.signal);
    ctrl.abort();
    await expect(slept).rejects.toMatchObject({ name: 'AbortError' });
    expect(jest.getTimerCount()).toBe(0);

    const ok = new AbortController();
    const okRemove = jest.spyOn(ok.signal, 'removeEventListener');
    const fine = realClock.sleep(10, ok.signal);
    jest.advanceTimersByTime(10);
    await fine;
    expect(okRemove).toHaveBeenCalledWith('abort', expect.any(Function));
    expect(remove).not.toHaveBeenCalled(); // once: true removed it when it fired
  });
});

describe('abortError / isAbortError', () => {
  it('uses the signal reason when given, else a DOMException AbortError', () => {
    const ctrl = new AbortController();
    const reason = new Error('stop');
    ctrl.abort(reason);
    expect(abortError(ctrl.signal)).toBe(reason);
    const plain = abortError();
    expect(plain).toBeInstanceOf(DOMException);
    expect(isAbortError(plain)).toBe(true);
    expect(isAbortError(reason)).toBe(false);
    expect(isAbortError(null)).toBe(false);
  });
});

describe('FakeClock', () => {
  it('starts at the given time and moves only when stepped', () => {
    const clock = new FakeClock({ now: 1_000 });
    expect(clock.now()).toBe(1_000);
    clock.step(500);
    expect(clock.now()).toBe(1_500);
    expect(new FakeClock().now()).toBe(Date.UTC(2024, 0, 1));
  });

  it('fires due timers in time order, then creation order, each at its due time', () => {
    const clock = new FakeClock({ now: 0 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 30);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`late@${clock.now()}`), 31);
    clock.step(30);
    expect(fired).toEqual(['a@10', 'b@10', 'c@30']);
    expect(clock.waiters()).toBe(1);
    expect(clock.now()).toBe(30);
  });

  it('fires timers set by firing timers when they fall within the step', () => {
    const clock = new FakeClock({ now: 0 });
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.now());
      clock.setTimeout(tick, 10);
    };
    clock.setTimeout(tick, 10);
    clock.step(35);
    expect(fired).toEqual([10, 20, 30]);
    expect(clock.hasWaiters()).toBe(true);
  });

  it('clearTimeout removes a pending timer; zero and negative delays fire on the next step', () => {
    const clock = new FakeClock();
    const fn = jest.fn();
    const h = clock.setTimeout(fn, 5);
    clock.clearTimeout(h);
    clock.clearTimeout(h);
    expect(clock.hasWaiters()).toBe(false);
    clock.setTimeout(fn, -5);
    clock.step(0);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('setTime fires timers moving forward and none moving back', () => {
    const clock = new FakeClock({ now: 100 });
    const fn = jest.fn();
    clock.setTimeout(fn, 50);
    clock.setTime(50);
    expect(fn).not.toHaveBeenCalled();
    expect(clock.now()).toBe(50);
    clock.setTime(149);
    expect(fn).not.toHaveBeenCalled();
    clock.setTime(150);
    expect(fn).toHaveBeenCalled();
  });

  it('sleep resolves when stepped past and rejects on abort, removing its timer', async () => {
    const clock = new FakeClock();
    const slept = clock.sleep(100);
    expect(clock.waiters()).toBe(1);
    clock.step(100);
    await slept;

    const ctrl = new AbortController();
    const aborted = clock.sleep(100, ctrl.signal);
    ctrl.abort(new Error('bye'));
    await expect(aborted).rejects.toThrow('bye');
    expect(clock.hasWaiters()).toBe(false);

    await expect(clock.sleep(1, ctrl.signal)).rejects.toThrow('bye');
    expect(clock.hasWaiters()).toBe(false);
  });

  it('advance lets async loops re-arm their timers within the window', async () => {
    const clock = new FakeClock({ now: 0 });
    const seen: number[] = [];
    const ctrl = new AbortController();
    const loop = (async () => {
      while (!ctrl.signal.aborted) {
        await clock.sleep(10, ctrl.signal).catch(() => undefined);
        seen.push(clock.now());
      }
    })();
    await clock.advance(35);
    expect(seen).toEqual([10, 20, 30]);
    ctrl.abort();
    await loop;
  });

  it('waitForWaiters resolves once the code under test is waiting', async () => {
    const clock = new FakeClock();
    const started = (async () => {
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      await clock.sleep(5);
    })();
    expect(clock.hasWaiters()).toBe(false);
    await expect(clock.waitForWaiters(1)).resolves.toBe(true);
    clock.step(5);
    await started;
    await expect(clock.waitForWaiters(1, { maxTurns: 3 })).resolves.toBe(false);
  });
});
