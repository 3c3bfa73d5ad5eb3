import { maxTimerDelayMs, setLongTimeout } from './long-timer';

describe('setLongTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits the whole delay past the 2^31 - 1 ms a plain setTimeout can hold', () => {
    const fired = jest.fn();
    setLongTimeout(fired, 2 * maxTimerDelayMs + 10);
    jest.advanceTimersByTime(maxTimerDelayMs);
    jest.advanceTimersByTime(maxTimerDelayMs);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(10);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires short delays once, and never after clear()', () => {
    const fired = jest.fn();
    setLongTimeout(fired, 5);
    const cleared = jest.fn();
    const timer = setLongTimeout(cleared, 3 * maxTimerDelayMs);
    jest.advanceTimersByTime(maxTimerDelayMs + 1);
    timer.clear();
    jest.advanceTimersByTime(3 * maxTimerDelayMs);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(cleared).not.toHaveBeenCalled();
  });
});
