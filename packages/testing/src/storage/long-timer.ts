import type { Clock } from '@kubekit/apimachinery';

/** Node's largest timer delay, 2^31 - 1 ms (about 24.8 days): a longer one fires at once. */
export const maxTimerDelayMs = 2 ** 31 - 1;

/** A pending {@link setLongTimeout}. */
export interface LongTimer {
  clear(): void;
}

/**
 * `setTimeout` for any delay a client can ask for (a watch's timeoutSeconds, a pod's grace
 * period): waits in steps of at most {@link maxTimerDelayMs}, where a plain `setTimeout` of
 * 2,147,484 s or more would fire after 1 ms. The timer never keeps the process alive.
 * With `clock` (a simulation's virtual clock) the timer is that clock's instead.
 */
export function setLongTimeout(fn: () => void, ms: number, clock?: Clock): LongTimer {
  if (clock) {
    const timer = clock.setTimeout(fn, ms);
    return { clear: () => clock.clearTimeout(timer) };
  }
  let remaining = Number.isFinite(ms) && ms > 0 ? ms : ms === Infinity ? Infinity : 0;
  let handle: NodeJS.Timeout;
  const arm = (): void => {
    const step = Math.min(remaining, maxTimerDelayMs);
    remaining -= step;
    handle = setTimeout(() => (remaining > 0 ? arm() : fn()), step);
    handle.unref();
  };
  arm();
  return { clear: () => clearTimeout(handle) };
}
