/**
 * The narrow slice of a clock the REST client needs. Structurally compatible with the Clock of
 * @kubekit/apimachinery, so either that clock or a fake one can be passed in.
 */
export interface RestClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Schedules `fn` after `ms`; returns a handle for {@link RestClock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer from {@link RestClock.setTimeout}. */
  clearTimeout(handle: unknown): void;
}

/** The real clock; calls the globals lazily so jest fake timers still apply. */
export const realClock: RestClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** An AbortError as `AbortSignal.abort()` makes it: the reason a signal aborted with. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Waits `ms` on `clock`; rejects with the signal's reason when it aborts first, and removes its
 * listener either way.
 */
export function sleep(clock: RestClock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (ms <= 0 && !signal) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = clock.setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
