import type { Clock } from '../clock';

/** The reason `signal` aborted with, or a standard AbortError when it gave none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Waits `ms` on `clock`. Resolves `true` after the full wait, `false` as soon as `signal` aborts
 * (never rejects: the loops of the elector treat an abort as "stop", not as an error). The
 * abort listener and the timer are removed either way.
 */
export function sleepUnlessAborted(
  clock: Clock,
  ms: number,
  signal: AbortSignal,
): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = () => {
      clock.clearTimeout(timer);
      resolve(false);
    };
    const timer = clock.setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      },
      Math.max(0, ms),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `call` with a signal that aborts after `ms` on `clock` (Go's `context.WithTimeout`), so a
 * hung API call cannot hold the caller forever. The timer is cleared once `call` settles.
 */
export async function callWithin<T>(
  clock: Clock,
  ms: number,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = new AbortController();
  const timer = clock.setTimeout(() => timeout.abort(), ms);
  try {
    return await call(timeout.signal);
  } finally {
    clock.clearTimeout(timer);
  }
}
