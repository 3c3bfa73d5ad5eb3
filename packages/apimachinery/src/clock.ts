/**
 * Injected time (k8s.io/utils/clock): code that waits takes a {@link Clock} so tests can drive
 * time with a FakeClock instead of sleeping.
 *
 * @see https://github.com/kubernetes/utils/blob/master/clock/clock.go
 */

declare const timerHandleBrand: unique symbol;

/** An opaque timer returned by {@link Clock.setTimeout}; only good for {@link Clock.clearTimeout}. */
export type TimerHandle = { readonly [timerHandleBrand]: true };

/** A source of time and timers. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once, `ms` milliseconds from now (0 or less: as soon as possible). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; a handle that already fired or was cleared is ignored. */
  clearTimeout(handle: TimerHandle): void;
  /**
   * Resolves after `ms` milliseconds.
   *
   * @throws the abort reason (by default a `DOMException` named `AbortError`) as soon as
   *   `signal` aborts, or at once when it already has; the timer and the listener are removed.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * What an aborted wait rejects with: `signal.reason` when set, else a `DOMException` named
 * `AbortError` (what `AbortController.abort()` without a reason produces).
 */
export function abortError(signal?: AbortSignal): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** True for an error named `AbortError` (a `DOMException` or any error shaped like one). */
export function isAbortError(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError'
  );
}

/**
 * {@link Clock.sleep} on top of any clock's `setTimeout`/`clearTimeout`: removes its abort
 * listener when the timer fires and its timer when the signal aborts.
 */
export function sleepOn(
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(abortError(signal));
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The longest delay a Node timer takes (larger ones would fire at once). */
const maxTimerDelay = 2 ** 31 - 1;

/**
 * The real clock. Every call looks the globals up when it is made (not when this module loads),
 * so jest's fake timers, installed later, still control it.
 *
 * Caveat: delays beyond 2^31-1 ms (about 24.8 days) are shortened to that, where Node would
 * otherwise fire them at once.
 */
export const realClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn: () => void, ms: number) =>
    globalThis.setTimeout(fn, Math.min(ms, maxTimerDelay)) as unknown as TimerHandle,
  clearTimeout: (handle: TimerHandle) => {
    globalThis.clearTimeout(handle as unknown as ReturnType<typeof globalThis.setTimeout>);
  },
  sleep: (ms: number, signal?: AbortSignal) => sleepOn(realClock, ms, signal),
});
